import type { NorthstarClickhouse } from '@northstar/clickhouse';
import { LifecycleEvent as L } from '@northstar/contracts';
import { FunnelQuerySchema, type FunnelQueryInput } from './funnel.schema';
import { funnelDroppedSql, funnelStepsSql, funnelTrendSql } from './funnel.sql';
import { insertMessily, openTestClickhouse, queryRows, generateFunnelHistory, referenceFunnel, referenceSteps, referenceTrend } from '@northstar/analytics/testing';

const EVENTS = generateFunnelHistory(260, 42);
let ch: NorthstarClickhouse;

beforeAll(async () => {
  ch = await openTestClickhouse();
  await insertMessily(ch.client, EVENTS);
});
afterAll(async () => {
  await ch?.client.close();
});

const path = [L.InquiryReceived, L.QuoteSent, L.QuoteAccepted, L.DepositPaid, L.ProjectCompleted];
const CASES: Record<string, FunnelQueryInput> = {
  'ordered 5 steps, 30-day window, Toronto weeks': {
    steps: path.map((event) => ({ event })),
    window: { value: 30, unit: 'day' },
    from: '2024-03-01',
    to: '2025-01-01',
    timezone: 'America/Toronto',
    interval: 'week',
  },
  'strict order, per-step limit, exclusion between steps 1 and 2': {
    steps: [{ event: L.InquiryReceived }, { event: L.QuoteSent, timeLimitSeconds: 2 * 86400 }, { event: L.QuoteAccepted }],
    order: 'strict',
    exclusions: [{ event: L.QuoteRejected, afterStep: 1, beforeStep: 2 }],
    window: { value: 14, unit: 'day' },
    from: '2024-03-10',
    to: '2024-12-31T23:59:59',
    timezone: 'America/Toronto',
    interval: 'day',
  },
  'ordered with exclusion over the whole funnel and limits': {
    steps: [{ event: L.InquiryReceived }, { event: L.QuoteSent }, { event: L.QuoteAccepted, timeLimitSeconds: 3600 }, { event: L.DepositPaid }],
    exclusions: [{ event: 'Page Viewed', filters: [{ property: 'path', op: 'eq', value: '/pricing' }] }],
    window: { value: 60, unit: 'day' },
    from: '2024-01-01',
    to: '2025-06-01',
    timezone: 'UTC',
    interval: 'month',
  },
  'any order, 7 days, breakdown by channel, months in UTC': {
    steps: [{ event: L.InquiryReceived }, { event: L.DepositPaid }, { event: L.QuoteSent }, { event: L.QuoteAccepted }],
    order: 'any',
    exclusions: [{ event: L.QuoteRejected, afterStep: 0, beforeStep: 2 }],
    window: { value: 7, unit: 'day' },
    breakdown: { property: 'channel' },
    from: '2024-02-01',
    to: '2025-02-01',
    timezone: 'UTC',
    interval: 'month',
  },
  'calendar-month window, business accounts, property filters': {
    steps: [
      { event: L.InquiryReceived, filters: [{ property: 'category', op: 'in', value: ['repair', 'install'] }] },
      { event: L.QuoteSent, filters: [{ property: 'amountMinor', op: 'gt', value: 5000 }] },
      { event: L.ProjectCompleted, filters: [{ property: 'onTime', op: 'eq', value: true }] },
    ],
    window: { value: 1, unit: 'month' },
    countingUnit: 'account',
    from: '2024-03-01',
    to: '2025-01-01',
    timezone: 'Europe/Berlin',
    interval: 'week',
  },
  'the same event as consecutive steps (one event never serves two steps)': {
    steps: [{ event: L.InquiryReceived }, { event: 'Page Viewed' }, { event: 'Page Viewed' }, { event: L.QuoteSent }],
    window: { value: 3, unit: 'hour' },
    from: '2024-03-01',
    to: '2025-01-01',
    timezone: 'Asia/Kolkata',
    interval: 'day',
  },
};

const num = (v: unknown) => (v === null || v === undefined || Number.isNaN(Number(v)) ? null : Number(v));

describe('funnel SQL equals the TypeScript reference', () => {
  for (const [name, input] of Object.entries(CASES)) {
    it(name, async () => {
      const q = FunnelQuerySchema.parse(input);
      const ref = referenceFunnel(q, EVENTS);
      expect(ref.length).toBeGreaterThan(10); // the case actually exercises something

      const steps = await queryRows<Record<string, unknown>>(ch.client, funnelStepsSql(q));
      const got = steps.map((r) => ({
        breakdown: String(r.breakdown),
        step: Number(r.step),
        units: Number(r.units),
        mean_seconds: num(r.mean_seconds),
        median_seconds: num(r.median_seconds),
      }));
      const want = referenceSteps(ref, q.steps.length);
      expect(got.map(({ breakdown, step, units }) => ({ breakdown, step, units }))).toEqual(
        want.map(({ breakdown, step, units }) => ({ breakdown, step, units })),
      );
      got.forEach((g, i) => {
        if (want[i].mean_seconds === null) expect(g.mean_seconds).toBeNull();
        else expect(g.mean_seconds).toBeCloseTo(want[i].mean_seconds!, 3);
        if (want[i].median_seconds === null) expect(g.median_seconds).toBeNull();
        else expect(g.median_seconds).toBeCloseTo(want[i].median_seconds!, 3);
      });
      // Conversion never exceeds 100%: each step's count is at most the previous one's.
      for (let i = 1; i < got.length; i++) if (got[i].breakdown === got[i - 1].breakdown) expect(got[i].units).toBeLessThanOrEqual(got[i - 1].units);

      const trend = await queryRows<{ bucket: string; reached: unknown[] }>(ch.client, funnelTrendSql(q));
      expect(trend.map((t) => ({ bucket: t.bucket, reached: t.reached.map(Number) }))).toEqual(referenceTrend(ref, q));

      for (let step = 1; step <= q.steps.length; step++) {
        const dropped = await queryRows<{ unit: string; entry_ts: unknown }>(ch.client, funnelDroppedSql(q, step, 10000, 0));
        expect(dropped.map((d) => d.unit).sort()).toEqual(ref.filter((u) => u.depth === step).map((u) => u.unit).sort());
      }
    });
  }
});
