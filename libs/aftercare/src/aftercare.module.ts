import { Module, type OnModuleInit } from '@nestjs/common';
import { BillingHooks } from '@northstar/invoices';
import { ProjectHooks } from '@northstar/projects';
import { AftercareController } from './aftercare.controller';
import { AftercareService } from './aftercare.service';
import { LoyaltyMaintenanceJob } from './loyalty-maintenance.job';

/** Tickets, surveys, loyalty, referrals. Needs InvoicesModule and ProjectsModule (global). */
@Module({ controllers: [AftercareController], providers: [AftercareService, LoyaltyMaintenanceJob], exports: [AftercareService] })
export class AftercareModule implements OnModuleInit {
  constructor(
    private readonly care: AftercareService,
    private readonly billing: BillingHooks,
    private readonly projects: ProjectHooks,
  ) {}

  onModuleInit() {
    this.billing.onInvoicePaid('referral-reward', (ctx, inv) => this.care.onInvoicePaid(ctx, inv));
    this.projects.onCompleted('aftercare', (ctx, p) => this.care.onProjectCompleted(ctx, p));
  }
}
