import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { QUEUE_CONFIG, QueueName, type JobOf } from '@northstar/queues';

/** Answers ping jobs: proves a producer → Redis → consumer round trip end to end. */
@Processor(QueueName.System, { concurrency: QUEUE_CONFIG[QueueName.System].concurrency })
export class HeartbeatProcessor extends WorkerHost {
  async process(job: Job<JobOf<QueueName.System>>) {
    return { pong: job.data.payload.nonce, receivedAt: new Date().toISOString(), pid: process.pid };
  }
}
