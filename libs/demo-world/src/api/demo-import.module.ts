import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AftercareModule } from '@northstar/aftercare';
import { AppointmentsModule } from '@northstar/appointments';
import { CustomersModule } from '@northstar/customers';
import { IntakeModule } from '@northstar/intake';
import { PaymentsModule } from '@northstar/payments';
import { QuotesModule } from '@northstar/quotes';
import { HistoryReplayService } from '../replay/history-replay.service';
import { DemoAdminController } from './demo-admin.controller';
import { ExistingMessagesService } from './existing-messages.service';
import { OccurredAtInterceptor } from './occurred-at.interceptor';

/** Admin-only import paths: back-dated writes (X-Occurred-At) and the demo world's history replay. */
@Module({
  imports: [CustomersModule, IntakeModule, QuotesModule, AppointmentsModule, PaymentsModule, AftercareModule],
  controllers: [DemoAdminController],
  providers: [HistoryReplayService, ExistingMessagesService, { provide: APP_INTERCEPTOR, useClass: OccurredAtInterceptor }],
})
export class DemoImportModule {}
