export * from './queue-registry';
export * from './job-payloads';
export * from './queues.module';
export * from './redis-connection';
export * from './reminder-handlers';
export * from './analytics-handlers';
