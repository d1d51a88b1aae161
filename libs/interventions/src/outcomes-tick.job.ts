import { QueueJob, QueueName, type JobSchedule, type NoPayload } from '@northstar/queues';
import { InterventionEngine } from './intervention-engine';

declare module '@northstar/queues' {
  interface JobDefinitions {
    /** Records whether the customers of 30-day-old firings recovered. */
    'outcomes-tick': { queue: QueueName.Interventions; payload: NoPayload };
  }
}

@QueueJob('outcomes-tick', QueueName.Interventions)
export class OutcomesTickJob {
  constructor(private readonly engine: InterventionEngine) {}

  handle = (): ReturnType<InterventionEngine['outcomesTick']> => this.engine.outcomesTick();

  schedule(): JobSchedule<'outcomes-tick'> {
    return { every: 24 * 60 * 60_000, payload: {} };
  }
}
