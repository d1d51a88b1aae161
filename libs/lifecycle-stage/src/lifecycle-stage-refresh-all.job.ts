import { QueueJob, QueueName, type JobSchedule, type NoPayload } from '@northstar/queues';
import { LifecycleStageService } from './lifecycle-stage.service';

declare module '@northstar/queues' {
  interface JobDefinitions {
    /** Every live customer's stages: time alone moves them (day 30, day 90, 12 months, silence). */
    'lifecycle-stage-refresh-all': { queue: QueueName.Analytics; payload: NoPayload };
  }
}

@QueueJob('lifecycle-stage-refresh-all', QueueName.Analytics)
export class LifecycleStageRefreshAllJob {
  constructor(private readonly stages: LifecycleStageService) {}

  handle = () => this.stages.refreshAll();

  schedule(): JobSchedule<'lifecycle-stage-refresh-all'> {
    return { every: 60 * 60_000, payload: {} };
  }
}
