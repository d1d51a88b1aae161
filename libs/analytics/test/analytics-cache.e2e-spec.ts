import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { getQueueToken } from '@nestjs/bullmq';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Queue } from 'bullmq';
import { AuthService, UsersService } from '@northstar/access';
import { ClickhouseService } from '@northstar/clickhouse';
import { loadConfig } from '@northstar/config';
import { LifecycleEvent as L, chTime, type EventRow } from '@northstar/contracts';
import { PrismaService } from '@northstar/prisma';
import { QueueName } from '@northstar/queues';
import { createTestEnvironment, type TestEnvironment } from '@northstar/testing';
import { createApiApp } from '@northstar/platform';
import {
  AnalyticsCacheService,
  AnalyticsDataVersion,
  AnalyticsService,
  KpiSnapshotService,
  presetRanges,
  previousFrom,
  RetentionQuerySchema,
  SPARKLINE_BUCKETS,
} from '../src';
import { ev, insertEvents, rng } from '@northstar/analytics/testing';

let env: TestEnvironment;
let app: NestFastifyApplication;
let token: string;
let cache: AnalyticsCacheService;
let analytics: AnalyticsService;
let dataVersion: AnalyticsDataVersion;

const r = rng(11);
const t0 = Date.UTC(2024, 5, 3, 12);
const H = 3_600_000;
const DAY = 86_400_000;
const pay = (customer: string, ts: number, amount: number) =>
  ev(r, { event: L.PaymentReceived, ts, customer_id: customer, amount_minor: amount, currency: 'CAD', properties: { paymentId: `p${ts}`, invoiceId: `i${ts}` } });
const EVENTS = [
  ev(r, { event: L.InquiryReceived, ts: t0, customer_id: 'c1', properties: { quoteRequestId: 'qr1' } }),
  ev(r, { event: L.QuoteSent, ts: t0 + 2 * H, customer_id: 'c1', properties: { quoteId: 'q1', quoteRequestId: 'qr1' } }),
  ev(r, { event: L.QuoteAccepted, ts: t0 + 30 * H, customer_id: 'c1', properties: { quoteId: 'q1' } }),
  ev(r, { event: L.InquiryReceived, ts: t0 + H, customer_id: 'c2', properties: { quoteRequestId: 'qr2' } }),
  ev(r, { event: L.QuoteSent, ts: t0 + 7 * H, customer_id: 'c2', properties: { quoteId: 'q2', quoteRequestId: 'qr2' } }),
  pay('c1', t0, 5000),
  pay('c1', t0 + 40 * DAY, 7000),
  pay('c2', t0 + 3 * DAY, 2500),
];

const FRESHNESS = ['computedAt', 'dataVersion', 'cached', 'stale'] as const;
const figures = (body: Record<string, unknown>) => Object.fromEntries(Object.entries(body).filter(([k]) => !(FRESHNESS as readonly string[]).includes(k)));
const get = (url: string) => app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
const kpi = (body: { kpis: { key: string; value: unknown }[] }, key: string) => body.kpis.find((k) => k.key === key)?.value;

async function until<T>(fn: () => Promise<T | undefined | false>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((res) => setTimeout(res, 50));
  }
}

beforeAll(async () => {
  env = await createTestEnvironment();
  app = await createApiApp();
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const u = await app.get(UsersService).create({ email: 'm@example.test', name: 'm', role: 'management', password: 'correct horse battery staple 1' });
  token = (await app.get(AuthService).startSession({ id: u.user.id, role: 'management', email: 'm@example.test' })).accessToken;
  cache = app.get(AnalyticsCacheService);
  analytics = app.get(AnalyticsService);
  dataVersion = app.get(AnalyticsDataVersion);
  await insertEvents(await app.get(ClickhouseService).writer(), EVENTS);
});
afterAll(async () => {
  await app?.close();
  await env?.teardown();
});

describe('analytics result cache', () => {
  it('a cached result equals a fresh computation, for the KPI summary, series, lifecycle funnel and retention', async () => {
    const q = 'from=2024-06-01&to=2024-07-01&tz=UTC&currency=CAD';
    const first = await get(`/analytics/kpis?${q}`);
    const second = await get(`/analytics/kpis?${q}`);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ cached: false, stale: false });
    expect(second.json()).toMatchObject({ cached: true, stale: false, dataVersion: first.json().dataVersion, computedAt: first.json().computedAt });
    expect(typeof first.json().dataVersion).toBe('number');
    const raw = await analytics.kpis({ from: '2024-06-01 00:00:00', to: '2024-07-01 00:00:00', prevFrom: '2024-05-02 00:00:00', timezone: 'UTC', currency: 'CAD' });
    expect(figures(second.json())).toEqual(JSON.parse(JSON.stringify(raw)));
    expect(kpi(second.json(), 'revenue')).toBe(7500);

    const life1 = await get('/analytics/funnels/lifecycle?from=2024-06-01&to=2024-07-01&timezone=UTC');
    const life2 = await get('/analytics/funnels/lifecycle?from=2024-06-01&to=2024-07-01&timezone=UTC');
    expect([life1.json().cached, life2.json().cached]).toEqual([false, true]);
    expect(figures(life2.json())).toEqual(JSON.parse(JSON.stringify(await analytics.funnel(analytics.lifecycleQuery({ from: '2024-06-01 00:00:00', to: '2024-07-01 00:00:00', timezone: 'UTC', interval: 'day' })))));
    expect(life2.json().steps.slice(0, 3).map((s: { count: number }) => s.count)).toEqual([2, 2, 1]);

    const ret1 = await get('/analytics/retention?from=2024-06-01&to=2024-07-01&interval=month&periods=3');
    const ret2 = await get('/analytics/retention?from=2024-06-01&to=2024-07-01&interval=month&periods=3');
    expect([ret1.json().cached, ret2.json().cached]).toEqual([false, true]);
    expect(figures(ret2.json())).toEqual(JSON.parse(JSON.stringify(await analytics.retention(RetentionQuerySchema.parse({ from: '2024-06-01', to: '2024-07-01', interval: 'month', periods: 3 })))));

    // The series: one call, each bucket equal to the summary of that bucket computed directly.
    const series = await get('/analytics/kpis/series?from=2024-06-01&to=2024-08-01&tz=UTC&buckets=2');
    expect(series.statusCode).toBe(200);
    const s = series.json();
    expect(s.buckets.map((b: { from: string; to: string }) => [b.from, b.to])).toEqual([
      ['2024-06-01 00:00:00', '2024-07-01 00:00:00'],
      ['2024-07-01 00:00:00', '2024-08-01 00:00:00'],
    ]);
    // Bucket 1 is the same entry as the summary above: served from it.
    expect(s.buckets[0].values.revenue).toBe(7500);
    expect(s.buckets[1].values.revenue).toBe(7000); // the payment 40 days after t0
    for (const b of s.buckets) {
      const direct = await analytics.kpis({ from: b.from, to: b.to, prevFrom: previousFrom(b.from, b.to), timezone: 'UTC', currency: 'CAD' });
      expect(b.values).toEqual(Object.fromEntries(direct.kpis.map((k) => [k.key, k.value])));
    }
    expect((await get('/analytics/kpis/series?from=2024-06-01&to=2024-08-01&tz=UTC&buckets=2')).json().cached).toBe(true);
    expect((await get('/analytics/kpis/series?from=2024-06-01&to=2024-08-01&tz=Nowhere/Else')).statusCode).toBe(400);
  });

  it('targets are applied per request, never cached', async () => {
    const q = '/analytics/kpis?from=2024-06-01&to=2024-07-01&tz=UTC';
    await get(q);
    await app.inject({ method: 'PUT', url: '/analytics/kpis/targets/revenue', payload: { target: 1000 }, headers: { authorization: `Bearer ${token}` } });
    const after = (await get(q)).json();
    expect(after.cached).toBe(true);
    expect(after.kpis.find((k: { key: string }) => k.key === 'revenue')).toMatchObject({ target: 1000, onTarget: true });
  });

  it('new events through the events writer advance the data version, and the next response reflects them', async () => {
    const url = '/analytics/kpis?from=2024-06-01&to=2024-07-01&tz=UTC';
    const before = (await get(url)).json();
    expect(before.cached).toBe(true);
    const at = chTime(new Date(t0 + 5 * DAY));
    const row: EventRow = {
      event_id: '0f8fad5b-d9cb-469f-a165-70867728950e',
      message_id: 'm-cache-1',
      type: 'lifecycle',
      event: L.PaymentReceived,
      source: 'test',
      user_id: '',
      anonymous_id: '',
      customer_id: 'c2',
      account_id: '',
      timestamp: at,
      original_timestamp: at,
      sent_at: null,
      received_at: at,
      properties: JSON.stringify({ paymentId: 'p-new', invoiceId: 'i-new' }),
      context: '{}',
      traits: '{}',
      amount_minor: 1000,
      currency: 'CAD',
    };
    await app.get<Queue>(getQueueToken(QueueName.Events)).add('store-rows', { origin: 'segment', rows: [row] });
    const v = await until(async () => {
      const now = await cache.dataVersion();
      return now > before.dataVersion ? now : undefined;
    });
    const after = (await get(url)).json();
    expect(after).toMatchObject({ cached: false, stale: false });
    expect(after.dataVersion).toBeGreaterThanOrEqual(v);
    expect(kpi(after, 'revenue')).toBe(8500);
    expect((await get(url)).json()).toMatchObject({ cached: true, dataVersion: after.dataVersion });
  });

  it('N concurrent identical requests compute once (in process, and across two cache instances via the Redis lock)', async () => {
    const url = '/analytics/kpis?from=2024-05-01&to=2024-06-15&tz=America/Toronto';
    const before = cache.stats.computations;
    const answers = await Promise.all(Array.from({ length: 8 }, () => get(url)));
    expect(cache.stats.computations - before).toBe(1);
    const bodies = answers.map((a) => a.json());
    for (const b of bodies) expect(figures(b)).toEqual(figures(bodies[0]));

    // Two caches on one Redis stand for two processes (API and workers).
    const cfg = loadConfig();
    const other = new AnalyticsCacheService({ redisUrl: cfg.REDIS_URL, prefix: cfg.QUEUE_PREFIX, scope: env.clickhouseDatabase });
    await other.connect();
    try {
      let runs = 0;
      const slow = async () => {
        runs++;
        await new Promise((res) => setTimeout(res, 300));
        return { answer: 42 };
      };
      const material = { test: 'single-flight', at: Date.now() };
      const served = await Promise.all([...[0, 1, 2].map(() => cache.serve('test', material, slow)), ...[0, 1, 2].map(() => other.serve('test', material, slow))]);
      expect(runs).toBe(1);
      expect(served.map((s) => s.value)).toEqual(Array(6).fill({ answer: 42 }));
    } finally {
      await other.onApplicationShutdown();
    }
  });

  it('a dashboard preset is served stale-while-revalidate (bounded), then the refreshed snapshot', async () => {
    const [p] = presetRanges('UTC').filter((x) => x.key === 'last_30_days');
    const url = `/analytics/kpis?from=${p.from.slice(0, 10)}&to=${p.to.slice(0, 10)}&tz=UTC`;
    const first = (await get(url)).json();
    expect(first.cached).toBe(false);
    const revenueBefore = kpi(first, 'revenue') as number;
    await insertEvents(await app.get(ClickhouseService).writer(), [pay('c3', Date.now() - 2 * DAY, 4200)]);
    dataVersion.changed();
    await dataVersion.flush();
    const stale = (await get(url)).json();
    expect(stale).toMatchObject({ cached: true, stale: true, dataVersion: first.dataVersion, computedAt: first.computedAt });
    expect(Date.now() - Date.parse(stale.computedAt)).toBeLessThanOrEqual(120_000);
    expect(kpi(stale, 'revenue')).toBe(revenueBefore);
    const fresh = await until(async () => {
      const b = (await get(url)).json();
      return b.stale === false && b.dataVersion > first.dataVersion ? b : undefined;
    });
    expect(kpi(fresh, 'revenue')).toBe(revenueBefore + 4200);
    // A non-preset range is never served stale: it recomputes on the next request.
    const custom = '/analytics/kpis?from=2024-06-02&to=2024-07-01&tz=UTC';
    await get(custom);
    dataVersion.changed();
    await dataVersion.flush();
    expect((await get(custom)).json()).toMatchObject({ cached: false, stale: false });
  });

  it('the snapshot job warms every preset request the management view makes', async () => {
    const snapshots = app.get(KpiSnapshotService);
    const run = await snapshots.refresh({ timezones: ['UTC'] });
    expect(run).toMatchObject({ failed: 0, requests: 6 * 4 });
    const again = await snapshots.refresh({ timezones: ['UTC'] });
    expect(again).toMatchObject({ fresh: 24, computed: 0 });
    // What the dashboard sends for its default preset now hits warm snapshots.
    const [p] = presetRanges('UTC').filter((x) => x.key === 'last_90_days');
    const [from, to] = [p.from.slice(0, 10), p.to.slice(0, 10)];
    for (const url of [
      `/analytics/kpis?from=${from}&to=${to}&tz=UTC`,
      `/analytics/kpis/series?from=${from}&to=${to}&tz=UTC&buckets=${SPARKLINE_BUCKETS}`,
      `/analytics/funnels/lifecycle?from=${from}&to=${to}&timezone=UTC&interval=week`,
      `/analytics/retention?from=${from}&to=${to}&timezone=UTC&interval=month&periods=12`,
    ]) {
      const res = await get(url);
      expect([url, res.statusCode, res.json().cached]).toEqual([url, 200, true]);
    }
  });
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

describe('analytics cache without Redis', () => {
  let redis: ChildProcess | undefined;
  afterAll(() => {
    if (redis && redis.exitCode === null) redis.kill('SIGKILL');
  });

  it('answers correctly when its Redis goes down, and when there is none at all', async () => {
    const port = await freePort();
    redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    const own = new AnalyticsCacheService({ redisUrl: `redis://127.0.0.1:${port}`, prefix: 'outage', scope: env.clickhouseDatabase });
    await until(async () => {
      await own.connect();
      return own.redis.status === 'ready' || (await own.redis.ping().then(() => true, () => false));
    }, 10_000);
    const service = new AnalyticsService(app.get(ClickhouseService), app.get(PrismaService), own);
    const k = { from: '2024-06-01 00:00:00', to: '2024-07-01 00:00:00', prevFrom: '2024-05-02 00:00:00', timezone: 'UTC', currency: 'CAD' };
    const truth = figures((await service.kpisServed(k)) as unknown as Record<string, unknown>);
    expect((await service.kpisServed(k)).cached).toBe(true);

    redis.kill('SIGKILL');
    await new Promise((res) => redis!.once('exit', res));
    const t = Date.now();
    const down = await service.kpisServed(k);
    expect(down).toMatchObject({ cached: false, dataVersion: null });
    expect(figures(down as unknown as Record<string, unknown>)).toEqual(truth);
    expect(Date.now() - t).toBeLessThan(5000);
    // Reporting new data while Redis is down neither throws nor hangs.
    const dv = new AnalyticsDataVersion(own, undefined, false);
    dv.changed();
    await dv.onModuleDestroy();
    await own.onApplicationShutdown();

    const never = new AnalyticsCacheService({ redisUrl: `redis://127.0.0.1:${await freePort()}`, prefix: 'none', scope: env.clickhouseDatabase });
    await never.connect();
    const none = new AnalyticsService(app.get(ClickhouseService), app.get(PrismaService), never);
    const answer = await none.kpisServed(k);
    expect(answer).toMatchObject({ cached: false, dataVersion: null });
    expect(figures(answer as unknown as Record<string, unknown>)).toEqual(truth);
    await never.onApplicationShutdown();
  });
});
