import type { DynamicModule } from '@nestjs/common';
import { ReadinessModule } from './readiness/readiness.module';
import { AnalyticsModule } from '@northstar/analytics';
import { CustomersModule } from '@northstar/customers';
import { IntakeModule } from '@northstar/intake';
import { IngestionModule } from '@northstar/ingestion';
import { EventsWriterModule } from '@northstar/events-writer';
import { EventsQueryModule } from '@northstar/events-query';
import { OutboxModule } from '@northstar/outbox';
import { MailModule } from '@northstar/mail';
import { IdentityModule } from '@northstar/identity';
import { AccessModule } from '@northstar/access';
import { AuditModule } from '@northstar/audit';
import { PrivacyModule } from '@northstar/privacy';
import { QuotesModule } from '@northstar/quotes';
import { AppointmentsModule } from '@northstar/appointments';
import { InvoicesModule } from '@northstar/invoices';
import { PaymentsModule } from '@northstar/payments';
import { ProjectsModule } from '@northstar/projects';
import { AftercareModule } from '@northstar/aftercare';
import { DemoImportModule } from '@northstar/demo-world';
import { ConsistencyModule } from '@northstar/consistency';
import { HealthScoreModule } from '@northstar/health';
import { ChurnModule } from '@northstar/churn';
import { SegmentsModule } from '@northstar/segments';
import { InterventionsModule } from '@northstar/interventions';

/**
 * Every concern's Nest module, in one list. The API serves their controllers; the
 * workers process loads the same modules so the job classes they provide (quote
 * expiry, invoice reminders, mail, the ClickHouse writer, …) exist wherever the
 * queues are consumed.
 */
export const FEATURE_MODULES: NonNullable<DynamicModule['imports']> = [AccessModule, AuditModule, PrivacyModule, ReadinessModule, MailModule, OutboxModule, IdentityModule, IngestionModule, EventsWriterModule, EventsQueryModule, CustomersModule, IntakeModule, QuotesModule, AppointmentsModule, AnalyticsModule, InvoicesModule, PaymentsModule, ProjectsModule, AftercareModule, DemoImportModule, ConsistencyModule, HealthScoreModule, ChurnModule, SegmentsModule, InterventionsModule];
