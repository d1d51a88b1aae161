import { Module, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { BillingHooks } from '@northstar/invoices';
import { ProjectHooks } from '@northstar/projects';
import { QueueName, registerReminderHandler } from '@northstar/queues';
import { AftercareController } from './aftercare.controller';
import { AftercareService } from './aftercare.service';

export const LOYALTY_MAINTENANCE_JOB = 'loyalty-maintenance';

/** Tickets, surveys, loyalty, referrals. Needs InvoicesModule and ProjectsModule (global). */
@Module({ controllers: [AftercareController], providers: [AftercareService], exports: [AftercareService] })
export class AftercareModule implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly care: AftercareService,
    private readonly billing: BillingHooks,
    private readonly projects: ProjectHooks,
    @InjectQueue(QueueName.Reminders) private readonly reminders: Queue,
  ) {}

  onModuleInit() {
    this.billing.onInvoicePaid('referral-reward', (ctx, inv) => this.care.onInvoicePaid(ctx, inv));
    this.projects.onCompleted('aftercare', (ctx, p) => this.care.onProjectCompleted(ctx, p));
    registerReminderHandler(LOYALTY_MAINTENANCE_JOB, async () => ({ ...(await this.care.expirePoints()), ...(await this.care.awardAnniversaries()) }));
  }

  async onApplicationBootstrap() {
    // Daily: expire points past their date, award anniversaries (one schedule however many instances run).
    await this.reminders.upsertJobScheduler(LOYALTY_MAINTENANCE_JOB, { pattern: '15 3 * * *' }, { name: LOYALTY_MAINTENANCE_JOB, data: { type: LOYALTY_MAINTENANCE_JOB, payload: {} } });
  }
}
