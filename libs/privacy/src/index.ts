export * from './privacy.registry';
export * from './privacy.service';
export * from './privacy.module';
export * from './consent.checker';
export * from './tar';
export { CUSTOMERS_CONCERN, PrismaConsentSource } from './concerns/customers.concern';
export { ClickhousePrivacyConcern } from './concerns/clickhouse.concern';
