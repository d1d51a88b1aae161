import { QueueJob, QueueName, type JobSchedule, type NoPayload } from '@northstar/queues';
import { SegmentService } from './segment.service';

declare module '@northstar/queues' {
  interface JobDefinitions {
    /** Reassigns every customer to its segments and snapshots the segment sizes. */
    'segments-recompute': { queue: QueueName.Analytics; payload: NoPayload };
  }
}

@QueueJob('segments-recompute', QueueName.Analytics)
export class SegmentsRecomputeJob {
  constructor(private readonly segments: SegmentService) {}

  handle = (): ReturnType<SegmentService['recompute']> => this.segments.recompute();

  schedule(): JobSchedule<'segments-recompute'> {
    return { every: 6 * 60 * 60_000, payload: {} };
  }
}
