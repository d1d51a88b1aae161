/** Pure shaping of API answers into what the charts draw. No React here, so it is unit-tested. */

/** An SVG path for a sparkline in a w×h box; nulls break the line. Flat series sit mid-height. */
export function sparklinePath(values: (number | null)[], w: number, h: number, pad = 2): string {
  const nums = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (nums.length === 0) return '';
  const min = Math.min(...nums);
  const max = Math.max(...nums);
  const span = max - min;
  const step = values.length > 1 ? (w - 2 * pad) / (values.length - 1) : 0;
  let d = '';
  let pen = false;
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) {
      pen = false;
      return;
    }
    const x = values.length > 1 ? pad + i * step : w / 2;
    const y = span === 0 ? h / 2 : pad + (1 - (v - min) / span) * (h - 2 * pad);
    d += `${pen ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)}`;
    pen = true;
  });
  return d;
}

export interface FunnelStepIn {
  step: number;
  label: string;
  count: number;
  conversionFromPrevious: number | null;
  conversionFromFirst: number | null;
  dropOff: number;
  dropOffRate: number | null;
  medianSecondsToConvert: number | null;
  meanSecondsToConvert: number | null;
}

export interface FunnelBar extends FunnelStepIn {
  /** Width relative to the first step, 0..1. */
  width: number;
  /** The step with the biggest share lost to the next one is flagged. */
  worstDropOff: boolean;
}

export function funnelBars(steps: FunnelStepIn[]): FunnelBar[] {
  const first = steps[0]?.count ?? 0;
  let worst = -1;
  let worstRate = -1;
  steps.forEach((s, i) => {
    if (i < steps.length - 1 && s.dropOffRate !== null && s.dropOffRate > worstRate) {
      worstRate = s.dropOffRate;
      worst = i;
    }
  });
  return steps.map((s, i) => ({ ...s, width: first ? s.count / first : 0, worstDropOff: i === worst && worstRate > 0 }));
}

/** Heatmap cell colour: white at 0, deep blue at the best rate in view (so sparse data is still readable). */
export function heatColor(rate: number, maxRate: number): string {
  const t = maxRate > 0 ? Math.max(0, Math.min(1, rate / maxRate)) : 0;
  const mix = (a: number, b: number) => Math.round(a + (b - a) * t);
  return `rgb(${mix(247, 29)},${mix(250, 78)},${mix(255, 216)})`;
}

/** Text on a cell must stay readable on both ends of the scale. */
export function heatTextColor(rate: number, maxRate: number): string {
  return maxRate > 0 && rate / maxRate > 0.55 ? '#fff' : '#1f2937';
}

export interface RetentionCohortIn {
  cohort: string;
  size: number;
  recurring: { period: number; units: number; rate: number }[];
}

/**
 * Rows for the heatmap. Periods that have not happened yet for a cohort (after
 * `asOf`) are null rather than 0 — an empty future is not churn.
 */
export function retentionGrid(cohorts: RetentionCohortIn[], interval: 'week' | 'month', asOf: string): { cohort: string; size: number; cells: ({ units: number; rate: number } | null)[]; }[] {
  const lastBucket = (c: string, p: number) => {
    const d = new Date(`${c}T00:00:00Z`);
    if (interval === 'month') d.setUTCMonth(d.getUTCMonth() + p);
    else d.setUTCDate(d.getUTCDate() + 7 * p);
    return d.toISOString().slice(0, 10);
  };
  return cohorts.map((c) => ({
    cohort: c.cohort,
    size: c.size,
    cells: c.recurring.map((r) => (lastBucket(c.cohort, r.period) > asOf ? null : { units: r.units, rate: r.rate })),
  }));
}

export function maxRate(grid: { cells: ({ rate: number } | null)[] }[], skipFirst = true): number {
  let m = 0;
  for (const row of grid) row.cells.forEach((c, i) => c && !(skipFirst && i === 0) && c.rate > m && (m = c.rate));
  return m;
}

export interface StageIn {
  asOf: 'current' | 'previous';
  stage: string;
  customers: number;
  meanDaysInStage: number;
}

/** One row per stage with both periods side by side, in lifecycle order. */
export function stageRows(stages: StageIn[]): { stage: string; current: number; previous: number; meanDaysInStage: number | null }[] {
  const order = ['prospect', 'lead', 'opportunity', 'new', 'new_customer', 'active', 'established', 'loyal', 'mature', 'at_risk', 'at-risk', 'inactive', 'churned'];
  const names = [...new Set(stages.map((s) => s.stage))].sort((a, b) => {
    const ia = order.indexOf(a);
    const ib = order.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
  });
  return names.map((stage) => {
    const cur = stages.find((s) => s.stage === stage && s.asOf === 'current');
    const prev = stages.find((s) => s.stage === stage && s.asOf === 'previous');
    return { stage, current: cur?.customers ?? 0, previous: prev?.customers ?? 0, meanDaysInStage: cur ? cur.meanDaysInStage : null };
  });
}

/** Counts by a key, in a fixed order first (e.g. quote states along the pipeline), then the rest. */
export function countBy<T>(rows: T[], key: (r: T) => string, order: string[] = []): { key: string; count: number }[] {
  const m = new Map<string, number>();
  for (const r of rows) m.set(key(r), (m.get(key(r)) ?? 0) + 1);
  const keys = [...order.filter((k) => m.has(k)), ...[...m.keys()].filter((k) => !order.includes(k)).sort()];
  return keys.map((k) => ({ key: k, count: m.get(k)! }));
}

export interface SeriesPoint {
  label: string;
  [key: string]: number | string | null;
}

/** Per-bucket KPI answers → one series per KPI key (for sparklines and the receivables chart). */
export function kpiSeries(buckets: { label: string; kpis: { key: string; value: number | null }[] }[]): Record<string, (number | null)[]> {
  const out: Record<string, (number | null)[]> = {};
  buckets.forEach((b, i) => {
    for (const k of b.kpis) {
      (out[k.key] ??= Array(buckets.length).fill(null))[i] = k.value;
    }
  });
  return out;
}

/** Health bands per bucket as shares (stacked 100% chart) — counts kept for the tooltip/table. */
export function bandShares(rows: { bucket: string; green: number; yellow: number; red: number }[]) {
  return rows.map((r) => {
    const total = r.green + r.yellow + r.red;
    return { ...r, total, greenShare: total ? r.green / total : 0, yellowShare: total ? r.yellow / total : 0, redShare: total ? r.red / total : 0 };
  });
}
