import { LifecycleEvent as L } from '@northstar/contracts';
import { FINAL_SETTINGS, localInstant, resolvedId, SqlParams, type IdentityMode } from './sql-params';
import type { BuiltSql } from './funnel.sql';

/** The current period [from, to) and the one before it, of equal length, as wall-clock times in tz. */
export interface KpiPeriods {
  from: string;
  to: string;
  prevFrom: string;
  timezone: string;
  currency: string;
  /** Persons by default (merged-away customers count for the survivor); `raw` is the benchmark's baseline. */
  identity?: IdentityMode;
}

/** Rows carry p = 0 for the current period and p = 1 for the previous one. */
class KpiSql {
  readonly p = new SqlParams();
  readonly tz: string;
  readonly cf: string;
  readonly ct: string;
  readonly pf: string;
  readonly cur: string;
  readonly identity: IdentityMode;
  private readonly names = new Map<string, string>();
  constructor(k: KpiPeriods) {
    this.tz = this.p.bind(k.timezone, 'String');
    this.cf = localInstant(this.p, k.from, this.tz);
    this.ct = localInstant(this.p, k.to, this.tz);
    this.pf = localInstant(this.p, k.prevFrom, this.tz);
    this.cur = this.p.bind(k.currency, 'String');
    this.identity = k.identity ?? 'resolved';
  }
  /** The person of lifecycle_facts' customer id, with the join that provides it. */
  customer(alias = 'person'): { expr: string; join: string } {
    return resolvedId('customer_id', this.identity, alias);
  }
  /** Event names are bound like everything else, once each. */
  e(name: string): string {
    let b = this.names.get(name);
    if (!b) this.names.set(name, (b = this.p.bind(name, 'String')));
    return b;
  }
  list(...names: string[]): string {
    return `[${names.map((n) => this.e(n)).join(', ')}]`;
  }
  get period(): string {
    return `multiIf(timestamp >= ${this.cf} AND timestamp < ${this.ct}, 0, timestamp >= ${this.pf} AND timestamp < ${this.cf}, 1, 2)`;
  }
  built(sql: string): BuiltSql {
    return { sql: `${sql}\n${FINAL_SETTINGS}`, params: this.p.values };
  }
}

/** Figures over events that happened inside each period. */
export function kpiPeriodSql(k: KpiPeriods): BuiltSql {
  const s = new KpiSql(k);
  const is = (n: string) => `event = ${s.e(n)}`;
  const PC = is(L.ProjectCompleted);
  const csat = `${is(L.FeedbackSubmitted)} AND kind = 'csat'`;
  const nps = `${is(L.FeedbackSubmitted)} AND kind = 'nps'`;
  const IR = is(L.InquiryResponded);
  const TR = is(L.TicketResolved);
  const IP = is(L.InvoicePaid);
  return s.built(`
SELECT p,
  countIf(${PC}) AS projects,
  countIf(${PC} AND quoted > 0) AS projects_quoted,
  countIf(${PC} AND quoted > 0 AND abs(billed - quoted) * 10 <= quoted) AS projects_accurate,
  countIf(${PC} AND on_time) AS projects_on_time,
  countIf(${is(L.MilestoneCompleted)}) AS milestones,
  countIf(${is(L.MilestoneCompleted)} AND on_time) AS milestones_on_time,
  avgIf(billed, ${PC} AND pcur = ${s.cur}) AS avg_project_value,
  countIf(${csat}) AS csat_n, countIf(${csat} AND score >= 4) AS csat_satisfied, avgIf(score, ${csat}) AS csat_mean,
  countIf(${nps}) AS nps_n, countIf(${nps} AND score >= 9) AS promoters, countIf(${nps} AND score <= 6) AS detractors,
  countIf(${IP}) AS invoices_paid, avgIf(days_to_pay, ${IP}) AS dtp_mean, quantileExactInclusiveIf(0.5)(days_to_pay, ${IP}) AS dtp_median,
  sumIf(amount_minor, ${is(L.PaymentReceived)} AND currency = ${s.cur}) AS payments,
  sumIf(amount_minor, ${is(L.PaymentRefunded)} AND currency = ${s.cur}) AS refunds,
  countIf(${is(L.TicketOpened)}) AS tickets_opened,
  countIf(${TR}) AS tickets_resolved, avgIf(resolution, ${TR}) AS resolution_mean, quantileExactInclusiveIf(0.5)(resolution, ${TR}) AS resolution_median,
  countIf(${IR}) AS responses, avgIf(business_minutes, ${IR}) AS response_mean, quantileExactInclusiveIf(0.5)(business_minutes, ${IR}) AS response_median,
  countIf(${IR} AND business_minutes <= 120) AS responses_2h, countIf(${IR} AND business_minutes <= 240) AS responses_4h
FROM (
  SELECT ${s.period} AS p, event, amount_minor, currency,
    quoted_minor AS quoted, billed_minor AS billed, property_currency AS pcur,
    on_time, kind, score,
    days_to_payment AS days_to_pay, resolution_minutes AS resolution,
    business_minutes
  FROM lifecycle_facts FINAL
  WHERE event IN ${s.list(L.ProjectCompleted, L.MilestoneCompleted, L.FeedbackSubmitted, L.InvoicePaid, L.PaymentReceived, L.PaymentRefunded, L.TicketOpened, L.TicketResolved, L.InquiryResponded)}
    AND timestamp >= ${s.pf} AND timestamp < ${s.ct}
)
WHERE p < 2
GROUP BY p`);
}

/** Net revenue (payments minus refunds, in the currency) per month of the current period. */
export function revenueByMonthSql(k: KpiPeriods): BuiltSql {
  const s = new KpiSql(k);
  return s.built(`
SELECT toString(toStartOfMonth(toDate(timestamp, ${s.tz}))) AS month,
  sumIf(amount_minor, event = ${s.e(L.PaymentReceived)}) - sumIf(amount_minor, event = ${s.e(L.PaymentRefunded)}) AS net_minor
FROM lifecycle_facts FINAL
WHERE event IN ${s.list(L.PaymentReceived, L.PaymentRefunded)} AND currency = ${s.cur}
  AND timestamp >= ${s.cf} AND timestamp < ${s.ct}
GROUP BY month ORDER BY month`);
}

/**
 * Time to quote: each Inquiry Received in the period, matched to the first Quote
 * Sent for the same customer and quoteRequestId at or after it.
 */
export function timeToQuoteSql(k: KpiPeriods): BuiltSql {
  const s = new KpiSql(k);
  const who = s.customer();
  return s.built(`
SELECT p, count() AS inquiries, countIf(q >= 0) AS quoted,
  avgIf((q - i) / 3600000, q >= 0) AS mean_hours, quantileExactInclusiveIf(0.5)((q - i) / 3600000, q >= 0) AS median_hours,
  countIf(q >= 0 AND q - i <= 4 * 3600000) AS within_4h
FROM (
  SELECT i.p AS p, i.ts AS i, if(empty(arrayFilter(x -> x >= i.ts, qs.tss)), toInt64(-1), arrayMin(arrayFilter(x -> x >= i.ts, qs.tss))) AS q
  FROM (
    SELECT ${s.period} AS p, ${who.expr} AS who, quote_request_id AS qr, toUnixTimestamp64Milli(timestamp) AS ts
    FROM lifecycle_facts FINAL ${who.join} WHERE event = ${s.e(L.InquiryReceived)} AND timestamp >= ${s.pf} AND timestamp < ${s.ct}
  ) AS i
  LEFT JOIN (
    SELECT ${who.expr} AS who, quote_request_id AS qr, groupArray(toUnixTimestamp64Milli(timestamp)) AS tss
    FROM lifecycle_facts FINAL ${who.join} WHERE event = ${s.e(L.QuoteSent)} AND timestamp >= ${s.pf}
    GROUP BY who, qr
  ) AS qs ON qs.who = i.who AND qs.qr = i.qr
  WHERE i.p < 2
)
GROUP BY p`);
}

/** Quotes first sent in the period (by quoteId) and how many of them were ever accepted. */
export function quoteConversionSql(k: KpiPeriods): BuiltSql {
  const s = new KpiSql(k);
  return s.built(`
SELECT multiIf(first >= ${s.cf} AND first < ${s.ct}, 0, first >= ${s.pf} AND first < ${s.cf}, 1, 2) AS p,
  count() AS sent, countIf(qid IN (SELECT quote_id FROM lifecycle_facts FINAL WHERE event = ${s.e(L.QuoteAccepted)})) AS accepted
FROM (
  SELECT quote_id AS qid, min(timestamp) AS first
  FROM lifecycle_facts FINAL WHERE event = ${s.e(L.QuoteSent)} AND timestamp < ${s.ct}
  GROUP BY qid
)
WHERE p < 2
GROUP BY p`);
}

/** New customers (first Customer Registered in the period) and how many came by referral. */
export function referralSql(k: KpiPeriods): BuiltSql {
  const s = new KpiSql(k);
  const who = s.customer();
  const named = resolvedId('referred_customer_id', s.identity, 'named');
  const referred = (end: string) =>
    `who IN (SELECT ${named.expr} FROM lifecycle_facts FINAL ${named.join} WHERE event = ${s.e(L.ReferralMade)} AND timestamp < ${end})`;
  return s.built(`
SELECT p, count() AS new_customers,
  countIf(first_channel = 'referral' OR if(p = 0, ${referred(s.ct)}, ${referred(s.cf)})) AS referred
FROM (
  SELECT ${who.expr} AS who, min(timestamp) AS first, argMin(channel, timestamp) AS first_channel,
    multiIf(first >= ${s.cf} AND first < ${s.ct}, 0, first >= ${s.pf} AND first < ${s.cf}, 1, 2) AS p
  FROM lifecycle_facts FINAL ${who.join} WHERE event = ${s.e(L.CustomerRegistered)} AND customer_id != '' AND timestamp < ${s.ct}
  GROUP BY who
)
WHERE p < 2
GROUP BY p`);
}

/**
 * Figures "as of" each period's end (p = 0: end of the current period, p = 1: end
 * of the previous one): lifetime value, repeat business, receivables.
 *
 * Only aggregates that are cheap per key: "≥ 2 distinct completed projects" is
 * min(projectId) ≠ max(projectId) rather than a per-customer uniqExact set, and an
 * invoice is issued/closed before E when its first such event is before E.
 */
export function kpiAsOfSql(k: KpiPeriods): BuiltSql {
  const s = new KpiSql(k);
  const who = s.customer();
  const ends = [s.ct, s.cf];
  const PR = `event = ${s.e(L.PaymentReceived)}`;
  const PC = `event = ${s.e(L.ProjectCompleted)}`;
  const perCustomer = ends
    .map(
      (E, i) => `
      sumIf(amount_minor, ${PR} AND currency = ${s.cur} AND timestamp < ${E})
        - sumIf(amount_minor, event = ${s.e(L.PaymentRefunded)} AND currency = ${s.cur} AND timestamp < ${E}) AS net${i},
      countIf(${PR} AND currency = ${s.cur} AND timestamp < ${E}) AS paid${i},
      countIf(${PC} AND timestamp < ${E}) AS projects${i},
      minIf(project_id, ${PC} AND timestamp < ${E}) != maxIf(project_id, ${PC} AND timestamp < ${E}) AS several${i},
      countIf(event = ${s.e(L.RepeatBusiness)} AND timestamp < ${E}) AS repeats${i}`,
    )
    .join(',');
  const perInvoice = ends.map((E, i) => `sumIf(amount_minor, ${PR} AND timestamp < ${E}) AS paid${i}`).join(', ');
  const open = (i: number) => `issued < ${ends[i]} AND NOT (ever_closed AND closed < ${ends[i]})`;
  return s.built(`
SELECT c.*, r.* FROM (
  SELECT 1 AS k,
    avgIf(net0, paid0 > 0) AS clv0, avgIf(net1, paid1 > 0) AS clv1,
    countIf(projects0 >= 1) AS repeat_base0, countIf(projects0 >= 1 AND (several0 OR repeats0 > 0)) AS repeat0,
    countIf(projects1 >= 1) AS repeat_base1, countIf(projects1 >= 1 AND (several1 OR repeats1 > 0)) AS repeat1
  FROM (
    SELECT ${who.expr} AS who, ${perCustomer}
    FROM lifecycle_facts FINAL ${who.join}
    WHERE event IN ${s.list(L.PaymentReceived, L.PaymentRefunded, L.ProjectCompleted, L.RepeatBusiness)} AND customer_id != '' AND timestamp < ${s.ct}
    GROUP BY who
  )
) AS c
INNER JOIN (
  SELECT 1 AS k,
    sumIf(greatest(amount - paid0, 0), ${open(0)}) AS receivables0, countIf(${open(0)}) AS open_invoices0,
    sumIf(greatest(amount - paid1, 0), ${open(1)}) AS receivables1, countIf(${open(1)}) AS open_invoices1
  FROM (
    SELECT invoice_id,
      anyIf(amount_minor, event = ${s.e(L.InvoiceIssued)}) AS amount, anyIf(currency, event = ${s.e(L.InvoiceIssued)}) AS cur,
      minIf(timestamp, event = ${s.e(L.InvoiceIssued)}) AS issued,
      minIf(timestamp, event IN ${s.list(L.InvoicePaid, L.InvoiceVoided)}) AS closed,
      countIf(event IN ${s.list(L.InvoicePaid, L.InvoiceVoided)}) > 0 AS ever_closed,
      ${perInvoice}
    FROM lifecycle_facts FINAL
    WHERE event IN ${s.list(L.InvoiceIssued, L.PaymentReceived, L.InvoicePaid, L.InvoiceVoided)} AND timestamp < ${s.ct}
    GROUP BY invoice_id
    HAVING countIf(event = ${s.e(L.InvoiceIssued)}) > 0
  )
  WHERE cur = ${s.cur}
) AS r ON r.k = c.k`);
}

/** The lifecycle stages, in order; a customer's stage is their latest stage event. */
export const LIFECYCLE_STAGES = [
  L.InquiryReceived,
  L.QuoteSent,
  L.QuoteAccepted,
  L.AppointmentHeld,
  L.DepositPaid,
  L.ProjectActivated,
  L.ProjectCompleted,
  L.FinalInvoicePaid,
  L.RepeatBusiness,
] as const;

/**
 * Customers per current stage as of each period end, and mean days since they entered it.
 * A customer's latest stage event before E is the one with the greatest
 * event_order (timestamp ms, then event_id text), read as a plain UInt256 max.
 */
export function stageCountsSql(k: KpiPeriods): BuiltSql {
  const s = new KpiSql(k);
  const who = s.customer();
  const ends = [s.ct, s.cf];
  return s.built(`
SELECT x.1 AS p, x.2 AS stage, count() AS customers, avg((x.4 - toInt64(bitShiftRight(x.3, 128))) / 86400000) AS mean_days_in_stage
FROM (
  SELECT ${who.expr} AS who,
    ${ends.map((E, i) => `argMaxIf(event, event_order, timestamp < ${E}) AS s${i}, maxIf(event_order, timestamp < ${E}) AS o${i}`).join(', ')}
  FROM lifecycle_facts FINAL ${who.join}
  WHERE event IN ${s.list(...LIFECYCLE_STAGES)} AND customer_id != '' AND timestamp < ${s.ct}
  GROUP BY who
)
ARRAY JOIN [${ends.map((E, i) => `(toUInt8(${i}), s${i}, o${i}, toUnixTimestamp64Milli(${E}))`).join(', ')}] AS x
WHERE x.3 > 0
GROUP BY p, stage
ORDER BY p, stage`);
}
