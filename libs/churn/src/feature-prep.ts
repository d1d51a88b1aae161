import { CHURN_FEATURES } from './churn-features.sql';
import type { ColumnData } from './arrow-reader';

/** Everything needed to turn raw features into the model's standardised matrix, stored with the model. */
export interface PrepSpec {
  numeric: string[];
  /** Heavy-tailed counts and amounts: log1p before scaling. */
  log1p: string[];
  /** Median of the training window, used for missing values. */
  fill: Record<string, number>;
  /** Missing-value indicators (a customer who never answered an NPS survey is informative). */
  indicators: string[];
  /** One-hot categories of customer_type (fitted on training data). */
  categories: string[];
  /** Column names of the final matrix, in order. */
  names: string[];
  means: number[];
  stds: number[];
}

const LOG1P = new Set([
  'recency_days', 'tenure_days', 'frequency_90d', 'frequency_365d', 'active_days_90d', 'monetary_365d', 'purchases_365d',
  'avg_days_to_payment', 'failed_payments_180d', 'overdue_180d', 'tickets_90d', 'escalations_90d', 'relationship_90d', 'referrals_365d',
]);
const RATIO_LOG = new Set(['engagement_trend', 'usage_trend']);
const INDICATORS = ['latest_csat', 'latest_nps', 'avg_days_to_payment'];

type DanfoModule = typeof import('danfojs-node');
let danfo: DanfoModule | undefined;
// Lazy: danfo pulls TensorFlow.js (~2 s to load); only training needs it.
function dfd(): DanfoModule {
   
  danfo ??= require('danfojs-node') as DanfoModule;
  return danfo;
}

function transform(name: string, v: number): number {
  if (LOG1P.has(name)) return Math.log1p(Math.max(v, 0));
  if (RATIO_LOG.has(name)) return Math.log(Math.max(v, 1e-6));
  return v;
}

/**
 * Fits the preparation on the training window with danfo DataFrames: medians for
 * missing values, missing indicators, log transforms, one-hot customer type, and
 * the standardisation means/stds.
 */
export function fitPrep(columns: ColumnData): PrepSpec {
  const d = dfd();
  const raw: Record<string, (number | null)[] | string[]> = {};
  for (const f of CHURN_FEATURES) raw[f] = columns[f] as (number | null)[];
  raw.customer_type = (columns.customer_type as string[]).map((t) => t || 'unknown');
  let df = new d.DataFrame(raw);

  const fill: Record<string, number> = {};
  for (const f of CHURN_FEATURES) {
    const present = (df.column(f) as InstanceType<DanfoModule['Series']>).dropNa();
    fill[f] = present.count() > 0 ? Number(present.median()) : 0;
  }
  for (const f of INDICATORS) df.addColumn(`has_${f}`, (df.column(f).isNa().values as boolean[]).map((m) => (m ? 0 : 1)), { inplace: true });
  df = df.fillNa(CHURN_FEATURES.map((f) => fill[f]), { columns: [...CHURN_FEATURES] });
  for (const f of CHURN_FEATURES) df.addColumn(f, (df.column(f).values as number[]).map((v) => transform(f, v)), { inplace: true });
  const dummies = d.getDummies(df, { columns: ['customer_type'], prefix: 'type', prefixSeparator: '_' });
  const categories = dummies.columns.filter((c) => c.startsWith('type_')).map((c) => c.slice(5)).sort();

  const names = [...CHURN_FEATURES, ...INDICATORS.map((f) => `has_${f}`), ...categories.map((c) => `type_${c}`)];
  const means: number[] = [];
  const stds: number[] = [];
  for (const n of names) {
    const s = dummies.column(n);
    means.push(Number(s.mean()));
    const sd = Number(s.std());
    stds.push(Number.isFinite(sd) && sd > 1e-9 ? sd : 1);
  }
  return { numeric: [...CHURN_FEATURES], log1p: [...LOG1P], fill, indicators: INDICATORS, categories, names, means, stds };
}

/**
 * Applies a fitted preparation (plain loops: scoring 100k customers must not wait
 * for TensorFlow.js). Returns the standardised n × d matrix.
 */
export function applyPrep(columns: ColumnData, rows: number, spec: PrepSpec): Float64Array {
  const d = spec.names.length;
  const X = new Float64Array(rows * d);
  const types = columns.customer_type as string[];
  for (let i = 0; i < rows; i++) {
    let j = 0;
    const put = (v: number) => {
      X[i * d + j] = (v - spec.means[j]) / spec.stds[j];
      j++;
    };
    for (const f of spec.numeric) {
      const v = (columns[f] as (number | null)[])[i];
      put(transform(f, v === null || v === undefined || Number.isNaN(v) ? spec.fill[f] : v));
    }
    for (const f of spec.indicators) {
      const v = (columns[f] as (number | null)[])[i];
      put(v === null || v === undefined ? 0 : 1);
    }
    const t = types[i] || 'unknown';
    for (const c of spec.categories) put(t === c ? 1 : 0);
  }
  return X;
}
