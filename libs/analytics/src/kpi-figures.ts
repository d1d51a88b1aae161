import { KPI_DEFINITIONS, KPI_KEYS, type KpiFigure, type KpiKey, type KpiSummary, type KpiValues } from '@northstar/api-contracts';
import type { BuiltSql } from './funnel.sql';
import {
  kpiAsOfSql,
  kpiPeriodSql,
  quoteConversionSql,
  referralSql,
  revenueByMonthSql,
  stageCountsSql,
  timeToQuoteSql,
  type KpiPeriods,
} from './kpi.sql';

export type Runner = <T = Record<string, unknown>>(q: BuiltSql) => Promise<T[]>;

// The KPI catalogue and the summary's shape are the dashboard's contract too (libs/api-contracts).
export { KPI_DEFINITIONS, KPI_KEYS } from '@northstar/api-contracts';
export type { KpiFigure, KpiKey, KpiSummary, KpiValues } from '@northstar/api-contracts';

const n = (v: unknown): number | null => (v === null || v === undefined || v === '' || Number.isNaN(Number(v)) ? null : Number(v));
const ratio = (a: unknown, b: unknown) => (n(b) ? n(a)! / n(b)! : null);

/** The KPI summary's queries, heaviest first (each runner takes the next as soon as it is free); also the cache key's material. */
export function kpiQueries(k: KpiPeriods): BuiltSql[] {
  return [kpiAsOfSql(k), stageCountsSql(k), kpiPeriodSql(k), referralSql(k), quoteConversionSql(k), timeToQuoteSql(k), revenueByMonthSql(k)];
}

/**
 * Runs the KPI queries (each covers both periods) and turns rows into figures.
 * Given several runners (clients), the queries are spread over them: the embedded
 * engine runs one statement per client at a time, so two clients overlap the
 * longest (history) queries with the rest.
 */
export async function computeKpiValues(
  runners: Runner | Runner[],
  k: KpiPeriods,
): Promise<{ values: [KpiValues, KpiValues]; revenueByMonth: KpiSummary['revenueByMonth']; stages: KpiSummary['stages'] }> {
  const pool = Array.isArray(runners) ? runners : [runners];
  const queries = kpiQueries(k);
  const rows: Record<string, unknown>[][] = [];
  let next = 0;
  await Promise.all(
    pool.map(async (run) => {
      for (let i = next++; i < queries.length; i = next++) rows[i] = await run(queries[i]);
    }),
  );
  const [[asOf], stages, period, refs, conv, ttq, rev] = rows as [
    Record<string, unknown>[],
    { p: unknown; stage: string; customers: unknown; mean_days_in_stage: unknown }[],
    ...Record<string, unknown>[][],
  ];
  const at = (rows: Record<string, unknown>[], p: number) => rows.find((r) => Number(r.p) === p) ?? {};
  const values = [0, 1].map((p) => {
    const x = at(period, p);
    const t = at(ttq, p);
    const c = at(conv, p);
    const r = at(refs, p);
    const a = asOf ?? {};
    const v: KpiValues = {
      quote_to_customer_conversion: ratio(c.accepted, c.sent),
      time_to_quote_mean_hours: n(t.quoted) ? n(t.mean_hours) : null,
      time_to_quote_median_hours: n(t.quoted) ? n(t.median_hours) : null,
      time_to_quote_within_4h: ratio(t.within_4h, t.inquiries),
      quote_accuracy: ratio(x.projects_accurate, x.projects_quoted),
      csat: ratio(x.csat_satisfied, x.csat_n),
      csat_mean_score: n(x.csat_n) ? n(x.csat_mean) : null,
      nps: n(x.nps_n) ? ((n(x.promoters)! - n(x.detractors)!) * 100) / n(x.nps_n)! : null,
      average_project_value: n(x.projects) ? n(x.avg_project_value) : null,
      customer_lifetime_value: n(a[`clv${p}`]),
      repeat_business_rate: ratio(a[`repeat${p}`], a[`repeat_base${p}`]),
      referral_rate: ratio(r.referred, r.new_customers),
      on_time_delivery_rate: ratio(x.projects_on_time, x.projects),
      milestone_on_time_rate: ratio(x.milestones_on_time, x.milestones),
      days_to_payment_mean: n(x.invoices_paid) ? n(x.dtp_mean) : null,
      days_to_payment_median: n(x.invoices_paid) ? n(x.dtp_median) : null,
      revenue: (n(x.payments) ?? 0) - (n(x.refunds) ?? 0),
      outstanding_receivables: n(a[`receivables${p}`]) ?? 0,
      open_invoices: n(a[`open_invoices${p}`]) ?? 0,
      support_volume: n(x.tickets_opened) ?? 0,
      resolution_mean_minutes: n(x.tickets_resolved) ? n(x.resolution_mean) : null,
      resolution_median_minutes: n(x.tickets_resolved) ? n(x.resolution_median) : null,
      lead_response_mean_minutes: n(x.responses) ? n(x.response_mean) : null,
      lead_response_median_minutes: n(x.responses) ? n(x.response_median) : null,
      lead_response_within_2h: ratio(x.responses_2h, x.responses),
      lead_response_within_4h: ratio(x.responses_4h, x.responses),
    };
    return v;
  }) as [KpiValues, KpiValues];
  return {
    values,
    revenueByMonth: rev.map((r) => ({ month: String(r.month), netMinor: Number(r.net_minor) })),
    stages: stages.map((s) => ({
      asOf: Number(s.p) === 0 ? 'current' : 'previous',
      stage: s.stage,
      customers: Number(s.customers),
      meanDaysInStage: Number(s.mean_days_in_stage),
    })),
  };
}

export function toFigures(cur: KpiValues, prev: KpiValues, targets: Partial<Record<KpiKey, number | null>>): KpiFigure[] {
  return KPI_KEYS.map((key) => {
    const d = KPI_DEFINITIONS[key];
    const value = cur[key];
    const previous = prev[key];
    const target = key in targets ? (targets[key] ?? null) : d.target;
    const change = value !== null && previous !== null ? value - previous : null;
    return {
      key,
      label: d.label,
      unit: d.unit,
      value,
      previous,
      change,
      changeRatio: change !== null && previous ? change / Math.abs(previous) : null,
      target,
      onTarget: value === null || target === null ? null : d.better === 'higher' ? value >= target : value <= target,
    };
  });
}
