import { randomBytes } from 'node:crypto';
import { resetConfigCache } from '@northstar/config';
import { createDatabaseFromTemplate, dropDatabase, ensureTemplateDatabase } from './template-database';

export interface TestEnvironment {
  /** Unique suffix of this environment's Postgres db, ClickHouse db and queue prefix. */
  id: string;
  databaseUrl: string;
  clickhouseDatabase: string;
  queuePrefix: string;
  /** Drops the Postgres database (ClickHouse databases die with the test's temp folder). */
  teardown(): Promise<void>;
}

/**
 * Gives a test file its own Postgres database (cloned from the migrated
 * template), its own ClickHouse database and its own BullMQ key prefix, and points
 * the platform's configuration at them. Call in beforeAll, before creating apps.
 */
export async function createTestEnvironment(overrides: Record<string, string> = {}): Promise<TestEnvironment> {
  const id = `${process.pid}_${randomBytes(4).toString('hex')}`;
  const template = process.env.NS_TEST_TEMPLATE_DB ?? (await ensureTemplateDatabase());
  const pgName = `ns_test_${id}`;
  const databaseUrl = await createDatabaseFromTemplate(template, pgName);
  const env = {
    DATABASE_URL: databaseUrl,
    CLICKHOUSE_DATABASE: `ns_test_${id}`,
    QUEUE_PREFIX: `nstest:${id}`,
    RUN_MODE: 'all-in-one',
    SERVE_DASHBOARD: 'false',
    ...overrides,
  };
  Object.assign(process.env, env);
  resetConfigCache();
  return {
    id,
    databaseUrl,
    clickhouseDatabase: env.CLICKHOUSE_DATABASE,
    queuePrefix: env.QUEUE_PREFIX,
    async teardown() {
      await dropDatabase(pgName).catch(() => undefined);
    },
  };
}
