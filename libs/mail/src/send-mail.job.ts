import { Inject, Logger, Optional } from '@nestjs/common';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { loadConfig } from '@northstar/config';
import { QUEUE_CONFIG, QueueName, type JobOf } from '@northstar/queues';
import { MAIL_TRANSPORT, MailTransport, type MailMessage } from './mail.types';
import { createMailTransport } from './smtp-mail.transport';
import { notificationHandler } from './notification-handlers';

/** Delivers queued notifications; a throw makes BullMQ retry with the queue's backoff. */
@Processor(QueueName.Notifications, { concurrency: QUEUE_CONFIG[QueueName.Notifications].concurrency })
export class NotificationsProcessor extends WorkerHost {
  private readonly logger = new Logger('Notifications');
  private readonly transport: MailTransport;

  constructor(@Optional() @Inject(MAIL_TRANSPORT) transport?: MailTransport) {
    super();
    // The standalone workers app does not import MailModule; build the transport from config.
    this.transport = transport ?? createMailTransport(loadConfig());
  }

  async process(job: Job<JobOf<QueueName.Notifications>>) {
    const { type, payload } = job.data;
    if (type === 'ping') return { pong: (payload as { nonce: string }).nonce };
    if (type === 'mail') {
      const m = payload as unknown as MailMessage;
      try {
        return await this.transport.deliver(m);
      } catch (e) {
        this.logger.warn(`mail to ${String(m.to)} failed (attempt ${job.attemptsMade + 1}): ${(e as Error).message}`);
        throw e;
      }
    }
    const handler = notificationHandler(type);
    if (!handler) throw new Error(`notifications: no handler for job type '${type}'`);
    return handler(payload);
  }
}
