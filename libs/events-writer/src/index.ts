export * from './retryable';
export * from './timestamp-memo';
export * from './events-sink';
export * from './events-stored.hooks';
export * from './store-rows.job';
export * from './events-writer.module';
export * from './dead-letter';
