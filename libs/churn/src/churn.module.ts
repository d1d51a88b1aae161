import { Module } from '@nestjs/common';
import { ChurnController } from './churn.controller';
import { ChurnScoreJob } from './churn-score.job';
import { ChurnService } from './churn.service';
import { ChurnTrainJob } from './churn-train.job';

/** The churn model: training, scoring, their HTTP routes and their Analytics-queue jobs. */
@Module({
  controllers: [ChurnController],
  providers: [ChurnService, ChurnTrainJob, ChurnScoreJob],
  exports: [ChurnService, ChurnTrainJob, ChurnScoreJob],
})
export class ChurnModule {}
