import { LifecycleEvent as L } from '@northstar/contracts';
import type { KpiValues } from '../src/kpi-figures';
import type { KpiPeriods } from '../src/kpi.sql';
import { LIFECYCLE_STAGES } from '../src/kpi.sql';
import type { TestEvent } from './events';
import { dedupe, mean, median } from './funnel.reference';
import { bucketOf, localToUtc } from './time';

/** Every KPI recomputed from the event list with plain loops, per period. */
export function referenceKpis(k: KpiPeriods, all: TestEvent[]) {
  const evs = dedupe(all).sort((a, b) => a.ts - b.ts || (a.event_id < b.event_id ? -1 : 1));
  const cf = localToUtc(k.from, k.timezone);
  const ct = localToUtc(k.to, k.timezone);
  const pf = localToUtc(k.prevFrom, k.timezone);
  const P = (e: number) => ({ s: e === 0 ? cf : pf, t: e === 0 ? ct : cf });
  const inP = (e: TestEvent, p: number) => e.ts >= P(p).s && e.ts < P(p).t;
  const ratio = (a: number, b: number) => (b ? a / b : null);
  const num = (v: unknown) => (typeof v === 'number' ? v : 0);

  const values = [0, 1].map((p): KpiValues => {
    const end = P(p).t;
    const of = (name: string) => evs.filter((e) => e.event === name && inP(e, p));
    const pcs = of(L.ProjectCompleted);
    const quoted = pcs.filter((e) => num(e.properties.quotedMinor) > 0);
    const ms = of(L.MilestoneCompleted);
    const fb = of(L.FeedbackSubmitted);
    const csat = fb.filter((e) => e.properties.kind === 'csat').map((e) => num(e.properties.score));
    const nps = fb.filter((e) => e.properties.kind === 'nps').map((e) => num(e.properties.score));
    const ip = of(L.InvoicePaid).map((e) => num(e.properties.daysToPayment));
    const money = (name: string, before?: number) =>
      evs.filter((e) => e.event === name && e.currency === k.currency && (before === undefined ? inP(e, p) : e.ts < before)).reduce((s, e) => s + e.amount_minor, 0);
    const tr = of(L.TicketResolved).map((e) => num(e.properties.resolutionMinutes));
    const ir = of(L.InquiryResponded).map((e) => num(e.properties.businessMinutes));

    // time to quote
    const inquiries = of(L.InquiryReceived);
    const waits = inquiries.map((i) => {
      const q = evs.find((e) => e.event === L.QuoteSent && e.customer_id === i.customer_id && e.properties.quoteRequestId === i.properties.quoteRequestId && e.ts >= i.ts);
      return q ? (q.ts - i.ts) / 3_600_000 : null;
    });
    const answered = waits.filter((w): w is number => w !== null);

    // quote conversion: quotes whose first send is in the period, accepted ever
    const firstSent = new Map<string, number>();
    for (const e of evs) if (e.event === L.QuoteSent && !firstSent.has(String(e.properties.quoteId))) firstSent.set(String(e.properties.quoteId), e.ts);
    const accepted = new Set(evs.filter((e) => e.event === L.QuoteAccepted).map((e) => String(e.properties.quoteId)));
    const sent = [...firstSent.entries()].filter(([, t]) => t >= P(p).s && t < P(p).t);

    // referrals
    const firstReg = new Map<string, TestEvent>();
    for (const e of evs) if (e.event === L.CustomerRegistered && e.customer_id && !firstReg.has(e.customer_id)) firstReg.set(e.customer_id, e);
    const referredIds = new Set(evs.filter((e) => e.event === L.ReferralMade && e.ts < end).map((e) => String(e.properties.referredCustomerId)));
    const newCustomers = [...firstReg.values()].filter((e) => inP(e, p));

    // as of period end: CLV, repeat business
    const customers = new Set(evs.filter((e) => e.customer_id).map((e) => e.customer_id));
    const clvs: number[] = [];
    let repeatBase = 0;
    let repeat = 0;
    for (const c of customers) {
      const mine = evs.filter((e) => e.customer_id === c && e.ts < end);
      const pays = mine.filter((e) => e.event === L.PaymentReceived && e.currency === k.currency);
      if (pays.length) clvs.push(pays.reduce((s, e) => s + e.amount_minor, 0) - mine.filter((e) => e.event === L.PaymentRefunded && e.currency === k.currency).reduce((s, e) => s + e.amount_minor, 0));
      const projects = new Set(mine.filter((e) => e.event === L.ProjectCompleted).map((e) => String(e.properties.projectId)));
      if (projects.size) {
        repeatBase++;
        if (projects.size >= 2 || mine.some((e) => e.event === L.RepeatBusiness)) repeat++;
      }
    }
    // receivables
    let receivables = 0;
    let open = 0;
    const invoices = new Set(evs.filter((e) => e.event === L.InvoiceIssued && e.ts < end).map((e) => String(e.properties.invoiceId)));
    for (const id of invoices) {
      const mine = evs.filter((e) => String(e.properties.invoiceId) === id && e.ts < end);
      const issued = mine.find((e) => e.event === L.InvoiceIssued)!;
      if (issued.currency !== k.currency) continue;
      if (mine.some((e) => e.event === L.InvoicePaid || e.event === L.InvoiceVoided)) continue;
      open++;
      receivables += Math.max(issued.amount_minor - mine.filter((e) => e.event === L.PaymentReceived).reduce((s, e) => s + e.amount_minor, 0), 0);
    }
    const billedInCur = pcs.filter((e) => e.properties.currency === k.currency).map((e) => num(e.properties.billedMinor));
    return {
      quote_to_customer_conversion: ratio(sent.filter(([id]) => accepted.has(id)).length, sent.length),
      time_to_quote_mean_hours: mean(answered),
      time_to_quote_median_hours: median(answered),
      time_to_quote_within_4h: ratio(answered.filter((w) => w <= 4).length, inquiries.length),
      quote_accuracy: ratio(quoted.filter((e) => Math.abs(num(e.properties.billedMinor) - num(e.properties.quotedMinor)) * 10 <= num(e.properties.quotedMinor)).length, quoted.length),
      csat: ratio(csat.filter((s) => s >= 4).length, csat.length),
      csat_mean_score: mean(csat),
      nps: nps.length ? ((nps.filter((s) => s >= 9).length - nps.filter((s) => s <= 6).length) * 100) / nps.length : null,
      average_project_value: pcs.length ? mean(billedInCur) : null,
      customer_lifetime_value: mean(clvs),
      repeat_business_rate: ratio(repeat, repeatBase),
      referral_rate: ratio(newCustomers.filter((e) => e.properties.channel === 'referral' || referredIds.has(e.customer_id)).length, newCustomers.length),
      on_time_delivery_rate: ratio(pcs.filter((e) => e.properties.onTime === true).length, pcs.length),
      milestone_on_time_rate: ratio(ms.filter((e) => e.properties.onTime === true).length, ms.length),
      days_to_payment_mean: mean(ip),
      days_to_payment_median: median(ip),
      revenue: money(L.PaymentReceived) - money(L.PaymentRefunded),
      outstanding_receivables: receivables,
      open_invoices: open,
      support_volume: of(L.TicketOpened).length,
      resolution_mean_minutes: mean(tr),
      resolution_median_minutes: median(tr),
      lead_response_mean_minutes: mean(ir),
      lead_response_median_minutes: median(ir),
      lead_response_within_2h: ratio(ir.filter((m) => m <= 120).length, ir.length),
      lead_response_within_4h: ratio(ir.filter((m) => m <= 240).length, ir.length),
    };
  });

  const months = new Map<string, number>();
  for (const e of evs)
    if (inP(e, 0) && e.currency === k.currency && (e.event === L.PaymentReceived || e.event === L.PaymentRefunded)) {
      const m = bucketOf(e.ts, k.timezone, 'month');
      months.set(m, (months.get(m) ?? 0) + (e.event === L.PaymentReceived ? e.amount_minor : -e.amount_minor));
    }
  const stages: { asOf: 'current' | 'previous'; stage: string; customers: number; meanDaysInStage: number }[] = [];
  for (const p of [0, 1]) {
    const end = P(p).t;
    const current = new Map<string, TestEvent>();
    for (const e of evs) if (e.customer_id && e.ts < end && (LIFECYCLE_STAGES as readonly string[]).includes(e.event)) current.set(e.customer_id, e);
    const by = new Map<string, number[]>();
    for (const e of current.values()) by.set(e.event, [...(by.get(e.event) ?? []), (end - e.ts) / 86_400_000]);
    for (const [stage, days] of [...by.entries()].sort(([a], [b]) => (a < b ? -1 : 1)))
      stages.push({ asOf: p === 0 ? 'current' : 'previous', stage, customers: days.length, meanDaysInStage: mean(days)! });
  }
  return {
    values,
    revenueByMonth: [...months.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([month, netMinor]) => ({ month, netMinor })),
    stages,
  };
}
