import type { NorthstarClickhouse } from '@northstar/clickhouse';
import { computeKpiValues, KPI_KEYS, toFigures } from './kpi-figures';
import type { KpiPeriods } from './kpi.sql';
import { insertMessily, openTestClickhouse, queryRows, generateBusinessHistory, referenceKpis } from '@northstar/analytics/testing';

const EVENTS = generateBusinessHistory(250, 5);
let ch: NorthstarClickhouse;
beforeAll(async () => {
  ch = await openTestClickhouse();
  await insertMessily(ch.client, EVENTS, 9);
});
afterAll(async () => ch?.client.close());

const CASES: Record<string, KpiPeriods> = {
  'Q3 2024 vs Q2 2024 in Toronto (CAD)': { from: '2024-07-01 00:00:00', to: '2024-10-01 00:00:00', prevFrom: '2024-04-01 00:00:00', timezone: 'America/Toronto', currency: 'CAD' },
  'across the year end and DST, UTC (CAD)': { from: '2024-11-01 00:00:00', to: '2025-01-15 00:00:00', prevFrom: '2024-08-18 00:00:00', timezone: 'UTC', currency: 'CAD' },
  'a year in Berlin (USD)': { from: '2024-03-01 00:00:00', to: '2025-03-01 00:00:00', prevFrom: '2023-03-01 00:00:00', timezone: 'Europe/Berlin', currency: 'USD' },
};

describe('KPI SQL equals the TypeScript reference', () => {
  for (const [name, k] of Object.entries(CASES)) {
    it(name, async () => {
      const got = await computeKpiValues((q) => queryRows(ch.client, q), k);
      const want = referenceKpis(k, EVENTS);
      for (const p of [0, 1]) {
        for (const key of KPI_KEYS) {
          const g = got.values[p][key];
          const w = want.values[p][key];
          if (w === null) expect({ key, p, v: g }).toEqual({ key, p, v: null });
          else {
            expect(g).not.toBeNull();
            if (Math.abs(g! - w) > 1e-6 * Math.max(1, Math.abs(w))) expect({ key, p, v: g }).toEqual({ key, p, v: w });
          }
        }
      }
      // the data exercises the figures: most of them are non-null in the current period
      expect(KPI_KEYS.filter((key) => want.values[0][key] !== null).length).toBeGreaterThan(KPI_KEYS.length - 3);
      expect(got.revenueByMonth).toEqual(want.revenueByMonth);
      expect(got.stages.map((s) => ({ ...s, meanDaysInStage: Math.round(s.meanDaysInStage * 1e6) }))).toEqual(
        want.stages.map((s) => ({ ...s, meanDaysInStage: Math.round(s.meanDaysInStage * 1e6) })),
      );
    });
  }

  it('targets: defaults from the seeds, overridable, with direction', () => {
    const v = Object.fromEntries(KPI_KEYS.map((k) => [k, 0.5])) as never;
    const figs = toFigures(v, v, { referral_rate: 0.6 });
    expect(figs.find((f) => f.key === 'quote_to_customer_conversion')).toMatchObject({ target: 0.4, onTarget: true, change: 0 });
    expect(figs.find((f) => f.key === 'repeat_business_rate')).toMatchObject({ target: 0.6, onTarget: false });
    expect(figs.find((f) => f.key === 'referral_rate')).toMatchObject({ target: 0.6, onTarget: false });
    expect(figs.find((f) => f.key === 'time_to_quote_mean_hours')).toMatchObject({ target: 4, onTarget: true });
  });
});
