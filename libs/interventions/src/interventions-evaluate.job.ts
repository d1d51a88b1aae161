import { QueueJob, QueueName, type JobSchedule, type NoPayload } from '@northstar/queues';
import { InterventionEngine, type EvaluationSummary } from './intervention-engine';

declare module '@northstar/queues' {
  interface JobDefinitions {
    /** Evaluates every enabled rule against every customer and fires interventions. */
    'interventions-evaluate': { queue: QueueName.Interventions; payload: NoPayload };
  }
}

@QueueJob('interventions-evaluate', QueueName.Interventions)
export class InterventionsEvaluateJob {
  constructor(private readonly engine: InterventionEngine) {}

  handle = (): Promise<EvaluationSummary> => this.engine.evaluate();

  schedule(): JobSchedule<'interventions-evaluate'> {
    return { every: 15 * 60_000, payload: {} };
  }
}
