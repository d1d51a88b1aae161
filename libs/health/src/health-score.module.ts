import { Module } from '@nestjs/common';
import { AnalyticsCacheModule } from '@northstar/analytics';
import { EventsStoredHooksModule } from '@northstar/events-writer';
import { HealthEventsSubscriber } from './events-stored.subscriber';
import { HealthDrainJob } from './health-drain.job';
import { HealthRecomputeAllJob } from './health-recompute-all.job';
import { HealthRecomputeRequests } from './health-recompute-requests';
import { HealthScoreController } from './health-score.controller';
import { HealthScoreService } from './health-score.service';

/** Customer and account health: the score service, its HTTP reads and its Analytics-queue jobs. */
@Module({
  imports: [AnalyticsCacheModule, EventsStoredHooksModule],
  controllers: [HealthScoreController],
  providers: [HealthScoreService, HealthRecomputeRequests, HealthEventsSubscriber, HealthRecomputeAllJob, HealthDrainJob],
  exports: [HealthScoreService, HealthRecomputeRequests, HealthRecomputeAllJob],
})
export class HealthScoreModule {}
