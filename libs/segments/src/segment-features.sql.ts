import { LifecycleEvent as E } from '@northstar/contracts';
import { IS_INTERACTION_SQL } from '@northstar/health';

export interface SegmentFeaturesRow {
  customer_id: string;
  customer_type: string;
  tenure_days: number;
  days_since_interaction: number | null;
  interactions_90d: number;
  interactions_prev_90d: number;
  purchases_total: number;
  first_purchase_days: number | null;
  recency_days: number | null;
  frequency: number;
  monetary_minor: number;
  referrals: number;
  quotes_sent: number;
  r_score: number;
  f_score: number;
  m_score: number;
}

const q = (s: string) => `'${s}'`;

/**
 * RFM inputs and quintile scores for every customer as of `{asOf}` in one
 * statement: purchases are Payment Received events, F and M over the last
 * `{windowDays}`, R = days since the last purchase. Quintiles (ntile over
 * customers who bought) make 5 the best; customers who never bought score 0.
 */
export function segmentFeaturesSql(): string {
  const purchase = `event = ${q(E.PaymentReceived)}`;
  const d = (days: string) => `timestamp >= {asOf:DateTime64(3)} - INTERVAL ${days} DAY`;
  return `
SELECT *,
  if(purchases_total = 0, 0, toUInt8(ntile(5) OVER (PARTITION BY purchases_total > 0 ORDER BY recency_days DESC, customer_id))) AS r_score,
  if(purchases_total = 0, 0, toUInt8(ntile(5) OVER (PARTITION BY purchases_total > 0 ORDER BY frequency, customer_id))) AS f_score,
  if(purchases_total = 0, 0, toUInt8(ntile(5) OVER (PARTITION BY purchases_total > 0 ORDER BY monetary_minor, customer_id))) AS m_score
FROM (
  SELECT
    customer_id,
    argMaxIf(if(event = ${q(E.CustomerRegistered)}, JSONExtractString(properties, 'customerType'), ''), timestamp, event = ${q(E.CustomerRegistered)}) AS customer_type,
    dateDiff('day', min(timestamp), {asOf:DateTime64(3)}) AS tenure_days,
    if(countIf(${IS_INTERACTION_SQL}) = 0, NULL, dateDiff('day', maxIf(timestamp, ${IS_INTERACTION_SQL}), {asOf:DateTime64(3)})) AS days_since_interaction,
    countIf(${IS_INTERACTION_SQL} AND ${d('90')}) AS interactions_90d,
    countIf(${IS_INTERACTION_SQL} AND ${d('180')} AND NOT ${d('90')}) AS interactions_prev_90d,
    countIf(${purchase}) AS purchases_total,
    if(purchases_total = 0, NULL, dateDiff('day', minIf(timestamp, ${purchase}), {asOf:DateTime64(3)})) AS first_purchase_days,
    if(purchases_total = 0, NULL, dateDiff('day', maxIf(timestamp, ${purchase}), {asOf:DateTime64(3)})) AS recency_days,
    countIf(${purchase} AND ${d('{windowDays:UInt32}')}) AS frequency,
    sumIf(amount_minor, ${purchase} AND ${d('{windowDays:UInt32}')}) AS monetary_minor,
    countIf(event = ${q(E.ReferralMade)}) AS referrals,
    countIf(event IN (${q(E.QuoteSent)}, ${q(E.QuoteViewed)})) AS quotes_sent
  FROM events FINAL
  WHERE customer_id != '' AND timestamp < {asOf:DateTime64(3)}
  GROUP BY customer_id
)`;
}
