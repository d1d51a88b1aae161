import { Inject, Injectable } from '@nestjs/common';
import { isReplayingHistory } from '@northstar/outbox';
import { JobProducer, QueueName } from '@northstar/queues';
import { MAIL_TRANSPORT, MailTransport, type DeliveryResult, type MailMessage } from './mail.types';

export interface SendOptions {
  /** Idempotency key: a second send with the same key while the first is kept is a no-op. */
  key?: string;
  delayMs?: number;
}

/**
 * The one mail interface. `send` queues the message on QueueName.Notifications; the
 * worker delivers it over SMTP with the queue's retries (8 attempts, exponential from
 * 2 s ≈ 8.5 min) and keeps failures (removeOnFail: false) for replay — an SMTP outage
 * delays mail, it does not lose it. Call `send` AFTER the transaction that decided to
 * mail commits, so a rolled-back change never mails.
 */
/**
 * The BullMQ job id of a keyed mail. BullMQ refuses a custom id with ':' unless it
 * has exactly three ':'-separated parts, so the key is percent-encoded (':' → %3A)
 * and joined with '-': any key is valid and two different keys never share an id.
 */
export function mailJobId(key: string): string {
  return `mail-${encodeURIComponent(key)}`;
}

@Injectable()
export class MailService {
  constructor(
    private readonly jobs: JobProducer,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
  ) {}

  /** Queues the message; returns its job id ('' for replayed history, which mails nobody: see replayAt). */
  async send(message: MailMessage, opts: SendOptions = {}): Promise<string> {
    if (isReplayingHistory()) return '';
    const job = await this.jobs.add(QueueName.Notifications, 'send-mail', message, {
      jobId: opts.key ? mailJobId(opts.key) : undefined,
      delay: opts.delayMs,
    });
    return String(job.id);
  }

  /** Synchronous delivery, bypassing the queue (used by the worker and by tooling). */
  deliverNow(message: MailMessage): Promise<DeliveryResult> {
    return this.transport.deliver(message);
  }
}
