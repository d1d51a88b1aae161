import { Global, Module } from '@nestjs/common';
import { AuditPrivacyConcern } from './concerns/audit.concern';
import { ClickhousePrivacyConcern } from './concerns/clickhouse.concern';
import { FilesPrivacyConcern } from './concerns/files.concern';
import { PostgresPrivacyConcerns } from './concerns/postgres.concern';
import { QueuesPrivacyConcern } from './concerns/queues.concern';
import { CONSENT_SOURCE, ConsentChecker, ERASURE_LOOKUP } from './consent.checker';
import { PrismaConsentSource } from './prisma-consent-source';
import { PrivacyController } from './privacy.controller';
import { PrivacySubjectResolver } from './privacy-subject';
import { PrivacyRegistry } from './privacy.registry';
import { PrivacyService } from './privacy.service';

/**
 * Export/erasure registry with a concern for every store of personal data (Postgres
 * tables by owning lib, uploaded files, Redis, ClickHouse, the audit trail) and the
 * consent checker. Global, so any sender can inject ConsentChecker.
 */
@Global()
@Module({
  controllers: [PrivacyController],
  providers: [
    PrivacyRegistry,
    PrivacyService,
    PrivacySubjectResolver,
    PostgresPrivacyConcerns,
    FilesPrivacyConcern,
    QueuesPrivacyConcern,
    ClickhousePrivacyConcern,
    AuditPrivacyConcern,
    ConsentChecker,
    { provide: CONSENT_SOURCE, useClass: PrismaConsentSource },
    { provide: ERASURE_LOOKUP, useExisting: PrivacyService },
  ],
  exports: [PrivacyRegistry, PrivacyService, ConsentChecker],
})
export class PrivacyModule {}
