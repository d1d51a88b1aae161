import { Logger } from '@nestjs/common';
import { QueueJob, QueueName, type NoPayload, type QueueJobHandler } from '@northstar/queues';
import { QuoteService } from './quote.service';
import { QuoteDeliveryService } from './quote-delivery.service';

declare module '@northstar/queues' {
  interface JobDefinitions {
    /** Expiry and follow-up of open quotes, on the schedule of QUOTE_SWEEP_EVERY_MS. */
    'sweep-quotes': { queue: QueueName.Reminders; payload: NoPayload };
  }
}

/**
 * Expiry and follow-up: a repeatable job on the Reminders queue (its schedule, from
 * the quotes settings, is upserted by the queue's processor, so restarts and several
 * instances keep exactly one) expires open quotes past validity and mails one
 * follow-up for quotes viewed but undecided after N days.
 */
@QueueJob('sweep-quotes', QueueName.Reminders)
export class SweepQuotesJob implements QueueJobHandler<'sweep-quotes'> {
  private readonly logger = new Logger('QuoteSweep');

  constructor(
    private readonly quotes: QuoteService,
    private readonly delivery: QuoteDeliveryService,
  ) {}

  schedule() {
    return { every: this.quotes.settings.sweepEveryMs, payload: {} };
  }

  handle() {
    return this.run();
  }

  async run(now = new Date()): Promise<{ expired: number; followedUp: number }> {
    let expired = 0;
    for (const { id } of await this.quotes.dueForExpiry(now)) if (await this.quotes.expire(id, now)) expired++;
    let followedUp = 0;
    for (const q of await this.quotes.dueForFollowUp(now)) {
      // mark first: a crash between the two at worst skips one courtesy mail, never sends two
      if (!(await this.quotes.markFollowedUp(q.id))) continue;
      await this.delivery.followUp(q);
      followedUp++;
    }
    if (expired || followedUp) this.logger.log(`expired ${expired}, follow-ups ${followedUp}`);
    return { expired, followedUp };
  }
}
