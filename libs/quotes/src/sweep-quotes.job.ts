import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { QueueName, registerReminderHandler } from '@northstar/queues';
import { QuoteService } from './quote.service';
import { QuoteDeliveryService } from './quote-delivery.service';

export const QUOTE_SWEEP_JOB = 'quotes-sweep';

/**
 * Expiry and follow-up: a repeatable job on the Reminders queue (declared with
 * upsertJobScheduler, so restarts and several API instances keep exactly one
 * schedule) expires open quotes past validity and mails one follow-up for quotes
 * viewed but undecided after N days.
 */
@Injectable()
export class QuoteSweep implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('QuoteSweep');

  constructor(
    private readonly quotes: QuoteService,
    private readonly delivery: QuoteDeliveryService,
    @InjectQueue(QueueName.Reminders) private readonly reminders: Queue,
  ) {}

  onModuleInit() {
    registerReminderHandler(QUOTE_SWEEP_JOB, () => this.run());
  }

  async onApplicationBootstrap() {
    await this.reminders.upsertJobScheduler(QUOTE_SWEEP_JOB, { every: this.quotes.settings.sweepEveryMs }, { name: QUOTE_SWEEP_JOB, data: { type: QUOTE_SWEEP_JOB, payload: {} } });
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
