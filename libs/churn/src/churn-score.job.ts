import { QueueJob, QueueName, type JobSchedule, type NoPayload } from '@northstar/queues';
import { ChurnService } from './churn.service';

declare module '@northstar/queues' {
  interface JobDefinitions {
    /** Scores every customer with the active churn model. */
    'churn-score': { queue: QueueName.Analytics; payload: NoPayload };
  }
}

@QueueJob('churn-score', QueueName.Analytics)
export class ChurnScoreJob {
  constructor(private readonly churn: ChurnService) {}

  handle = (): ReturnType<ChurnService['score']> => this.churn.score();

  schedule(): JobSchedule<'churn-score'> {
    return { every: 6 * 60 * 60_000, payload: {} };
  }
}
