import { LifecycleEvent as E } from '@northstar/contracts';
import { IS_INTERACTION_SQL } from '@northstar/health';

/** Numeric features of the churn model, in model order (every one computed as of the cutoff). */
export const CHURN_FEATURES = [
  'recency_days',
  'tenure_days',
  'frequency_90d',
  'frequency_365d',
  'active_days_90d',
  'engagement_trend',
  'usage_trend',
  'monetary_365d',
  'purchases_365d',
  'avg_days_to_payment',
  'failed_payments_180d',
  'overdue_180d',
  'tickets_90d',
  'escalations_90d',
  'latest_csat',
  'latest_nps',
  'relationship_90d',
  'referrals_365d',
] as const;
export type ChurnFeature = (typeof CHURN_FEATURES)[number];

const q = (s: string) => `'${s}'`;

/**
 * Churn features per customer as of `{asOf}`. The only rows read are those with
 * `timestamp < {asOf}` (a WHERE on the scan, not per-aggregate conditions), so a
 * feature cannot see the future however it is written: that is the no-leakage
 * guarantee, and a test adds events after the cutoff and checks nothing moves.
 * `{activeWithinDays}` limits the population to customers not already long gone.
 * Also returns the BG/NBD inputs (purchase days) for non-contract customers.
 */
export function churnFeaturesSql(opts: { restrictToIds?: boolean } = {}): string {
  const d = (days: number) => `timestamp >= {asOf:DateTime64(3)} - INTERVAL ${days} DAY`;
  const I = IS_INTERACTION_SQL;
  const purchase = `event = ${q(E.PaymentReceived)}`;
  // if(): short-circuit evaluation parses JSON only on the rows that need it.
  const fb = `if(event = ${q(E.FeedbackSubmitted)}, JSONExtractString(properties, 'kind'), '')`;
  const score = `if(event = ${q(E.FeedbackSubmitted)}, JSONExtractFloat(properties, 'score'), 0)`;
  return `
SELECT
  customer_id,
  customer_type,
  toFloat64(dateDiff('day', last_interaction, {asOf:DateTime64(3)})) AS recency_days,
  toFloat64(dateDiff('day', first_seen, {asOf:DateTime64(3)})) AS tenure_days,
  toFloat64(f90) AS frequency_90d,
  toFloat64(f365) AS frequency_365d,
  toFloat64(ad90) AS active_days_90d,
  toFloat64((f30 + 1) / (f31_90 / 2 + 1)) AS engagement_trend,
  toFloat64((u30 + 1) / (u31_90 / 2 + 1)) AS usage_trend,
  toFloat64(m365) / 100 AS monetary_365d,
  toFloat64(p365) AS purchases_365d,
  if(paid_n = 0, NULL, toFloat64(dtp)) AS avg_days_to_payment,
  toFloat64(failed180) AS failed_payments_180d,
  toFloat64(overdue180) AS overdue_180d,
  toFloat64(t90) AS tickets_90d,
  toFloat64(e90) AS escalations_90d,
  if(csat_n = 0, NULL, toFloat64(csat)) AS latest_csat,
  if(nps_n = 0, NULL, toFloat64(nps)) AS latest_nps,
  toFloat64(rel90) AS relationship_90d,
  toFloat64(ref365) AS referrals_365d,
  toFloat64(greatest(purchase_days - 1, 0)) AS bg_x,
  toFloat64(if(purchase_days = 0, 0, dateDiff('day', first_purchase, last_purchase))) AS bg_tx,
  toFloat64(if(purchase_days = 0, 0, dateDiff('day', first_purchase, {asOf:DateTime64(3)}))) AS bg_T
FROM (
  SELECT
    customer_id,
    argMaxIf(if(event = ${q(E.CustomerRegistered)}, JSONExtractString(properties, 'customerType'), ''), timestamp, event = ${q(E.CustomerRegistered)}) AS customer_type,
    min(timestamp) AS first_seen,
    if(countIf(${I}) = 0, min(timestamp), maxIf(timestamp, ${I})) AS last_interaction,
    countIf(${I} AND ${d(30)}) AS f30,
    countIf(${I} AND ${d(90)} AND NOT ${d(30)}) AS f31_90,
    countIf(${I} AND ${d(90)}) AS f90,
    countIf(${I} AND ${d(365)}) AS f365,
    uniqExactIf(toDate(timestamp), ${I} AND ${d(90)}) AS ad90,
    countIf(type IN ('track', 'page', 'screen') AND ${d(30)}) AS u30,
    countIf(type IN ('track', 'page', 'screen') AND ${d(90)} AND NOT ${d(30)}) AS u31_90,
    sumIf(amount_minor, ${purchase} AND ${d(365)}) AS m365,
    countIf(${purchase} AND ${d(365)}) AS p365,
    countIf(event = ${q(E.InvoicePaid)} AND ${d(365)}) AS paid_n,
    avgIf(if(event = ${q(E.InvoicePaid)}, JSONExtractFloat(properties, 'daysToPayment'), 0), event = ${q(E.InvoicePaid)} AND ${d(365)}) AS dtp,
    countIf(event = ${q(E.PaymentFailed)} AND ${d(180)}) AS failed180,
    countIf(event = ${q(E.InvoiceOverdue)} AND ${d(180)}) AS overdue180,
    countIf(event = ${q(E.TicketOpened)} AND ${d(90)}) AS t90,
    countIf(event = ${q(E.TicketEscalated)} AND ${d(90)}) AS e90,
    countIf(${fb} = 'csat') AS csat_n,
    argMaxIf(${score}, timestamp, ${fb} = 'csat') AS csat,
    countIf(${fb} = 'nps') AS nps_n,
    argMaxIf(${score}, timestamp, ${fb} = 'nps') AS nps,
    countIf(event IN (${q(E.CheckInLogged)}, ${q(E.OutreachResponded)}) AND ${d(90)}) AS rel90,
    countIf(event = ${q(E.ReferralMade)} AND ${d(365)}) AS ref365,
    uniqExactIf(toDate(timestamp), ${purchase}) AS purchase_days,
    minIf(timestamp, ${purchase}) AS first_purchase,
    maxIf(timestamp, ${purchase}) AS last_purchase
  FROM events FINAL
  WHERE customer_id != '' AND timestamp < {asOf:DateTime64(3)}${opts.restrictToIds ? ' AND customer_id IN {ids:Array(String)}' : ''}
  GROUP BY customer_id
)
WHERE recency_days <= {activeWithinDays:UInt32}
ORDER BY customer_id`;
}

/**
 * Label: did the customer interact at all in (asOf, asOf + horizon]? Churned = no.
 * Reads only that window, separately from the features.
 */
export function churnLabelsSql(): string {
  return `
SELECT customer_id, toUInt8(countIf(${IS_INTERACTION_SQL}) > 0) AS active
FROM events FINAL
WHERE customer_id != '' AND timestamp >= {asOf:DateTime64(3)} AND timestamp < {asOf:DateTime64(3)} + INTERVAL {horizonDays:UInt32} DAY
GROUP BY customer_id`;
}
