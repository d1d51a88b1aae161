import { Global, Logger, Module, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { DocumentsModule } from '@northstar/documents';
import { BillingHooks } from './billing-hooks';
import { InvoicesController } from './invoices.controller';
import { InvoicesService } from './invoices.service';
import { InvoiceReminderJob } from './invoice-reminder.job';
import { registerOnQuoteAccepted } from './quote-hook';

/** Invoices, deposits, credit notes, PDFs and collections. Needs AccessModule, MailModule (global) and the queues. */
@Global()
@Module({
  imports: [DocumentsModule],
  controllers: [InvoicesController],
  providers: [InvoicesService, BillingHooks, InvoiceReminderJob],
  exports: [InvoicesService, BillingHooks],
})
export class InvoicesModule implements OnModuleInit {
  private readonly logger = new Logger('InvoicesModule');
  constructor(
    private readonly invoices: InvoicesService,
    private readonly moduleRef: ModuleRef,
  ) {}

  onModuleInit() {
    const ok = registerOnQuoteAccepted(this.moduleRef, 'deposit-invoice', async (tx, quote) => {
      await this.invoices.createDepositFromQuote(tx, quote);
    });
    if (!ok) this.logger.warn('quotes module not loaded: accepted quotes will not produce deposit invoices');
  }
}
