import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { QueueJob, QueueName, type QueueJobHandler } from '@northstar/queues';
import { MailService } from './mail.service';
import type { MailMessage } from './mail.types';

declare module '@northstar/queues' {
  interface JobDefinitions {
    /** One message to deliver over the mail transport (job id `mailJobId(key)` when the sender gave a key). */
    'send-mail': { queue: QueueName.Notifications; payload: MailMessage };
  }
}

/** Delivers a queued message; a throw makes BullMQ retry with the queue's backoff. */
@QueueJob('send-mail', QueueName.Notifications)
export class SendMailJob implements QueueJobHandler<'send-mail'> {
  private readonly logger = new Logger('Notifications');

  constructor(private readonly mail: MailService) {}

  async handle(m: MailMessage, job: Job<MailMessage>) {
    try {
      return await this.mail.deliverNow(m);
    } catch (e) {
      this.logger.warn(`mail to ${String(m.to)} failed (attempt ${job.attemptsMade + 1}): ${(e as Error).message}`);
      throw e;
    }
  }
}
