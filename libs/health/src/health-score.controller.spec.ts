import { AnalyticsCacheService } from '@northstar/analytics';
import { QueuesModule } from '@northstar/queues';
import { HealthScoreController } from './health-score.controller';
import { HealthScoreModule } from './health-score.module';
import { HealthScoreService } from './health-score.service';
import { DAY, ev, insertEvents, createIntelligenceTestContext, type IntelligenceTestContext } from '@northstar/health/testing';

const t0 = new Date();
const ago = (d: number) => new Date(t0.getTime() - d * DAY);
const iso = (d: Date) => d.toISOString().slice(0, 10);
const query = { from: iso(ago(60)), to: iso(new Date(t0.getTime() + DAY)), interval: 'day' as const, tz: 'UTC' };
const total = (rows: { green: number; yellow: number; red: number }[]) => {
  const last = rows.at(-1)!;
  return last.green + last.yellow + last.red;
};

describe('health distribution read cache', () => {
  let ctx: IntelligenceTestContext;
  let scores: HealthScoreService;
  let cache: AnalyticsCacheService;
  let api: HealthScoreController;
  const fresh = () => scores.distribution({ from: query.from, to: query.to, interval: query.interval, timeZone: query.tz });

  beforeAll(async () => {
    ctx = await createIntelligenceTestContext(() => ({ imports: [QueuesModule.forRoot(), HealthScoreModule] }));
    scores = ctx.app.get(HealthScoreService);
    cache = ctx.app.get(AnalyticsCacheService);
    api = ctx.app.get(HealthScoreController);
    await insertEvents(await ctx.clickhouse.writer(), [
      ev('a', 'Page Viewed', ago(45), {}, { type: 'page' }),
      ev('b', 'Quote Accepted', ago(5), { quoteId: 'q1', amountMinor: 100_000 }),
      ev('b', 'Page Viewed', ago(1), {}, { type: 'page' }),
    ]);
    await scores.recompute({ asOf: t0 });
  });
  afterAll(async () => ctx?.close());

  it('serves the cached answer, equal to a fresh one, until a recompute writes', async () => {
    const dist1 = await api.distribution(query);
    const hits = cache.stats.hits;
    expect(await api.distribution(query)).toEqual(dist1);
    expect(cache.stats.hits).toBe(hits + 1);
    expect(dist1).toEqual(await fresh());
    expect(total(dist1)).toBe(2);

    // A new customer arrives and the job runs: the next response reflects it.
    await insertEvents(await ctx.clickhouse.writer(), [ev('c', 'Quote Accepted', ago(3), { quoteId: 'q2', amountMinor: 500_000 })]);
    await scores.recompute({ asOf: new Date() });
    const dist2 = await api.distribution(query);
    expect(total(dist2)).toBe(3);
    expect(dist2).toEqual(await fresh());
    expect(cache.stats.hits).toBe(hits + 1);
    // and is cached again at the new version
    expect(await api.distribution(query)).toEqual(dist2);
    expect(cache.stats.hits).toBe(hits + 2);
  });

  it('computes when Redis is down', async () => {
    const down = new AnalyticsCacheService({ redisUrl: 'redis://127.0.0.1:1', prefix: ctx.env.queuePrefix, scope: ctx.env.clickhouseDatabase });
    await down.connect();
    const offline = new HealthScoreController(scores, down);
    expect(await offline.distribution(query)).toEqual(await api.distribution(query));
    expect(down.stats.computations).toBe(1);
    down.redis.disconnect();
  });
});
