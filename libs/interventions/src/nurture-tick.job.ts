import { QueueJob, QueueName, type JobSchedule, type NoPayload } from '@northstar/queues';
import { DeskService } from './desk.service';
import { InterventionEngine } from './intervention-engine';

declare module '@northstar/queues' {
  interface JobDefinitions {
    /** Reopens snoozed desk tasks whose time has come, then sends the nurture steps that are due. */
    'nurture-tick': { queue: QueueName.Interventions; payload: NoPayload };
  }
}

@QueueJob('nurture-tick', QueueName.Interventions)
export class NurtureTickJob {
  constructor(
    private readonly engine: InterventionEngine,
    private readonly desk: DeskService,
  ) {}

  handle = async () => {
    const wokeTasks = await this.desk.wakeSnoozed();
    return { ...(await this.engine.nurtureTick()), wokeTasks };
  };

  schedule(): JobSchedule<'nurture-tick'> {
    return { every: 5 * 60_000, payload: {} };
  }
}
