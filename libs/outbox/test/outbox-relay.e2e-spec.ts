import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { PrivateRedis, createTestEnvironment, type TestEnvironment } from '@northstar/testing';
import { resetConfigCache } from '@northstar/config';
import { LifecycleEvent } from '@northstar/contracts';
import { PrismaService } from '@northstar/prisma';
import { chCount, startApi, waitFor } from '../../ingestion/test/support/stream-harness';
import { LifecycleTransaction } from '../src/lifecycle-transaction';
import { OutboxRelay } from '../src/outbox-relay';

/**
 * Redis is really restarted (a private redis-server, killed and started empty):
 * jobs the relay had enqueued are lost with it, and events committed while it
 * was down could not be enqueued at all. All must still reach ClickHouse, once.
 */
describe('outbox relay survives a Redis restart', () => {
  let env: TestEnvironment;
  let app: NestFastifyApplication;
  let redis: PrivateRedis;
  const customerId = `c${randomUUID().replace(/-/g, '').slice(0, 24)}`;

  beforeAll(async () => {
    redis = await PrivateRedis.create();
    await redis.start();
    env = await createTestEnvironment({
      REDIS_URL: redis.url,
      OUTBOX_RELAY_INTERVAL_MS: '100',
      OUTBOX_REENQUEUE_AFTER_MS: '1000',
      EVENTS_FLUSH_INTERVAL_MS: '50',
      // First process: the relay only, no ClickHouse writer, so enqueued jobs sit in Redis.
      WORKER_QUEUES: 'outbox',
    });
    ({ app } = await startApi());
  });

  afterAll(async () => {
    await app?.close();
    await env?.teardown();
    await redis?.stop();
    delete process.env.WORKER_QUEUES;
    resetConfigCache();
  });

  const emit = (n: number, tag: string) =>
    app.get(LifecycleTransaction).run(async (tx, emitEvent) => {
      await tx.$queryRawUnsafe('SELECT 1');
      return Array.from({ length: n }, (_, i) =>
        emitEvent({
          name: LifecycleEvent.PaymentReceived,
          aggregateType: 'payment',
          aggregateId: `${tag}-${i}`,
          customerId,
          properties: { paymentId: `${tag}-${i}`, invoiceId: 'inv-1', amountMinor: 1000 + i, currency: 'CAD', method: 'cash' },
        }),
      );
    });

  const outbox = () =>
    app.get(PrismaService).$queryRawUnsafe<{ id: string; enqueued: boolean; delivered: boolean; attempts: number }[]>(
      `SELECT id::text AS id, "enqueuedAt" IS NOT NULL AS enqueued, "deliveredAt" IS NOT NULL AS delivered, attempts FROM outbox_events ORDER BY seq`,
    );

  it('lifecycle events enqueued before the restart and committed during it all arrive exactly once', async () => {
    const first = await emit(10, 'before');
    await waitFor('relay enqueued the first events', outbox, (rows) => rows.length === 10 && rows.every((r) => r.enqueued));

    await redis.stop(); // the queued jobs die with Redis (no persistence)
    const during = await emit(5, 'during'); // Postgres commits fine; the relay cannot enqueue
    await new Promise((r) => setTimeout(r, 300));
    expect((await outbox()).filter((r) => r.enqueued)).toHaveLength(10);
    await redis.start();
    // Let the clients reconnect (ioredis backs off up to 2 s) before this process shuts down.
    await new Promise((r) => setTimeout(r, 2500));

    // Restart the process with every role, the ClickHouse writer included.
    await app.close();
    process.env.WORKER_QUEUES = '';
    resetConfigCache();
    ({ app } = await startApi());

    const delivered = await waitFor('all outbox rows delivered', outbox, (rows) => rows.length === 15 && rows.every((r) => r.delivered), 30_000);
    expect(delivered.find((r) => first.includes(r.id))!.attempts).toBeGreaterThanOrEqual(2); // re-enqueued after the loss
    expect(
      await chCount(app, `SELECT count() AS n FROM events FINAL WHERE type = 'lifecycle' AND customer_id = {c:String}`, { c: customerId }),
    ).toBe(15);
    const ids = await app
      .get(PrismaService)
      .$queryRawUnsafe<{ id: string }[]>(`SELECT id::text AS id FROM outbox_events`);
    expect(
      await chCount(app, `SELECT count() AS n FROM events FINAL WHERE event_id IN {ids:Array(UUID)} AND event = 'Payment Received' AND currency = 'CAD' AND amount_minor >= 1000`, {
        ids: ids.map((r) => r.id),
      }),
    ).toBe(15);
    expect(during).toHaveLength(5);
  });

  it('two relay passes at once do not send a row twice (advisory lock)', async () => {
    const relay = app.get(OutboxRelay);
    await relay.stop(); // stop this process's own timer so only our two passes run
    await emit(30, 'parallel');
    // LifecycleTransaction pokes on commit; wait for that pass to finish before the race.
    await new Promise((r) => setTimeout(r, 300));
    await app.get(PrismaService).$executeRawUnsafe(`UPDATE outbox_events SET "enqueuedAt" = NULL, "deliveredAt" = NULL, attempts = 0 WHERE "aggregateId" LIKE 'parallel-%'`);
    const [a, b] = await Promise.all([relay.relayOnce(), relay.relayOnce()]);
    expect(a + b).toBe(30);
    expect(Math.min(a, b)).toBe(0);
  });
});
