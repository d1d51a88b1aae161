import { LifecycleEvent as E } from '@northstar/contracts';
import { IS_INTERACTION_SQL } from './event-sets';

export type HealthGroupKey = 'customer_id' | 'account_id';

/** One row per customer (or account): every input of every health component, as of `asOf`. */
export interface HealthInputsRow {
  subject_id: string;
  account_id: string;
  customer_type: string;
  first_seen: string;
  last_interaction: string | null;
  interactions_30d: number;
  interactions_prev_30d: number;
  active_days_30d: number;
  usage_30d: number;
  usage_prev_30d: number;
  payment_events: number;
  avg_days_to_payment: number | null;
  failed_payments_90d: number;
  overdue_notices_90d: number;
  open_overdue_invoices: number;
  oldest_open_overdue_days: number | null;
  outstanding_minor: number;
  ticket_events: number;
  tickets_90d: number;
  escalations_90d: number;
  reopened_90d: number;
  csat_count: number;
  latest_csat: number | null;
  nps_count: number;
  latest_nps: number | null;
  milestones_180d: number;
  milestones_on_time_180d: number;
  relationship_events: number;
  checkins_90d: number;
  outreach_responses_90d: number;
  last_relationship_touch: string | null;
  /** For rolling customers up into accounts without a second scan. */
  latest_csat_at?: string | null;
  latest_nps_at?: string | null;
  dtp_sum?: number;
  dtp_n?: number;
}

const q = (s: string) => `'${s}'`;

/**
 * Every health component's inputs for all customers (or accounts) in one pass over
 * `events FINAL`, using only events before `{asOf}` so a recompute for a past date
 * sees what was known then. Parameters: asOf DateTime64(3); ids Array(String) when
 * `restrictToIds` (the debounced per-customer recompute).
 */
export function healthInputsSql(opts: { groupBy?: HealthGroupKey; restrictToIds?: boolean } = {}): string {
  const key = opts.groupBy ?? 'customer_id';
  const d = (days: number) => `timestamp >= {asOf:DateTime64(3)} - INTERVAL ${days} DAY`;
  // if(): short-circuit evaluation parses JSON only on the rows that need it.
  const invoiceId = `if(event IN (${q(E.InvoiceOverdue)}, ${q(E.InvoicePaid)}), JSONExtractString(properties, 'invoiceId'), '')`;
  const fb = `if(event = ${q(E.FeedbackSubmitted)}, JSONExtractString(properties, 'kind'), '')`;
  const score = `if(event = ${q(E.FeedbackSubmitted)}, JSONExtractFloat(properties, 'score'), 0)`;
  return `
SELECT
  subject_id, any_account_id AS account_id, customer_type, first_seen, last_interaction,
  interactions_30d, interactions_prev_30d, active_days_30d, usage_30d, usage_prev_30d,
  payment_events, avg_days_to_payment, failed_payments_90d, overdue_notices_90d,
  length(open_overdue) AS open_overdue_invoices,
  if(length(open_overdue) = 0, NULL, dateDiff('day', arrayMin(open_overdue), {asOf:DateTime64(3)})) AS oldest_open_overdue_days,
  greatest(issued_minor - paid_minor, 0) AS outstanding_minor,
  ticket_events, tickets_90d, escalations_90d, reopened_90d,
  csat_count, if(csat_count = 0, NULL, latest_csat) AS latest_csat,
  nps_count, if(nps_count = 0, NULL, latest_nps) AS latest_nps,
  milestones_180d, milestones_on_time_180d,
  relationship_events, checkins_90d, outreach_responses_90d,
  if(relationship_events = 0, NULL, last_relationship_touch) AS last_relationship_touch,
  if(csat_count = 0, NULL, latest_csat_at) AS latest_csat_at,
  if(nps_count = 0, NULL, latest_nps_at) AS latest_nps_at,
  dtp_sum, dtp_n
FROM (
  SELECT
    ${key} AS subject_id,
    anyIf(account_id, account_id != '') AS any_account_id,
    argMaxIf(if(event = ${q(E.CustomerRegistered)}, JSONExtractString(properties, 'customerType'), ''), timestamp, event = ${q(E.CustomerRegistered)}) AS customer_type,
    min(timestamp) AS first_seen,
    if(countIf(${IS_INTERACTION_SQL}) = 0, NULL, maxIf(timestamp, ${IS_INTERACTION_SQL})) AS last_interaction,
    countIf(${IS_INTERACTION_SQL} AND ${d(30)}) AS interactions_30d,
    countIf(${IS_INTERACTION_SQL} AND ${d(60)} AND NOT ${d(30)}) AS interactions_prev_30d,
    uniqExactIf(toDate(timestamp), ${IS_INTERACTION_SQL} AND ${d(30)}) AS active_days_30d,
    countIf(type IN ('track', 'page', 'screen') AND ${d(30)}) AS usage_30d,
    countIf(type IN ('track', 'page', 'screen') AND ${d(60)} AND NOT ${d(30)}) AS usage_prev_30d,
    countIf(event IN (${[E.InvoiceIssued, E.InvoicePaid, E.PaymentReceived, E.PaymentFailed, E.InvoiceOverdue].map(q).join(', ')})) AS payment_events,
    avgIf(if(event = ${q(E.InvoicePaid)}, JSONExtractFloat(properties, 'daysToPayment'), 0), event = ${q(E.InvoicePaid)} AND ${d(180)}) AS avg_days_to_payment_raw,
    countIf(event = ${q(E.InvoicePaid)} AND ${d(180)}) AS dtp_n,
    sumIf(if(event = ${q(E.InvoicePaid)}, JSONExtractFloat(properties, 'daysToPayment'), 0), event = ${q(E.InvoicePaid)} AND ${d(180)}) AS dtp_sum,
    if(dtp_n = 0, NULL, avg_days_to_payment_raw) AS avg_days_to_payment,
    countIf(event = ${q(E.PaymentFailed)} AND ${d(90)}) AS failed_payments_90d,
    countIf(event = ${q(E.InvoiceOverdue)} AND ${d(90)}) AS overdue_notices_90d,
    groupArrayIf((${invoiceId}, timestamp), event = ${q(E.InvoiceOverdue)}) AS overdue_pairs,
    groupUniqArrayIf(${invoiceId}, event = ${q(E.InvoicePaid)}) AS paid_ids,
    arrayMap(p -> p.2, arrayFilter(p -> NOT has(paid_ids, p.1), overdue_pairs)) AS open_overdue,
    sumIf(amount_minor, event = ${q(E.InvoiceIssued)}) AS issued_minor,
    sumIf(amount_minor, event = ${q(E.InvoicePaid)}) AS paid_minor,
    countIf(event IN (${[E.TicketOpened, E.TicketEscalated, E.TicketReopened, E.TicketResolved].map(q).join(', ')})) AS ticket_events,
    countIf(event = ${q(E.TicketOpened)} AND ${d(90)}) AS tickets_90d,
    countIf(event = ${q(E.TicketEscalated)} AND ${d(90)}) AS escalations_90d,
    countIf(event = ${q(E.TicketReopened)} AND ${d(90)}) AS reopened_90d,
    countIf(${fb} = 'csat') AS csat_count,
    argMaxIf(${score}, timestamp, ${fb} = 'csat') AS latest_csat,
    maxIf(timestamp, ${fb} = 'csat') AS latest_csat_at,
    countIf(${fb} = 'nps') AS nps_count,
    argMaxIf(${score}, timestamp, ${fb} = 'nps') AS latest_nps,
    maxIf(timestamp, ${fb} = 'nps') AS latest_nps_at,
    countIf(event = ${q(E.MilestoneCompleted)} AND ${d(180)}) AS milestones_180d,
    countIf(event = ${q(E.MilestoneCompleted)} AND ${d(180)} AND if(event = ${q(E.MilestoneCompleted)}, JSONExtractBool(properties, 'onTime'), 0)) AS milestones_on_time_180d,
    countIf(event IN (${q(E.CheckInLogged)}, ${q(E.OutreachResponded)})) AS relationship_events,
    countIf(event = ${q(E.CheckInLogged)} AND ${d(90)}) AS checkins_90d,
    countIf(event = ${q(E.OutreachResponded)} AND ${d(90)}) AS outreach_responses_90d,
    maxIf(timestamp, event IN (${q(E.CheckInLogged)}, ${q(E.OutreachResponded)})) AS last_relationship_touch
  FROM events FINAL
  WHERE ${key} != '' AND timestamp < {asOf:DateTime64(3)}${opts.restrictToIds ? ` AND ${key} IN {ids:Array(String)}` : ''}
  GROUP BY ${key}
)`;
}

const maxStr = (a: string | null | undefined, b: string | null | undefined) => (!a ? (b ?? null) : !b ? a : a > b ? a : b);
const minStr = (a: string, b: string) => (a < b ? a : b);

/**
 * Rolls customers' inputs up into their accounts (a full recompute then scans the
 * events once, not twice). Counts add up; dates take the max (or min for
 * first_seen); latest CSAT/NPS is the newest answer of any contact; active days
 * take the busiest contact (distinct days across contacts would need the scan).
 */
export function rollUpAccounts(customers: HealthInputsRow[]): HealthInputsRow[] {
  const byAccount = new Map<string, HealthInputsRow>();
  const sums: (keyof HealthInputsRow)[] = [
    'interactions_30d', 'interactions_prev_30d', 'usage_30d', 'usage_prev_30d', 'payment_events', 'failed_payments_90d',
    'overdue_notices_90d', 'open_overdue_invoices', 'outstanding_minor', 'ticket_events', 'tickets_90d', 'escalations_90d',
    'reopened_90d', 'csat_count', 'nps_count', 'milestones_180d', 'milestones_on_time_180d', 'relationship_events',
    'checkins_90d', 'outreach_responses_90d', 'dtp_sum', 'dtp_n',
  ];
  for (const c of customers) {
    if (!c.account_id) continue;
    const a = byAccount.get(c.account_id);
    if (!a) {
      byAccount.set(c.account_id, { ...c, subject_id: c.account_id, customer_type: 'business' });
      continue;
    }
    for (const k of sums) (a as unknown as Record<string, number>)[k] = Number(a[k] ?? 0) + Number(c[k] ?? 0);
    a.first_seen = minStr(a.first_seen, c.first_seen);
    a.last_interaction = maxStr(a.last_interaction, c.last_interaction);
    a.last_relationship_touch = maxStr(a.last_relationship_touch, c.last_relationship_touch);
    a.active_days_30d = Math.max(Number(a.active_days_30d), Number(c.active_days_30d));
    const oa = a.oldest_open_overdue_days === null ? null : Number(a.oldest_open_overdue_days);
    const oc = c.oldest_open_overdue_days === null ? null : Number(c.oldest_open_overdue_days);
    a.oldest_open_overdue_days = oa === null ? oc : oc === null ? oa : Math.max(oa, oc);
    if (c.latest_csat_at && (!a.latest_csat_at || c.latest_csat_at > a.latest_csat_at)) {
      a.latest_csat = c.latest_csat;
      a.latest_csat_at = c.latest_csat_at;
    }
    if (c.latest_nps_at && (!a.latest_nps_at || c.latest_nps_at > a.latest_nps_at)) {
      a.latest_nps = c.latest_nps;
      a.latest_nps_at = c.latest_nps_at;
    }
  }
  for (const a of byAccount.values()) a.avg_days_to_payment = Number(a.dtp_n ?? 0) > 0 ? Number(a.dtp_sum) / Number(a.dtp_n) : null;
  return [...byAccount.values()];
}
