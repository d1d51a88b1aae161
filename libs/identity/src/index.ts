export * from './customer-resolver';
export * from './identity-links';
export * from './identity.sql';
export * from './identity.module';
export * from './person-overrides';
