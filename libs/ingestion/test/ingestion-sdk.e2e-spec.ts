import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Analytics } from '@segment/analytics-node';
import { randomUUID } from 'node:crypto';
import { createTestEnvironment, type TestEnvironment } from '@northstar/testing';
import { PrismaService } from '@northstar/prisma';
import { EventsQueryService } from '@northstar/events-query';
import { basic, chCount, newWriteKey, startApi, waitFor } from './support/stream-harness';

/**
 * The official Segment SDK, pointed at our API on a real port, sends thousands of
 * mixed messages; each must be in ClickHouse exactly once (FINAL), including
 * messages we deliberately send twice.
 */
describe('interaction stream: Segment SDK end to end', () => {
  let env: TestEnvironment;
  let app: NestFastifyApplication;
  let baseUrl: string;
  let writeKey: string;
  const run = randomUUID().slice(0, 8);

  beforeAll(async () => {
    env = await createTestEnvironment({ EVENTS_FLUSH_INTERVAL_MS: '100', EVENTS_FLUSH_SIZE: '2000' });
    ({ app, baseUrl } = await startApi(true));
    writeKey = await newWriteKey(app, 'web');
  });

  afterAll(async () => {
    await app?.close();
    await env?.teardown();
  });

  it('every message of 3,000 mixed SDK messages lands exactly once; deliberate duplicates count once', async () => {
    const analytics = new Analytics({ writeKey, host: baseUrl, path: '/v1/batch', flushAt: 100, flushInterval: 50, maxRetries: 3 });
    const errors: unknown[] = [];
    analytics.on('error', (e) => errors.push(e));
    const ids: string[] = [];
    const send = (i: number, messageId: string) => {
      const user = `u-${run}-${i % 300}`;
      switch (i % 10) {
        case 0:
          return analytics.identify({ messageId, userId: user, anonymousId: `a-${run}-${i % 300}`, traits: { plan: 'pro', n: i } });
        case 1:
          return analytics.page({ messageId, anonymousId: `a-${run}-${i % 300}`, name: 'Pricing', properties: { path: '/pricing' } });
        case 2:
          return analytics.group({ messageId, userId: user, groupId: `acct-${run}-${i % 20}`, traits: { name: 'Acme' } });
        case 3:
          return analytics.alias({ messageId, userId: user, previousId: `old-${run}-${i}` });
        default:
          return analytics.track({ messageId, userId: user, event: i % 2 ? 'Quote Viewed' : 'Button Clicked', properties: { i } });
      }
    };
    for (let i = 0; i < 3000; i++) {
      const id = `m-${run}-${i}`;
      ids.push(id);
      send(i, id);
    }
    // Deliberate duplicates: 150 messages sent again later (new sentAt, as an SDK retry would).
    await new Promise((r) => setTimeout(r, 300));
    for (let i = 0; i < 3000; i += 20) send(i, ids[i]);
    await analytics.closeAndFlush({ timeout: 30_000 });
    expect(errors).toEqual([]);

    const final = await waitFor(
      'all events queryable',
      () => chCount(app, `SELECT count() AS n FROM events FINAL WHERE source = 'web' AND startsWith(message_id, {p:String})`, { p: `m-${run}-` }),
      (n) => n >= 3000,
    );
    expect(final).toBe(3000);
    // Raw rows include the duplicates until a merge; the distinct message ids are exactly ours.
    expect(await chCount(app, `SELECT uniqExact(message_id) AS n FROM events WHERE startsWith(message_id, {p:String})`, { p: `m-${run}-` })).toBe(3000);
    const byType = await app
      .get(EventsQueryService)
      .counts(new Date(Date.now() - 3600_000), new Date(Date.now() + 3600_000));
    const total = byType.data.reduce((s, r) => s + r.count, 0);
    expect(total).toBe(3000);
    expect(byType.data.find((r) => r.event === 'Quote Viewed')?.count).toBe(900);
    expect(byType.data.filter((r) => r.type === 'identify').reduce((s, r) => s + r.count, 0)).toBe(300);
  });

  it('a retry whose skew-corrected time crosses midnight UTC is still one row', async () => {
    const messageId = `edge-${run}`;
    const ts = '2026-03-01T23:59:30.000Z';
    const post = (sentAt: Date) =>
      fetch(`${baseUrl}/v1/track`, {
        method: 'POST',
        headers: { authorization: basic(writeKey), 'content-type': 'application/json' },
        body: JSON.stringify({ messageId, userId: 'edge-user', event: 'Edge', timestamp: ts, sentAt: sentAt.toISOString() }),
      });
    const rows = (where = '') => chCount(app, `SELECT count() AS n FROM events FINAL WHERE message_id = {m:String} ${where}`, { m: messageId });
    // First delivery: sentAt ≈ now, so the corrected time is 23:59:30 plus the transit time (well under 30 s).
    expect((await post(new Date())).status).toBe(200);
    await waitFor('first delivery', () => rows(), (n) => n === 1);
    expect(await rows(`AND toDate(timestamp) = '2026-03-01'`)).toBe(1); // else the retry would not cross midnight
    // The retry claims it was sent 60 s before now: uncorrected it would be 00:00:30 the next day.
    const retrySentAt = new Date(Date.now() - 60_000);
    expect((await post(retrySentAt)).status).toBe(200);
    // Stored once a row carries the retry's sentAt; a merge keeps it too (the newest insert wins).
    await waitFor('the retry stored', () => rows(`AND toUnixTimestamp64Milli(sent_at) = ${retrySentAt.getTime()}`), (n) => n === 1);
    // Both deliveries are stored and none is pending, so one row now is one row for good: on the first delivery's day.
    expect(await rows()).toBe(1);
    expect(await rows(`AND toDate(timestamp) = '2026-03-01'`)).toBe(1);
  });

  it('identity: anonymous events before identify and events after it are attributed to the customer', async () => {
    const prisma = app.get(PrismaService);
    const email = `ada-${run}@example.com`;
    const customer = await prisma.customer.create({
      data: {
        customerNumber: `C-${run}`,
        name: 'Ada Lovelace',
        email,
        phone: `+1555${Math.floor(Math.random() * 1e7).toString().padStart(7, '0')}`,
        phoneDigits: '1555',
        preferredContact: 'email',
        channel: 'web_form',
      },
    });
    const anon = `anon-${run}`;
    const user = `user-${run}`; // an app user id, resolved to the customer through the identify email
    const analytics = new Analytics({ writeKey, host: baseUrl, path: '/v1/batch', flushAt: 50, flushInterval: 50 });
    for (let i = 0; i < 5; i++) analytics.page({ anonymousId: anon, name: `Before ${i}` });
    await analytics.flush();
    analytics.identify({ userId: user, anonymousId: anon, traits: { email } });
    for (let i = 0; i < 4; i++) analytics.track({ userId: user, event: 'After Identify', properties: { i } });
    await analytics.closeAndFlush({ timeout: 20_000 });

    const query = app.get(EventsQueryService);
    const timeline = await waitFor('attributed timeline', () => query.timeline(customer.id, 50), (t) => t.data.length >= 10);
    expect(timeline.data).toHaveLength(10);
    expect(timeline.data.filter((e) => e.type === 'page')).toHaveLength(5);
    expect(timeline.data.filter((e) => e.event === 'After Identify')).toHaveLength(4);
    // Newest first.
    const times = timeline.data.map((e) => e.timestamp);
    expect([...times].sort().reverse()).toEqual(times);
    // Paging with the cursor walks the same events without overlap.
    const p1 = await query.timeline(customer.id, 4);
    const p2 = await query.timeline(customer.id, 4, p1.nextCursor!);
    const p3 = await query.timeline(customer.id, 4, p2.nextCursor!);
    expect(p3.nextCursor).toBeNull();
    expect([...p1.data, ...p2.data, ...p3.data].map((e) => e.event_id)).toEqual(timeline.data.map((e) => e.event_id));
    // The link that explains it is stored.
    expect(
      await chCount(app, `SELECT count() AS n FROM identity_links FINAL WHERE kind = 'user' AND from_id = {u:String} AND to_id = {c:String} AND via = 'email'`, {
        u: user,
        c: customer.id,
      }),
    ).toBe(1);
  });
});
