import { AnalyticsCacheService } from '@northstar/analytics';
import { DAY, ev, insertEvents, createIntelligenceTestContext, type IntelligenceTestContext } from '@northstar/health';
import { PrismaService } from '@northstar/prisma';
import { TEST_REDIS_URL } from '@northstar/testing';
import { IntelligenceController } from './intelligence.controller';
import { createIntelligenceServices, type IntelligenceServices } from './intelligence.factory';

const t0 = new Date();
const ago = (d: number) => new Date(t0.getTime() - d * DAY);
const iso = (d: Date) => d.toISOString().slice(0, 10);
const query = { from: iso(ago(60)), to: iso(new Date(t0.getTime() + DAY)), interval: 'day' as const, tz: 'UTC' };
const total = (rows: { green: number; yellow: number; red: number }[]) => {
  const last = rows.at(-1)!;
  return last.green + last.yellow + last.red;
};

describe('intelligence read cache (health distribution, segment sizes)', () => {
  let ctx: IntelligenceTestContext;
  let s: IntelligenceServices;
  let cache: AnalyticsCacheService;
  let api: IntelligenceController;

  beforeAll(async () => {
    ctx = await createIntelligenceTestContext();
    const prisma = ctx.app.get(PrismaService);
    s = createIntelligenceServices({ clickhouse: ctx.clickhouse, prisma });
    cache = new AnalyticsCacheService({ redisUrl: TEST_REDIS_URL, prefix: ctx.env.queuePrefix, scope: ctx.env.clickhouseDatabase });
    await cache.connect();
    api = new IntelligenceController(s, prisma, cache);
    await insertEvents(await ctx.clickhouse.writer(), [
      ev('a', 'Page Viewed', ago(45), {}, { type: 'page' }),
      ev('b', 'Quote Accepted', ago(5), { quoteId: 'q1', amountMinor: 100_000 }),
      ev('b', 'Page Viewed', ago(1), {}, { type: 'page' }),
    ]);
    await s.health.recompute({ asOf: t0 });
    await s.segments.recompute(t0);
  });
  afterAll(async () => {
    await cache?.onApplicationShutdown();
    await ctx?.close();
  });

  it('serves the cached answer, equal to a fresh one, until a recompute writes', async () => {
    const dist1 = await api.distribution(query);
    const seg1 = await api.segments();
    const hits = cache.stats.hits;
    expect(await api.distribution(query)).toEqual(dist1);
    expect(await api.segments()).toEqual(seg1);
    expect(cache.stats.hits).toBe(hits + 2);
    expect(dist1).toEqual(await s.health.distribution({ from: query.from, to: query.to, interval: query.interval, timeZone: query.tz }));
    expect(seg1).toEqual(await s.segments.sizes());
    expect(total(dist1)).toBe(2);

    // A new customer arrives and the jobs run: the next responses reflect it.
    await insertEvents(await ctx.clickhouse.writer(), [ev('c', 'Quote Accepted', ago(3), { quoteId: 'q2', amountMinor: 500_000 })]);
    await s.health.recompute({ asOf: new Date() });
    await s.segments.recompute(new Date());
    const dist2 = await api.distribution(query);
    const seg2 = await api.segments();
    expect(total(dist2)).toBe(3);
    expect(dist2).toEqual(await s.health.distribution({ from: query.from, to: query.to, interval: query.interval, timeZone: query.tz }));
    expect(seg2).toEqual(await s.segments.sizes());
    expect(seg2).not.toEqual(seg1);
    expect(cache.stats.hits).toBe(hits + 2);
    // and are cached again at the new version
    expect(await api.segments()).toEqual(seg2);
    expect(cache.stats.hits).toBe(hits + 3);
  });

  it('computes when Redis is down', async () => {
    const down = new AnalyticsCacheService({ redisUrl: 'redis://127.0.0.1:1', prefix: ctx.env.queuePrefix, scope: ctx.env.clickhouseDatabase });
    await down.connect();
    const offline = new IntelligenceController(s, ctx.app.get(PrismaService), down);
    expect(await offline.segments()).toEqual(await s.segments.sizes());
    expect(await offline.distribution(query)).toEqual(await api.distribution(query));
    expect(down.stats.computations).toBe(2);
    down.redis.disconnect();
  });
});
