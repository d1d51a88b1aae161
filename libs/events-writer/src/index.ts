export * from './retryable';
export * from './timestamp-memo';
export * from './events-sink';
export * from './events-writer.processor';
export * from './dead-letter';
