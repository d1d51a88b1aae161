export * from './privacy.registry';
export * from './privacy.service';
export * from './privacy.module';
export * from './privacy-subject';
export * from './redaction';
export * from './consent.checker';
export * from './prisma-consent-source';
export * from './tar';
export { NO_CUSTOMER_DATA } from './concerns/tables';
