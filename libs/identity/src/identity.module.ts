import { Global, Module } from '@nestjs/common';
import { CUSTOMER_RESOLVER, PostgresCustomerResolver } from './customer-resolver';

/** Provides the customer resolver; override CUSTOMER_RESOLVER to plug another lookup. */
@Global()
@Module({
  providers: [PostgresCustomerResolver, { provide: CUSTOMER_RESOLVER, useExisting: PostgresCustomerResolver }],
  exports: [CUSTOMER_RESOLVER],
})
export class IdentityModule {}
