/** Answers of /analytics/*: the KPI summary and series, funnels, drop-offs and retention (libs/analytics). */

/** Every KPI the summary reports: label, unit, which way is good, and the default target. */
export const KPI_DEFINITIONS = {
  quote_to_customer_conversion: { label: 'Quote-to-customer conversion', unit: 'ratio', better: 'higher', target: 0.4 },
  time_to_quote_mean_hours: { label: 'Time to quote (mean)', unit: 'hours', better: 'lower', target: 4 },
  time_to_quote_median_hours: { label: 'Time to quote (median)', unit: 'hours', better: 'lower', target: null },
  time_to_quote_within_4h: { label: 'Inquiries quoted within 4 hours', unit: 'ratio', better: 'higher', target: null },
  quote_accuracy: { label: 'Projects billed within 10% of quote', unit: 'ratio', better: 'higher', target: 0.95 },
  csat: { label: 'Customer satisfaction (share scoring 4–5)', unit: 'ratio', better: 'higher', target: 0.9 },
  csat_mean_score: { label: 'CSAT mean score', unit: 'score', better: 'higher', target: null },
  nps: { label: 'Net Promoter Score', unit: 'score', better: 'higher', target: null },
  average_project_value: { label: 'Average project value', unit: 'minor', better: 'higher', target: null },
  customer_lifetime_value: { label: 'Customer lifetime value', unit: 'minor', better: 'higher', target: null },
  repeat_business_rate: { label: 'Repeat business rate', unit: 'ratio', better: 'higher', target: 0.6 },
  referral_rate: { label: 'New customers from referrals', unit: 'ratio', better: 'higher', target: 0.3 },
  on_time_delivery_rate: { label: 'On-time delivery (projects)', unit: 'ratio', better: 'higher', target: 0.95 },
  milestone_on_time_rate: { label: 'On-time milestones', unit: 'ratio', better: 'higher', target: null },
  days_to_payment_mean: { label: 'Days to payment (mean)', unit: 'days', better: 'lower', target: null },
  days_to_payment_median: { label: 'Days to payment (median)', unit: 'days', better: 'lower', target: null },
  revenue: { label: 'Net revenue', unit: 'minor', better: 'higher', target: null },
  outstanding_receivables: { label: 'Outstanding receivables (period end)', unit: 'minor', better: 'lower', target: null },
  open_invoices: { label: 'Open invoices (period end)', unit: 'count', better: 'lower', target: null },
  support_volume: { label: 'Support tickets opened', unit: 'count', better: 'lower', target: null },
  resolution_mean_minutes: { label: 'Ticket resolution (mean)', unit: 'minutes', better: 'lower', target: null },
  resolution_median_minutes: { label: 'Ticket resolution (median)', unit: 'minutes', better: 'lower', target: null },
  lead_response_mean_minutes: { label: 'Lead response (mean business minutes)', unit: 'minutes', better: 'lower', target: 240 },
  lead_response_median_minutes: { label: 'Lead response (median business minutes)', unit: 'minutes', better: 'lower', target: null },
  lead_response_within_2h: { label: 'Leads answered within 2 hours', unit: 'ratio', better: 'higher', target: null },
  lead_response_within_4h: { label: 'Leads answered within 4 hours', unit: 'ratio', better: 'higher', target: 0.95 },
} as const satisfies Record<string, { label: string; unit: KpiUnit; better: 'higher' | 'lower'; target: number | null }>;

/** How a figure is shown: money in minor units, ratios as 0..1. */
export type KpiUnit = 'ratio' | 'hours' | 'days' | 'minutes' | 'score' | 'minor' | 'count';
export type KpiKey = keyof typeof KPI_DEFINITIONS;
export const KPI_KEYS = Object.keys(KPI_DEFINITIONS) as KpiKey[];

/** Raw figures for one period; null when there is nothing to divide by. */
export type KpiValues = Record<KpiKey, number | null>;

export interface KpiFigure {
  key: KpiKey;
  label: string;
  unit: KpiUnit;
  value: number | null;
  previous: number | null;
  change: number | null;
  changeRatio: number | null;
  target: number | null;
  onTarget: boolean | null;
}

export interface KpiPeriod {
  from: string;
  to: string;
  timezone: string;
  currency: string;
}

/** GET /analytics/kpis. */
export interface KpiSummary {
  period: KpiPeriod & { previousFrom: string };
  kpis: KpiFigure[];
  revenueByMonth: { month: string; netMinor: number }[];
  stages: { asOf: 'current' | 'previous'; stage: string; customers: number; meanDaysInStage: number }[];
}

/** GET /analytics/kpis/series: KPI values of consecutive sub-periods (sparklines) in one call. */
export interface KpiSeries {
  period: KpiPeriod;
  buckets: { from: string; to: string; values: KpiValues }[];
}

/** How fresh a served analytics result is; every cached endpoint returns these beside its figures. */
export interface Freshness {
  /** When the computation that produced the figures started: data landed after this is not in them. */
  computedAt: string;
  /** The data version the figures were computed at (opaque, increasing); null when Redis could not be read. */
  dataVersion: number | null;
  /** true when served from the snapshot cache, false when computed for this request. */
  cached: boolean;
  /** true when a preset was served from a snapshot older than the current data version (stale-while-revalidate). */
  stale: boolean;
}

export type Fresh<T> = T & Freshness;

export interface FunnelStepResult {
  step: number;
  label: string;
  event: string;
  count: number;
  conversionFromPrevious: number | null;
  conversionFromFirst: number | null;
  dropOff: number;
  dropOffRate: number | null;
  meanSecondsToConvert: number | null;
  medianSecondsToConvert: number | null;
}

/** One bucket of the conversion trend: units that entered in it and how many reached each step. */
export interface FunnelTrendBucket {
  bucket: string;
  entered: number;
  converted: number;
  conversion: number | null;
  reached: number[];
}

/** POST /analytics/funnels, GET /analytics/funnels/lifecycle; `Definition` is the validated query echoed back. */
export interface FunnelResult<Definition = unknown> {
  definition: Definition;
  steps: FunnelStepResult[];
  overTime: FunnelTrendBucket[];
  breakdown?: { value: string; steps: FunnelStepResult[] }[];
}

/** GET /analytics/funnels/:id/dropped: who reached a step and not the next. */
export interface DroppedUnits {
  step: number;
  label: string;
  nextStep: string | null;
  units: { unit: string; enteredAt: string; reachedAt: string }[];
}

export interface RetentionCell {
  period: number;
  units: number;
  rate: number;
}

export interface RetentionCohort {
  cohort: string;
  size: number;
  /** Per period 0..periods: units with a return in that period, and the share of the cohort. */
  recurring: RetentionCell[];
  firstTime: RetentionCell[];
}

/** GET /analytics/retention; `Query` is the validated query echoed back. */
export interface RetentionResult<Query = { interval: 'week' | 'month'; periods: number }> {
  query: Query;
  cohorts: RetentionCohort[];
}
