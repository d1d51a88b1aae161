export * from './consistency-facts';
export * from './consistency-compare';
export * from './consistency.sql';
export * from './consistency.schemas';
export * from './consistency.service';
export * from './consistency-report';
export * from './consistency.module';
