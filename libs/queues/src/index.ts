export * from './queue-registry';
export * from './jobs';
export * from './queues.module';
export * from './redis-connection';
