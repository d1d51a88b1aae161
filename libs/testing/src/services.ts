import { Client } from 'pg';
import { Redis } from 'ioredis';

export const START_POSTGRES = 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start';
export const START_REDIS = 'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no';

export const TEST_ADMIN_DATABASE_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Integration tests need the real services. When one is down the suite fails
 * here, saying how to start it, instead of skipping tests or passing on mocks.
 */
export async function assertServicesUp(): Promise<void> {
  const pg = new Client({ connectionString: TEST_ADMIN_DATABASE_URL, connectionTimeoutMillis: 3000 });
  try {
    await pg.connect();
    await pg.query('SELECT 1');
  } catch (e) {
    throw new Error(
      `Postgres is not reachable at ${TEST_ADMIN_DATABASE_URL} (${(e as Error).message}).\n` +
        `Start it with: ${START_POSTGRES}`,
    );
  } finally {
    await pg.end().catch(() => undefined);
  }
  const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 3000, retryStrategy: () => null });
  try {
    await redis.connect();
    await redis.ping();
  } catch (e) {
    throw new Error(`Redis is not reachable at ${TEST_REDIS_URL} (${(e as Error).message}).\nStart it with: ${START_REDIS}`);
  } finally {
    redis.disconnect();
  }
}
