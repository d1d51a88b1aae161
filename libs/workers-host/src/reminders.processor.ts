import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { QUEUE_CONFIG, QueueName, reminderHandler, type JobOf } from '@northstar/queues';

/** Dispatches Reminders jobs by type to the handlers concerns registered (libs/queues reminder-handlers). */
@Processor(QueueName.Reminders, { concurrency: QUEUE_CONFIG[QueueName.Reminders].concurrency })
export class RemindersProcessor extends WorkerHost {
  async process(job: Job<JobOf<QueueName.Reminders>>) {
    const { type, payload } = job.data;
    if (type === 'ping') return { pong: (payload as { nonce: string }).nonce };
    const handler = reminderHandler(type);
    if (!handler) throw new Error(`reminders: no handler for job type '${type}'`);
    return handler(payload, { id: job.id, name: job.name });
  }
}
