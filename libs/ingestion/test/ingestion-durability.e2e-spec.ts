import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ClickhouseService } from '@northstar/clickhouse';
import { StoreRowsJob } from '@northstar/events-writer';
import { PrivateRedis, createTestEnvironment, type TestEnvironment } from '@northstar/testing';
import { basic, chCount, newWriteKey, startApi, waitFor } from './support/stream-harness';

const TOTAL = 60_000;
/** SDK-sized batches: the writer holds at most 256 jobs (its concurrency) in memory, the rest of the backlog waits in Redis. */
const PER_BATCH = 100;
const SENDERS = 8;
/** Redis dies once this many events were answered 200 (none of them written yet). */
const KILL_AT = 52_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The README set-up's Redis (deploy/redis/durable.conf: AOF, fsync every second) is
 * SIGKILLed while more than 50,000 accepted events are not in ClickHouse yet, and
 * started again on the same files. ClickHouse stalls first (the events table renamed
 * away, as in a botched deploy), so the backlog exists on any machine however fast
 * the writer is: part of it is held by the writer (active jobs), the rest waits in
 * Redis. Clients behave like the Segment SDKs: a refused batch (503) is sent again
 * with the same message ids. Without persistence this test loses the waiting part.
 */
describe('ingestion: Redis killed with a backlog of accepted events', () => {
  let env: TestEnvironment;
  let app: NestFastifyApplication;
  let baseUrl: string;
  let redis: PrivateRedis;
  let key: string;

  beforeAll(async () => {
    redis = await PrivateRedis.create({ durable: true });
    await redis.start();
    env = await createTestEnvironment({ REDIS_URL: redis.url });
    ({ app, baseUrl } = await startApi(true));
    key = await newWriteKey(app, 'durable');
  });

  afterAll(async () => {
    if (!redis?.running) await redis?.start().catch(() => undefined);
    await app?.close();
    await env?.teardown();
    await redis?.discard();
  });

  const ch = (sql: string) => app.get(ClickhouseService).reader().then((c) => c.command({ query: sql }));

  /** Sends batch `b` until it is answered 200; returns how many refusals it took. */
  async function deliver(b: number): Promise<number> {
    const batch = Array.from({ length: PER_BATCH }, (_, i) => ({ type: 'track', userId: `u${i % 50}`, event: 'Durable', messageId: `d-${b}-${i}`, properties: { b, i } }));
    const body = JSON.stringify({ batch });
    for (let refused = 0; ; refused++) {
      const res = await fetch(`${baseUrl}/v1/batch`, { method: 'POST', headers: { authorization: basic(key), 'content-type': 'application/json' }, body }).catch(() => undefined);
      if (res?.status === 200) return refused;
      await sleep(200);
    }
  }

  it('SIGKILLed with ≥ 50,000 accepted events not yet in ClickHouse: back on its files, every event is stored exactly once', async () => {
    const writer = app.get(StoreRowsJob);
    await ch('RENAME TABLE events TO events_parked');
    let accepted = 0;
    let refused = 0;
    let backlogAtKill = -1;
    let recovery: Promise<void> | undefined;
    const batches = [...Array(TOTAL / PER_BATCH).keys()];
    const sender = async () => {
      for (let b = batches.shift(); b !== undefined; b = batches.shift()) {
        refused += await deliver(b);
        accepted += PER_BATCH;
        if (backlogAtKill < 0 && accepted >= KILL_AT) {
          backlogAtKill = accepted - writer.stats.rows;
          await redis.stop();
          recovery = (async () => {
            await ch('RENAME TABLE events_parked TO events');
            await sleep(1000);
            await redis.start();
          })();
        }
      }
    };
    await Promise.all(Array.from({ length: SENDERS }, sender));
    await recovery;

    expect(backlogAtKill).toBeGreaterThanOrEqual(50_000);
    expect(refused).toBeGreaterThan(0); // clients did run into the dead Redis
    expect(accepted).toBe(TOTAL);
    await waitFor('every accepted event in ClickHouse', () => chCount(app, 'SELECT count() AS n FROM events FINAL'), (n) => n >= TOTAL, 60_000);
    expect(await chCount(app, 'SELECT count() AS n FROM events FINAL')).toBe(TOTAL);
    expect(await chCount(app, 'SELECT uniqExact(event_id) AS n FROM events')).toBe(TOTAL);
    expect(await chCount(app, `SELECT count() AS n FROM (SELECT message_id FROM events FINAL GROUP BY message_id HAVING count() > 1)`)).toBe(0);
  });
});
