export * from './clickhouse-client.factory';
export * from './clickhouse.module';
export * from './clickhouse.service';
export * from './migration-runner';
export * from './migration-template';
