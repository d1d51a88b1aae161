import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { PrivateRedis, createTestEnvironment, type TestEnvironment } from '@northstar/testing';
import { QueueName } from '@northstar/queues';
import { WriteKeyService } from '../src/write-key.service';
import { basic, chCount, newWriteKey, startApi, waitFor } from './support/stream-harness';

/** Each rejection rule: status, message naming index and field, and nothing stored anywhere. */
describe('ingestion: bad input, auth and availability', () => {
  let env: TestEnvironment;
  let app: NestFastifyApplication;
  let redis: PrivateRedis;
  let key: string;
  let events: Queue;

  beforeAll(async () => {
    redis = await PrivateRedis.create();
    await redis.start();
    env = await createTestEnvironment({ REDIS_URL: redis.url, EVENTS_FLUSH_INTERVAL_MS: '50' });
    ({ app } = await startApi());
    key = await newWriteKey(app, 'web');
    events = app.get<Queue>(getQueueToken(QueueName.Events));
  });

  afterAll(async () => {
    if (!redis?.running) await redis?.start().catch(() => undefined);
    await app?.close();
    await env?.teardown();
    await redis?.stop();
  });

  /** auth: null sends no Authorization header at all. */
  const post = (url: string, body: unknown, auth: string | null = basic(key)) =>
    app.inject({ method: 'POST', url, payload: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) } });

  async function stored(): Promise<{ jobs: number; rows: number }> {
    const counts = await events.getJobCounts('waiting', 'active', 'completed', 'failed', 'delayed', 'prioritized');
    return { jobs: Object.values(counts).reduce((a, b) => a + b, 0), rows: await chCount(app, 'SELECT count() AS n FROM events') };
  }

  const good = (i: number) => ({ type: 'track', userId: 'u1', event: 'Clicked', messageId: `ok-${i}` });

  it('accepts a valid batch (control: the rules below are what makes the others fail)', async () => {
    const res = await post('/v1/batch', { batch: [good(1), good(2)] });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ success: true });
    await waitFor('control rows', () => chCount(app, 'SELECT count() AS n FROM events FINAL'), (n) => n === 2);
  });

  const cases: [string, string, unknown, string, string][] = [
    ['missing userId and anonymousId', '/v1/batch', { batch: [good(3), { type: 'track', event: 'X' }] }, 'batch.1.userId', 'userId or anonymousId is required'],
    ['unknown type', '/v1/batch', { batch: [{ type: 'purchase', userId: 'u' }] }, 'batch.0.type', 'must be one of'],
    ['malformed timestamp', '/v1/batch', { batch: [good(4), good(5), { ...good(6), timestamp: '31/12/2025 10:00' }] }, 'batch.2.timestamp', 'ISO-8601'],
    ['impossible calendar date', '/v1/batch', { batch: [{ ...good(7), timestamp: '2026-02-30T10:00:00Z' }] }, 'batch.0.timestamp', 'ISO-8601'],
    ['malformed sentAt', '/v1/batch', { batch: [good(8)], sentAt: 'now' }, 'sentAt', 'ISO-8601'],
    ['track without event', '/v1/track', { userId: 'u', messageId: 'x' }, 'event', 'event is required'],
    ['alias without previousId', '/v1/alias', { userId: 'u' }, 'previousId', 'previousId is required'],
    ['group without groupId', '/v1/group', { userId: 'u' }, 'groupId', 'groupId is required'],
    ['message over 32 KB', '/v1/batch', { batch: [good(9), { ...good(10), properties: { blob: 'x'.repeat(33_000) } }] }, 'batch.1', 'limit is 32768 bytes (32 KB)'],
    ['single message over 32 KB', '/v1/track', { ...good(11), properties: { blob: 'x'.repeat(33_000) } }, '(body)', '32 KB'],
    ['batch over 500 KB', '/v1/batch', { batch: Array.from({ length: 20 }, (_, i) => ({ ...good(100 + i), properties: { blob: 'x'.repeat(30_000) } })) }, '(body)', 'limit is 512000 bytes (500 KB)'],
    ['empty batch', '/v1/batch', { batch: [] }, 'batch', 'at least one message'],
    ['type contradicting the path', '/v1/identify', { type: 'track', userId: 'u' }, 'type', 'must be "identify"'],
    // Checked before anything recursive runs: a body this deep once overflowed the stack (500).
    ['properties nested 5,000 levels', '/v1/batch', `{"batch":[{"type":"track","userId":"u","event":"X","properties":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}]}`, `batch.0.properties${'.a'.repeat(29)}`, 'nested more than 32 levels'],
    ['1e400 (Infinity, once stored as null)', '/v1/batch', '{"batch":[{"type":"track","userId":"u","event":"X","properties":{"amount":1e400}}]}', 'batch.0.properties.amount', 'finite number'],
    ['a __proto__ key', '/v1/track', '{"userId":"u","event":"X","properties":{"__proto__":{"admin":true}}}', 'properties.__proto__', 'reserved key'],
    ['a control character in the event name', '/v1/batch', { batch: [{ ...good(12), event: 'Cli\u0007cked' }] }, 'batch.0.event', 'control characters (U+0007'],
    ['an ANSI escape in a user id', '/v1/identify', { userId: '\u001b[2Ju1' }, 'userId', 'control characters (U+001B'],
    ['a lone surrogate in a trait', '/v1/identify', '{"userId":"u","traits":{"name":"Ana \\ud800"}}', 'traits.name', 'unpaired surrogate'],
  ];

  it.each(cases)('%s → 400 naming the field, nothing stored', async (_name, url, body, field, message) => {
    const before = await stored();
    const res = await post(url, body);
    expect(res.statusCode).toBe(400);
    const err = res.json().error;
    expect(err.code).toBe('validation_failed');
    expect(err.message).toContain(field);
    expect(err.details).toEqual(expect.arrayContaining([{ field, message: expect.stringContaining(message) }]));
    await new Promise((r) => setTimeout(r, 120)); // longer than a flush interval
    expect(await stored()).toEqual(before);
  });

  it('missing, unknown and revoked write keys → 401, nothing stored', async () => {
    const before = await stored();
    const none = await post('/v1/batch', { batch: [good(20)] }, null);
    expect(none.statusCode).toBe(401);
    expect(none.json().error.message).toContain('Write key required');
    const wrong = await post('/v1/batch', { batch: [good(21)] }, basic('nswk_not-a-key'));
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.message).toBe('Invalid or revoked write key');

    const keys = app.get(WriteKeyService);
    const created = await keys.create({ source: 'ios' });
    expect((await post('/v1/batch', { batch: [good(22)], writeKey: created.key }, null)).statusCode).toBe(200); // body writeKey works
    // lastUsedAt is written off the request path (at most once a minute per key): wait for it.
    let listed = await keys.list();
    for (let i = 0; i < 40 && !listed.find((k) => k.id === created.id)?.lastUsedAt; i++) {
      await new Promise((r) => setTimeout(r, 50));
      listed = await keys.list();
    }
    const mine = listed.find((k) => k.id === created.id)!;
    expect(mine.keyPrefix).toBe(created.key.slice(0, 11));
    expect(mine.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(listed)).not.toContain(created.key); // only the hash is stored
    await keys.revoke(created.id);
    const revoked = await post('/v1/batch', { batch: [good(23)] }, basic(created.key));
    expect(revoked.statusCode).toBe(401);
    const after = await stored();
    expect(after.jobs).toBe(before.jobs + 1); // only the accepted body-writeKey batch
  });

  it('Redis down → 503 quickly (the SDK retries), and ingestion resumes when it is back', async () => {
    await redis.stop();
    await new Promise((r) => setTimeout(r, 200));
    const t0 = Date.now();
    const res = await post('/v1/batch', { batch: [good(30)] });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('1');
    expect(Date.now() - t0).toBeLessThan(2500);
    await redis.start();
    await waitFor('redis reconnect', async () => (await post('/v1/batch', { batch: [good(31)] })).statusCode, (s) => s === 200, 15_000);
  });
});
