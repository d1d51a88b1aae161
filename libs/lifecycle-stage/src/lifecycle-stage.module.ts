import { Module } from '@nestjs/common';
import { EventsStoredHooksModule } from '@northstar/events-writer';
import { LifecycleStageEventsSubscriber } from './events-stored.subscriber';
import { LifecycleStageRefreshAllJob } from './lifecycle-stage-refresh-all.job';
import { LifecycleStageRefreshJob } from './lifecycle-stage-refresh.job';
import { LifecycleStageService } from './lifecycle-stage.service';

/** Customer lifecycle stages: derived from records, stored, announced; its Analytics-queue jobs. */
@Module({
  imports: [EventsStoredHooksModule],
  providers: [LifecycleStageService, LifecycleStageEventsSubscriber, LifecycleStageRefreshJob, LifecycleStageRefreshAllJob],
  exports: [LifecycleStageService],
})
export class LifecycleStageModule {}
