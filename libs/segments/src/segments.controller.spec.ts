import { AnalyticsCacheService } from '@northstar/analytics';
import { DAY, ev, insertEvents, createIntelligenceTestContext, type IntelligenceTestContext } from '@northstar/health/testing';
import { PrismaService } from '@northstar/prisma';
import { SegmentService } from './segment.service';
import { SegmentsController } from './segments.controller';
import { SegmentsModule } from './segments.module';

const t0 = new Date();
const ago = (d: number) => new Date(t0.getTime() - d * DAY);

describe('segment sizes read cache', () => {
  let ctx: IntelligenceTestContext;
  let segmentation: SegmentService;
  let cache: AnalyticsCacheService;
  let api: SegmentsController;

  beforeAll(async () => {
    ctx = await createIntelligenceTestContext({ imports: [SegmentsModule] });
    segmentation = ctx.app.get(SegmentService);
    cache = ctx.app.get(AnalyticsCacheService);
    api = ctx.app.get(SegmentsController);
    await insertEvents(await ctx.clickhouse.writer(), [
      ev('a', 'Page Viewed', ago(45), {}, { type: 'page' }),
      ev('b', 'Quote Accepted', ago(5), { quoteId: 'q1', amountMinor: 100_000 }),
      ev('b', 'Page Viewed', ago(1), {}, { type: 'page' }),
    ]);
    await segmentation.recompute(t0);
  });
  afterAll(async () => ctx?.close());

  it('serves the cached answer, equal to a fresh one, until a recompute writes', async () => {
    const seg1 = await api.segments();
    const hits = cache.stats.hits;
    expect(await api.segments()).toEqual(seg1);
    expect(cache.stats.hits).toBe(hits + 1);
    expect(seg1).toEqual(await segmentation.sizes());

    // A new customer arrives and the job runs: the next response reflects it.
    await insertEvents(await ctx.clickhouse.writer(), [ev('c', 'Quote Accepted', ago(3), { quoteId: 'q2', amountMinor: 500_000 })]);
    await segmentation.recompute(new Date());
    const seg2 = await api.segments();
    expect(seg2).toEqual(await segmentation.sizes());
    expect(seg2).not.toEqual(seg1);
    expect(cache.stats.hits).toBe(hits + 1);
    // and is cached again at the new version
    expect(await api.segments()).toEqual(seg2);
    expect(cache.stats.hits).toBe(hits + 2);
  });

  it('computes when Redis is down', async () => {
    const down = new AnalyticsCacheService({ redisUrl: 'redis://127.0.0.1:1', prefix: ctx.env.queuePrefix, scope: ctx.env.clickhouseDatabase });
    await down.connect();
    const offline = new SegmentsController(segmentation, ctx.app.get(PrismaService), down);
    expect(await offline.segments()).toEqual(await segmentation.sizes());
    expect(down.stats.computations).toBe(1);
    down.redis.disconnect();
  });
});
