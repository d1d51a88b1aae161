import { LifecycleEvent as E } from '@northstar/contracts';
import { IS_INTERACTION_SQL } from '@northstar/health';

export interface CustomerSignals {
  customer_id: string;
  days_since_interaction: number | null;
  undecided_quote_days: number | null;
  days_since_quote_rejected: number | null;
  oldest_overdue_days: number | null;
  latest_nps: number | null;
  days_since_nps: number | null;
  usage_30d: number;
  usage_prev_30d: number;
}

const q = (s: string) => `'${s}'`;

/** Every intervention trigger's input for all customers as of `{asOf}`, one pass over events. */
export function signalsSql(opts: { restrictToIds?: boolean } = {}): string {
  // if(): short-circuit evaluation parses JSON only on the rows that need it.
  const quoteId = `if(event IN (${q(E.QuoteViewed)}, ${q(E.QuoteAccepted)}, ${q(E.QuoteRejected)}, ${q(E.QuoteExpired)}), JSONExtractString(properties, 'quoteId'), '')`;
  const invoiceId = `if(event IN (${q(E.InvoiceOverdue)}, ${q(E.InvoicePaid)}), JSONExtractString(properties, 'invoiceId'), '')`;
  const fb = `if(event = ${q(E.FeedbackSubmitted)}, JSONExtractString(properties, 'kind'), '')`;
  const score = `if(event = ${q(E.FeedbackSubmitted)}, JSONExtractFloat(properties, 'score'), 0)`;
  const d = (days: number) => `timestamp >= {asOf:DateTime64(3)} - INTERVAL ${days} DAY`;
  return `
SELECT
  customer_id,
  if(n_interactions = 0, NULL, dateDiff('day', last_interaction, {asOf:DateTime64(3)})) AS days_since_interaction,
  if(length(undecided) = 0, NULL, dateDiff('day', arrayMin(undecided), {asOf:DateTime64(3)})) AS undecided_quote_days,
  if(n_rejected = 0, NULL, dateDiff('day', last_rejected, {asOf:DateTime64(3)})) AS days_since_quote_rejected,
  if(length(open_overdue) = 0, NULL, dateDiff('day', arrayMin(open_overdue), {asOf:DateTime64(3)})) AS oldest_overdue_days,
  if(n_nps = 0, NULL, nps) AS latest_nps,
  if(n_nps = 0, NULL, dateDiff('day', nps_at, {asOf:DateTime64(3)})) AS days_since_nps,
  usage_30d, usage_prev_30d
FROM (
  SELECT
    customer_id,
    countIf(${IS_INTERACTION_SQL}) AS n_interactions,
    maxIf(timestamp, ${IS_INTERACTION_SQL}) AS last_interaction,
    groupArrayIf((${quoteId}, timestamp), event = ${q(E.QuoteViewed)}) AS views,
    groupUniqArrayIf(${quoteId}, event IN (${q(E.QuoteAccepted)}, ${q(E.QuoteRejected)}, ${q(E.QuoteExpired)})) AS decided,
    arrayMap(p -> p.2, arrayFilter(p -> NOT has(decided, p.1), views)) AS undecided,
    countIf(event = ${q(E.QuoteRejected)}) AS n_rejected,
    maxIf(timestamp, event = ${q(E.QuoteRejected)}) AS last_rejected,
    groupArrayIf((${invoiceId}, timestamp), event = ${q(E.InvoiceOverdue)}) AS overdue_pairs,
    groupUniqArrayIf(${invoiceId}, event = ${q(E.InvoicePaid)}) AS paid_ids,
    arrayMap(p -> p.2, arrayFilter(p -> NOT has(paid_ids, p.1), overdue_pairs)) AS open_overdue,
    countIf(${fb} = 'nps') AS n_nps,
    argMaxIf(${score}, timestamp, ${fb} = 'nps') AS nps,
    maxIf(timestamp, ${fb} = 'nps') AS nps_at,
    countIf(type IN ('track', 'page', 'screen') AND ${d(30)}) AS usage_30d,
    countIf(type IN ('track', 'page', 'screen') AND ${d(60)} AND NOT ${d(30)}) AS usage_prev_30d
  FROM events FINAL
  WHERE customer_id != '' AND timestamp < {asOf:DateTime64(3)}${opts.restrictToIds ? ' AND customer_id IN {ids:Array(String)}' : ''}
  GROUP BY customer_id
)`;
}

/** Did any of these customers respond (inbound event) after their enrolment time? */
export function respondedSql(responseEvents: string[]): string {
  return `
SELECT customer_id, max(timestamp) AS last_response
FROM events FINAL
WHERE customer_id IN {ids:Array(String)} AND timestamp >= {since:DateTime64(3)}
  AND (event IN (${responseEvents.map(q).join(', ')}) OR type IN ('track', 'page', 'screen'))
GROUP BY customer_id`;
}
