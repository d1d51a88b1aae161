import type { NorthstarClickhouse } from '@northstar/clickhouse';
import { LifecycleEvent as L } from '@northstar/contracts';
import { RetentionQuerySchema, retentionSql, shapeRetention } from './retention.sql';
import { insertMessily, openTestClickhouse, queryRows, generateBusinessHistory, referenceRetention } from '@northstar/analytics/testing';

const EVENTS = generateBusinessHistory(300, 11);
let ch: NorthstarClickhouse;
beforeAll(async () => {
  ch = await openTestClickhouse();
  await insertMessily(ch.client, EVENTS, 3);
});
afterAll(async () => ch?.client.close());

const CASES = {
  'monthly cohorts by first purchase, Toronto': { from: '2023-10-01', to: '2025-01-01', timezone: 'America/Toronto', interval: 'month', periods: 12 },
  'weekly cohorts across year end, UTC': { from: '2024-06-01', to: '2025-03-01', timezone: 'UTC', interval: 'week', periods: 8 },
  'cohort by first paid project, returning with any inquiry, by account': {
    from: '2024-01-01',
    to: '2025-01-01',
    timezone: 'Europe/Berlin',
    interval: 'month',
    periods: 6,
    cohortEvents: [L.FinalInvoicePaid],
    returnEvents: [L.InquiryReceived],
    countingUnit: 'account',
  },
} as const;

describe('retention SQL equals the TypeScript reference', () => {
  for (const [name, input] of Object.entries(CASES)) {
    it(name, async () => {
      const q = RetentionQuerySchema.parse(input);
      const want = referenceRetention(q, EVENTS);
      expect(want.length).toBeGreaterThan(2);
      expect(want.some((c) => c.recurring.some((x) => x.period > 0 && x.units > 0))).toBe(true);
      const rows = await queryRows<{ kind: string; cohort: string; period: unknown; units: unknown }>(ch.client, retentionSql(q));
      expect(shapeRetention(rows, q.periods)).toEqual(want);
    });
  }
});
