import { QueueJob, QueueName } from '@northstar/queues';
import { LifecycleStageService } from './lifecycle-stage.service';

declare module '@northstar/queues' {
  interface JobDefinitions {
    /** Re-derives the stages of the customers whose lifecycle events just reached ClickHouse. */
    'lifecycle-stage-refresh': { queue: QueueName.Analytics; payload: { customerIds: string[] } };
  }
}

@QueueJob('lifecycle-stage-refresh', QueueName.Analytics)
export class LifecycleStageRefreshJob {
  constructor(private readonly stages: LifecycleStageService) {}

  handle = (payload: { customerIds: string[] }) => this.stages.refresh(payload.customerIds);
}
