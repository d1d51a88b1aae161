import path from 'node:path';

// Every test process gets its own embedded ClickHouse folder: chdb allows one
// data folder per process and one process per folder (Jest workers are processes).
// Test files isolate further by ClickHouse database, Postgres database and queue prefix.
process.env.NODE_ENV = 'test';
process.env.LOG_LEVEL ??= 'warn';
process.env.CLICKHOUSE_DATA_DIR ??= path.resolve(__dirname, '../../../tmp/chdb-test', String(process.pid));
