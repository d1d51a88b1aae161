import { QueueJob, QueueName, type NoPayload } from '@northstar/queues';
import { HealthRecomputeRequests } from './health-recompute-requests';
import { HealthScoreService, type HealthRunSummary } from './health-score.service';

declare module '@northstar/queues' {
  interface JobDefinitions {
    /** Recomputes the customers whose recompute was requested since the last drain (debounced, no schedule). */
    'health-drain': { queue: QueueName.Analytics; payload: NoPayload };
  }
}

@QueueJob('health-drain', QueueName.Analytics)
export class HealthDrainJob {
  constructor(
    private readonly requests: HealthRecomputeRequests,
    private readonly health: HealthScoreService,
  ) {}

  handle = async (): Promise<HealthRunSummary | { customers: 0 }> => {
    const ids = await this.requests.takePending();
    return ids.length ? this.health.recompute({ customerIds: ids }) : { customers: 0 };
  };
}
