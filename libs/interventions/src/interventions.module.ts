import { Module } from '@nestjs/common';
import { ChurnModule } from '@northstar/churn';
import { HealthScoreModule } from '@northstar/health';
import { MailModule } from '@northstar/mail';
import { OutboxModule } from '@northstar/outbox';
import { SegmentsModule } from '@northstar/segments';
import { DeskController } from './desk.controller';
import { DeskService } from './desk.service';
import { IntelligenceJobsController } from './intelligence-jobs.controller';
import { InterventionActions } from './intervention-actions.service';
import { InterventionEngine } from './intervention-engine';
import { InterventionsController } from './interventions.controller';
import { InterventionsEvaluateJob } from './interventions-evaluate.job';
import { NurtureTickJob } from './nurture-tick.job';
import { OutcomesTickJob } from './outcomes-tick.job';

/**
 * The rule engine and what it does (tasks, messages, webhooks, nurture, outcomes),
 * the at-risk desk, their Interventions-queue jobs, and the admin "run now" over
 * every intelligence job. Health, churn and segments come from their own modules.
 */
@Module({
  imports: [HealthScoreModule, ChurnModule, SegmentsModule, MailModule, OutboxModule],
  controllers: [InterventionsController, IntelligenceJobsController, DeskController],
  providers: [InterventionActions, InterventionEngine, DeskService, InterventionsEvaluateJob, NurtureTickJob, OutcomesTickJob],
  exports: [InterventionEngine, DeskService],
})
export class InterventionsModule {}
