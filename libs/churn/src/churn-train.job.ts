import { QueueJob, QueueName, type JobSchedule, type NoPayload } from '@northstar/queues';
import { ChurnService } from './churn.service';

declare module '@northstar/queues' {
  interface JobDefinitions {
    /** Fits a new churn model on the history so far and makes it the active one. */
    'churn-train': { queue: QueueName.Analytics; payload: NoPayload };
  }
}

@QueueJob('churn-train', QueueName.Analytics)
export class ChurnTrainJob {
  constructor(private readonly churn: ChurnService) {}

  handle = async (): Promise<{ version: number; auc: number }> => {
    const m = await this.churn.train();
    return { version: m.version, auc: m.auc };
  };

  schedule(): JobSchedule<'churn-train'> {
    return { every: 7 * 24 * 60 * 60_000, payload: {} };
  }
}
