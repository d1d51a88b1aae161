export * from './lifecycle-events';
export * from './event-row';
export * from './clickhouse-time';
export * from './event-ids';
