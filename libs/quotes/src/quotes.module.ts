import { Module } from '@nestjs/common';
import { DocumentsModule } from '@northstar/documents';
import { MailModule } from '@northstar/mail';
import { QUOTES_SETTINGS, loadQuotesSettings } from './quotes-settings';
import { QuoteService } from './quote.service';
import { QuoteDeliveryService } from './quote-delivery.service';
import { QuoteAcceptedHandlers } from './quote-accepted-handlers';
import { SweepQuotesJob } from './sweep-quotes.job';
import { QuotesController } from './quotes.controller';
import { CustomerQuotesController } from './customer-quotes.controller';

/** Quotes over HTTP (staff and customer link), their delivery and the expiry/follow-up sweep. Needs MailModule and AccessModule (global). */
@Module({
  imports: [MailModule, DocumentsModule],
  controllers: [QuotesController, CustomerQuotesController],
  providers: [{ provide: QUOTES_SETTINGS, useFactory: () => loadQuotesSettings() }, QuoteService, QuoteDeliveryService, QuoteAcceptedHandlers, SweepQuotesJob],
  exports: [QuoteService, QuoteAcceptedHandlers, QuoteDeliveryService, QUOTES_SETTINGS],
})
export class QuotesModule {}
