import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule, loadConfig } from '@northstar/config';
import { PrismaModule } from '@northstar/prisma';
import { ClickhouseModule } from '@northstar/clickhouse';
import { QueuesModule } from '@northstar/queues';
import { WorkersHostModule } from '@northstar/workers-host';
import { HealthModule } from './health/health.module';
import { AnalyticsModule } from '@northstar/analytics';
import { CustomersModule } from '@northstar/customers';
import { IntakeModule } from '@northstar/intake';
import { IngestionModule } from '@northstar/ingestion';
import { EventsQueryModule } from '@northstar/events-query';
import { OutboxModule } from '@northstar/outbox';
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
import { IntelligenceModule } from '@northstar/interventions';

/** Feature modules served over HTTP. Each lives in its own lib; this is wiring only. */
const FEATURES: DynamicModule['imports'] = [AccessModule, AuditModule, PrivacyModule, HealthModule, OutboxModule, IdentityModule, IngestionModule, EventsQueryModule, CustomersModule, IntakeModule, QuotesModule, AppointmentsModule, AnalyticsModule, InvoicesModule, PaymentsModule, ProjectsModule, AftercareModule, DemoImportModule, IntelligenceModule];

@Module({})
export class AppModule {
  static forRoot(): DynamicModule {
    const config = loadConfig();
    const allInOne = config.RUN_MODE === 'all-in-one';
    return {
      module: AppModule,
      imports: [
        ConfigModule,
        PrismaModule,
        ClickhouseModule,
        QueuesModule.forRoot(),
        ...(FEATURES ?? []),
        ...(allInOne ? [WorkersHostModule.forRoot()] : []),
      ],
    };
  }
}
