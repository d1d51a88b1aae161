import { Module, Optional, Inject } from '@nestjs/common';
import { ClickhouseService } from '@northstar/clickhouse';
import { LifecycleTransaction } from '@northstar/outbox';
import { MailService } from '@northstar/mail';
import { PrismaService } from '@northstar/prisma';
import { DeskController, IntelligenceController } from './intelligence.controller';
import { createIntelligenceServices, INTELLIGENCE } from './intelligence.factory';
import { INTERVENTION_MESSENGER, type InterventionMessenger } from './messenger';

class IntelligenceDeps {
  constructor(
    readonly clickhouse: ClickhouseService,
    readonly prisma: PrismaService,
    @Optional() readonly lifecycle?: LifecycleTransaction,
    @Optional() @Inject(INTERVENTION_MESSENGER) readonly messenger?: InterventionMessenger,
    @Optional() readonly mail?: MailService,
  ) {}
}

/** HTTP: health, churn, segments, rules, at-risk desk (listed in the API's FEATURES). */
@Module({
  controllers: [IntelligenceController, DeskController],
  providers: [
    IntelligenceDeps,
    { provide: INTELLIGENCE, useFactory: (d: IntelligenceDeps) => createIntelligenceServices(d), inject: [IntelligenceDeps] },
  ],
  exports: [INTELLIGENCE],
})
export class IntelligenceModule {}
