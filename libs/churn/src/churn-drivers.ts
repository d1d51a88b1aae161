import type { ColumnData } from './arrow-reader';

export interface Driver {
  feature: string;
  /** coefficient × standardised value: how much this feature pushes the log-odds of churn up. */
  contribution: number;
  value: number | null;
  text: string;
}

const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;

/** A sentence a customer-success manager can read, from the feature's raw value. */
export function driverText(feature: string, value: number | null, row: (f: string) => number | null): string {
  const v = value ?? 0;
  switch (feature) {
    case 'recency_days':
      return `No interaction for ${Math.round(v)} days`;
    case 'tenure_days':
      return `Customer for only ${Math.round(v)} days`;
    case 'frequency_90d':
      return `Only ${plural(Math.round(v), 'interaction')} in the last 90 days`;
    case 'frequency_365d':
      return `Only ${plural(Math.round(v), 'interaction')} in the last year`;
    case 'active_days_90d':
      return `Active on only ${plural(Math.round(v), 'day')} in the last 90 days`;
    case 'engagement_trend':
      return v < 1 ? `Activity down ${Math.round((1 - v) * 100)}% versus the two months before` : `Activity pattern changed (${v.toFixed(1)}× the two months before)`;
    case 'usage_trend':
      return v < 1 ? `Product usage down ${Math.round((1 - v) * 100)}% versus the two months before` : `Usage pattern changed`;
    case 'monetary_365d':
      return `Spent only ${v.toFixed(0)} in the last year`;
    case 'purchases_365d':
      return `Only ${plural(Math.round(v), 'payment')} in the last year`;
    case 'avg_days_to_payment':
      return value === null ? 'No paid invoices yet' : `Takes ${Math.round(v)} days on average to pay invoices`;
    case 'failed_payments_180d':
      return `${plural(Math.round(v), 'failed payment')} in the last 180 days`;
    case 'overdue_180d':
      return `${plural(Math.round(v), 'overdue invoice')} in the last 180 days`;
    case 'tickets_90d':
      return `${plural(Math.round(v), 'support ticket')} in the last 90 days`;
    case 'escalations_90d':
      return `${plural(Math.round(v), 'escalated ticket')} in the last 90 days`;
    case 'latest_csat':
      return value === null ? 'Never rated us (CSAT)' : `Latest CSAT ${v}/5`;
    case 'latest_nps':
      return value === null ? 'Never answered an NPS survey' : `Latest NPS ${v}/10${v <= 6 ? ' (detractor)' : ''}`;
    case 'relationship_90d':
      return `${plural(Math.round(v), 'check-in or outreach response')} in the last 90 days`;
    case 'referrals_365d':
      return `No referrals in the last year`;
    case 'has_latest_csat':
      return row('latest_csat') === null ? 'Never rated us (CSAT)' : `Latest CSAT ${row('latest_csat')}/5`;
    case 'has_latest_nps':
      return row('latest_nps') === null ? 'Never answered an NPS survey' : `Latest NPS ${row('latest_nps')}/10`;
    case 'has_avg_days_to_payment':
      return row('avg_days_to_payment') === null ? 'No paid invoices in the last year' : 'Has paid invoices';
    default:
      if (feature.startsWith('type_')) return `${feature.slice(5)} customer`;
      return feature;
  }
}

/** The top risk-increasing drivers of one customer (positive contributions only). */
export function topDrivers(names: string[], weights: number[], X: Float64Array, i: number, columns: ColumnData, k = 3): Driver[] {
  const d = names.length;
  const raw = (f: string) => {
    const col = columns[f] as (number | null)[] | undefined;
    return col ? (col[i] as number | null) : null;
  };
  const contributions = names.map((feature, j) => ({ feature, contribution: weights[j] * X[i * d + j] }));
  return contributions
    .filter((c) => c.contribution > 0.05)
    .sort((a, b) => b.contribution - a.contribution)
    .slice(0, k)
    .map((c) => {
      const value = raw(c.feature);
      return { feature: c.feature, contribution: Math.round(c.contribution * 1000) / 1000, value, text: driverText(c.feature, value, raw) };
    });
}
