import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@northstar/config';
import { PaymentsController } from './payments.controller';
import { PaymentsService } from './payments.service';
import { STRIPE, createStripe } from './stripe-client';

/** Stripe and manual payments, refunds, history. Needs InvoicesModule (global). */
@Module({
  controllers: [PaymentsController],
  providers: [PaymentsService, { provide: STRIPE, useFactory: (c: AppConfig) => createStripe(c), inject: [APP_CONFIG] }],
  exports: [PaymentsService, STRIPE],
})
export class PaymentsModule {}
