import { QueueJob, QueueName, type JobSchedule, type NoPayload } from '@northstar/queues';
import { HealthScoreService, type HealthRunSummary } from './health-score.service';

declare module '@northstar/queues' {
  interface JobDefinitions {
    /** Every customer's and account's health, as of now. */
    'health-recompute-all': { queue: QueueName.Analytics; payload: NoPayload };
  }
}

@QueueJob('health-recompute-all', QueueName.Analytics)
export class HealthRecomputeAllJob {
  constructor(private readonly health: HealthScoreService) {}

  handle = (): Promise<HealthRunSummary> => this.health.recompute();

  schedule(): JobSchedule<'health-recompute-all'> {
    return { every: 60 * 60_000, payload: {} };
  }
}
