import { Global, Module } from '@nestjs/common';
import { AuditPrivacyConcern } from './concerns/audit.concern';
import { ClickhousePrivacyConcern } from './concerns/clickhouse.concern';
import { CustomersPrivacyConcern, PrismaConsentSource } from './concerns/customers.concern';
import { CONSENT_SOURCE, ConsentChecker, ERASURE_LOOKUP } from './consent.checker';
import { PrivacyController } from './privacy.controller';
import { PrivacyRegistry } from './privacy.registry';
import { PrivacyService } from './privacy.service';

/**
 * Export/erasure registry and the consent checker. Global, so any concern's
 * module can inject PrivacyRegistry to register itself and any sender can inject
 * ConsentChecker.
 */
@Global()
@Module({
  controllers: [PrivacyController],
  providers: [
    PrivacyRegistry,
    PrivacyService,
    ClickhousePrivacyConcern,
    AuditPrivacyConcern,
    CustomersPrivacyConcern,
    ConsentChecker,
    { provide: CONSENT_SOURCE, useClass: PrismaConsentSource },
    { provide: ERASURE_LOOKUP, useExisting: PrivacyService },
  ],
  exports: [PrivacyRegistry, PrivacyService, ConsentChecker],
})
export class PrivacyModule {}
