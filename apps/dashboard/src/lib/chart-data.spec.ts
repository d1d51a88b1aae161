import { bandShares, countBy, funnelBars, heatColor, heatTextColor, kpiSeries, maxRate, retentionGrid, sparklinePath, stageRows } from './chart-data';

describe('sparklinePath', () => {
  it('maps the min to the bottom and the max to the top', () => {
    expect(sparklinePath([0, 10], 100, 20, 0)).toBe('M0.0,20.0L100.0,0.0');
  });
  it('breaks the line at nulls', () => {
    expect(sparklinePath([1, null, 3], 100, 20, 0)).toBe('M0.0,20.0M100.0,0.0');
  });
  it('a flat series sits mid-height; an empty one draws nothing', () => {
    expect(sparklinePath([5, 5], 100, 20, 0)).toBe('M0.0,10.0L100.0,10.0');
    expect(sparklinePath([null, null], 100, 20)).toBe('');
    expect(sparklinePath([], 100, 20)).toBe('');
  });
});

describe('funnelBars', () => {
  const step = (step: number, count: number, dropOffRate: number | null) => ({ step, label: `s${step}`, count, conversionFromPrevious: null, conversionFromFirst: null, dropOff: 0, dropOffRate, medianSecondsToConvert: null, meanSecondsToConvert: null });
  it('widths are relative to the first step and the worst drop-off is flagged (not the last step)', () => {
    const b = funnelBars([step(1, 100, 0.2), step(2, 80, 0.75), step(3, 20, 1)]);
    expect(b.map((x) => x.width)).toEqual([1, 0.8, 0.2]);
    expect(b.map((x) => x.worstDropOff)).toEqual([false, true, false]);
  });
  it('an empty funnel has zero widths', () => {
    expect(funnelBars([step(1, 0, null), step(2, 0, null)]).map((x) => x.width)).toEqual([0, 0]);
  });
});

describe('retention heatmap', () => {
  const cohorts = [
    { cohort: '2024-01-01', size: 10, recurring: [0, 1, 2].map((p) => ({ period: p, units: [10, 5, 2][p], rate: [1, 0.5, 0.2][p] })) },
    { cohort: '2024-02-01', size: 4, recurring: [0, 1, 2].map((p) => ({ period: p, units: [4, 1, 0][p], rate: [1, 0.25, 0][p] })) },
  ];
  it('periods after today are empty, not zero', () => {
    const g = retentionGrid(cohorts, 'month', '2024-03-15');
    expect(g[0].cells.every((c) => c !== null)).toBe(true);
    expect(g[1].cells[2]).toBeNull();
    expect(g[1].cells[1]).toEqual({ units: 1, rate: 0.25 });
  });
  it('colour scale tops out at the best non-trivial rate (period 0 is always 100%)', () => {
    const g = retentionGrid(cohorts, 'month', '2024-12-31');
    expect(maxRate(g)).toBe(0.5);
    expect(heatColor(0.5, 0.5)).toBe('rgb(29,78,216)');
    expect(heatColor(0, 0.5)).toBe('rgb(247,250,255)');
    expect(heatColor(0.9, 0.5)).toBe('rgb(29,78,216)');
    expect(heatTextColor(0.5, 0.5)).toBe('#fff');
    expect(heatTextColor(0.1, 0.5)).toBe('#1f2937');
  });
  it('weekly cohorts step by 7 days', () => {
    const g = retentionGrid([{ cohort: '2024-01-01', size: 1, recurring: [{ period: 0, units: 1, rate: 1 }, { period: 2, units: 0, rate: 0 }] }], 'week', '2024-01-10');
    expect(g[0].cells[1]).toBeNull();
  });
});

describe('other shaping', () => {
  it('stage rows put both periods side by side in lifecycle order', () => {
    const rows = stageRows([
      { asOf: 'current', stage: 'active', customers: 5, meanDaysInStage: 40 },
      { asOf: 'previous', stage: 'active', customers: 3, meanDaysInStage: 30 },
      { asOf: 'current', stage: 'prospect', customers: 7, meanDaysInStage: 5 },
      { asOf: 'previous', stage: 'inactive', customers: 1, meanDaysInStage: 100 },
    ]);
    expect(rows).toEqual([
      { stage: 'prospect', current: 7, previous: 0, meanDaysInStage: 5 },
      { stage: 'active', current: 5, previous: 3, meanDaysInStage: 40 },
      { stage: 'inactive', current: 0, previous: 1, meanDaysInStage: null },
    ]);
  });
  it('countBy keeps the pipeline order, then the rest alphabetically', () => {
    expect(countBy(['sent', 'draft', 'zzz', 'sent', 'aaa'], (x) => x, ['draft', 'sent'])).toEqual([
      { key: 'draft', count: 1 },
      { key: 'sent', count: 2 },
      { key: 'aaa', count: 1 },
      { key: 'zzz', count: 1 },
    ]);
  });
  it('kpiSeries lines up per-bucket answers by key, with gaps as null', () => {
    expect(kpiSeries([{ label: 'a', kpis: [{ key: 'revenue', value: 1 }] }, { label: 'b', kpis: [] }, { label: 'c', kpis: [{ key: 'revenue', value: 3 }, { key: 'nps', value: 10 }] }])).toEqual({ revenue: [1, null, 3], nps: [null, null, 10] });
  });
  it('band shares sum to one and survive empty buckets', () => {
    const [a, b] = bandShares([{ bucket: 'x', green: 2, yellow: 1, red: 1 }, { bucket: 'y', green: 0, yellow: 0, red: 0 }]);
    expect(a.greenShare + a.yellowShare + a.redShare).toBeCloseTo(1);
    expect(a.redShare).toBe(0.25);
    expect(b.total).toBe(0);
    expect(b.greenShare).toBe(0);
  });
});
