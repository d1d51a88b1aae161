import { Global, Logger, Module, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { BillingHooks, registerOnQuoteAccepted } from '@northstar/invoices';
import { ProjectHooks } from './project-hooks';
import { ProjectsController } from './projects.controller';
import { ProjectsService } from './projects.service';
import { ProjectStatusUpdateJob } from './project-status-update.job';

/** Projects: authorization by deposit, milestones, time, change orders, completion. Needs InvoicesModule. */
@Global()
@Module({ controllers: [ProjectsController], providers: [ProjectsService, ProjectHooks, ProjectStatusUpdateJob], exports: [ProjectsService, ProjectHooks] })
export class ProjectsModule implements OnModuleInit {
  private readonly logger = new Logger('ProjectsModule');
  constructor(
    private readonly projects: ProjectsService,
    private readonly billing: BillingHooks,
    private readonly moduleRef: ModuleRef,
  ) {}

  onModuleInit() {
    this.billing.onInvoicePaid('project-authorization', (ctx, inv) => this.projects.onInvoicePaid(ctx, inv));
    const ok = registerOnQuoteAccepted(this.moduleRef, 'project', async (tx, q, emit) => {
      await this.projects.createFromQuote(tx, emit, q.raw, !!q.emergency);
    });
    if (!ok) this.logger.warn('quotes module not loaded: accepted quotes will not create projects');
  }
}
