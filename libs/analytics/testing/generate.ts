import { LifecycleEvent as L } from '@northstar/contracts';
import { ev, rng, type TestEvent } from './events';

/** Instants chosen to sit on awkward boundaries (Toronto DST changes, year end). */
export const AWKWARD = [
  Date.UTC(2024, 2, 10, 6, 59, 59, 500), // 01:59:59.5 EST, just before the spring-forward gap
  Date.UTC(2024, 2, 10, 7, 0, 0, 0),
  Date.UTC(2024, 10, 3, 5, 30, 0, 0), // 01:30 EDT, the hour that repeats
  Date.UTC(2024, 10, 3, 6, 30, 0, 0), // 01:30 EST
  Date.UTC(2024, 11, 31, 23, 59, 59, 999),
  Date.UTC(2025, 0, 1, 4, 59, 0, 0), // 23:59 Dec 31 in Toronto, Jan 1 in UTC
  Date.UTC(2024, 5, 30, 23, 0, 0, 0), // month end
];

const GAPS_MS = [0, 0, 1, 1000, 60_000, 3_600_000, 3 * 3_600_000, 86_400_000, 2 * 86_400_000, 6 * 86_400_000, 20 * 86_400_000, 40 * 86_400_000];

/**
 * Lifecycle-ish histories: each unit walks a random prefix of the sales path,
 * sometimes several times, with noise events, same-millisecond neighbours, and
 * identities that are only a userId or an anonymousId.
 */
export function generateFunnelHistory(units: number, seed: number): TestEvent[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const path = [L.InquiryReceived, L.QuoteSent, L.QuoteAccepted, L.DepositPaid, L.ProjectCompleted];
  const out: TestEvent[] = [];
  for (let u = 0; u < units; u++) {
    const idKind = r();
    const ids =
      idKind < 0.7
        ? { customer_id: `c${u}` }
        : idKind < 0.85
          ? { user_id: `user${u}` }
          : { anonymous_id: `anon${u}` };
    const account_id = `acct${u % 37}`;
    let t = r() < 0.35 ? pick(AWKWARD) - Math.floor(r() * 4) * 3_600_000 : Date.UTC(2024, 2, 1) + Math.floor(r() * 300 * 86_400_000);
    const attempts = 1 + Math.floor(r() * 3);
    for (let a = 0; a < attempts; a++) {
      const depth = 1 + Math.floor(r() * path.length);
      const channel = pick(['web', 'phone', 'chat']);
      const category = pick(['repair', 'consulting', 'install']);
      for (let s = 0; s < depth; s++) {
        const props: Record<string, unknown> = { channel, category, attempt: a, amountMinor: pick([2500, 7500, 12000]) };
        if (path[s] === L.ProjectCompleted) props.onTime = r() < 0.8;
        out.push(ev(r, { event: path[s], ts: t, ...ids, account_id, properties: props, type: 'customer_id' in ids ? 'lifecycle' : 'track' }));
        if (r() < 0.25) out.push(ev(r, { event: 'Page Viewed', type: 'page', ts: t + pick([0, 1, 500]), ...ids, account_id, properties: { path: pick(['/pricing', '/quote']) } }));
        if (r() < 0.08) out.push(ev(r, { event: L.QuoteRejected, ts: t + pick([0, 1000, 3_600_000]), ...ids, account_id, properties: { reason: 'price' } }));
        if (r() < 0.1) out.push(ev(r, { event: path[Math.floor(r() * path.length)], ts: t + pick([0, 0, 10]), ...ids, account_id, properties: props }));
        t += pick(GAPS_MS);
      }
      t += pick(GAPS_MS) + 3_600_000;
    }
  }
  return out;
}

/**
 * Whole business histories for retention and KPIs: inquiries, responses, quotes
 * (some revised, accepted, rejected), deposits, payments and refunds, invoices,
 * projects and milestones, tickets, feedback, referrals and repeat business —
 * with the properties the catalog promises.
 */
export function generateBusinessHistory(customers: number, seed: number): TestEvent[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const out: TestEvent[] = [];
  const H = 3_600_000;
  const D = 24 * H;
  for (let c = 0; c < customers; c++) {
    const customer_id = `cust${c}`;
    const account_id = `acct${c % 23}`;
    const cur = r() < 0.9 ? 'CAD' : 'USD';
    const add = (event: string, ts: number, properties: Record<string, unknown> = {}, amount_minor = 0) =>
      out.push(ev(r, { event, ts, customer_id, account_id, properties, amount_minor, currency: amount_minor ? cur : '' }));
    let t = r() < 0.3 ? pick(AWKWARD) - Math.floor(r() * 3) * H : Date.UTC(2023, 9, 1) + Math.floor(r() * 540 * D);
    const referred = r() < 0.3;
    add(L.CustomerRegistered, t, { channel: referred && r() < 0.5 ? 'referral' : pick(['web', 'phone']), customerType: 'business' });
    if (referred) out.push(ev(r, { event: L.ReferralMade, ts: t - pick([D, 0, -H]), customer_id: `cust${(c + 1) % customers}`, properties: { referredCustomerId: customer_id, code: 'R' } }));
    const projects = 1 + Math.floor(r() * 3);
    for (let j = 0; j < projects; j++) {
      const qr = `qr${c}_${j}`;
      add(L.InquiryReceived, t, { quoteRequestId: qr, number: qr, category: 'repair', urgent: false, channel: 'web' });
      const resp = pick([0, 30, 90, 150, 230, 300, 600]);
      add(L.InquiryResponded, t + resp * 60_000, { quoteRequestId: qr, responseMinutes: resp, businessMinutes: resp, breached: resp > 240 });
      if (r() < 0.15) {
        t += pick([D, 10 * D]);
        continue; // never quoted
      }
      const quoteId = `q${c}_${j}`;
      const amount = pick([50_000, 120_000, 480_000]);
      t += pick([0, 2 * H, 3 * H + 59 * 60_000, 4 * H, 5 * H, 2 * D]);
      add(L.QuoteSent, t, { quoteId, number: quoteId, version: 1, amountMinor: amount, currency: cur, quoteRequestId: qr }, 0);
      if (r() < 0.2) add(L.QuoteSent, t + H, { quoteId, number: quoteId, version: 2, amountMinor: amount, currency: cur, quoteRequestId: qr });
      if (r() < 0.4) {
        add(L.QuoteRejected, t + 2 * D, { quoteId, reason: 'price' });
        t += pick([5 * D, 40 * D]);
        continue;
      }
      t += pick([H, D, 3 * D]);
      add(L.QuoteAccepted, t, { quoteId, number: quoteId, version: 1, amountMinor: amount, currency: cur });
      const invD = `inv${c}_${j}_d`;
      add(L.InvoiceIssued, t, { invoiceId: invD, number: invD, kind: 'deposit', amountMinor: amount / 2, currency: cur, dueAt: '' }, amount / 2);
      t += pick([0, D, 7 * D]);
      if (r() < 0.9) {
        add(L.PaymentReceived, t, { paymentId: `p${c}_${j}_d`, invoiceId: invD, amountMinor: amount / 2, currency: cur, method: 'stripe' }, amount / 2);
        add(L.DepositPaid, t, { invoiceId: invD, amountMinor: amount / 2, currency: cur }, amount / 2);
        add(L.InvoicePaid, t, { invoiceId: invD, kind: 'deposit', amountMinor: amount / 2, currency: cur, issuedAt: '', daysToPayment: pick([0, 1, 7]) }, amount / 2);
      } else {
        t += 30 * D;
        continue; // deposit outstanding
      }
      add(L.ProjectActivated, t, { projectId: `pr${c}_${j}` });
      t += pick([3 * D, 20 * D, 45 * D]);
      add(L.MilestoneCompleted, t - D, { projectId: `pr${c}_${j}`, milestoneId: `m${c}_${j}`, onTime: r() < 0.85 });
      const billed = amount + pick([0, amount / 20, amount / 5, -amount / 10]);
      add(L.ProjectCompleted, t, { projectId: `pr${c}_${j}`, onTime: r() < 0.8, estimatedHours: 10, actualHours: 12, quotedMinor: amount, billedMinor: billed, currency: cur });
      const invF = `inv${c}_${j}_f`;
      const rest = billed - amount / 2;
      add(L.InvoiceIssued, t, { invoiceId: invF, number: invF, kind: 'final', amountMinor: rest, currency: cur, dueAt: '' }, rest);
      const roll = r();
      if (roll < 0.7) {
        const days = pick([2, 10, 31]);
        add(L.PaymentReceived, t + days * D, { paymentId: `p${c}_${j}_f`, invoiceId: invF, amountMinor: rest, currency: cur, method: 'e_transfer' }, rest);
        add(L.InvoicePaid, t + days * D, { invoiceId: invF, kind: 'final', amountMinor: rest, currency: cur, issuedAt: '', daysToPayment: days }, rest);
        add(L.FinalInvoicePaid, t + days * D, { invoiceId: invF });
        if (r() < 0.1) add(L.PaymentRefunded, t + (days + 3) * D, { paymentId: `p${c}_${j}_f`, invoiceId: invF }, Math.round(rest / 4));
      } else if (roll < 0.85) {
        add(L.PaymentReceived, t + 5 * D, { paymentId: `p${c}_${j}_fp`, invoiceId: invF, amountMinor: Math.round(rest / 3), currency: cur, method: 'cash' }, Math.round(rest / 3));
      } else if (roll < 0.9) {
        add(L.InvoiceVoided, t + D, { invoiceId: invF });
      }
      if (r() < 0.6) add(L.FeedbackSubmitted, t + 2 * D, { kind: 'csat', score: 1 + Math.floor(r() * 5), projectId: `pr${c}_${j}` });
      if (r() < 0.5) add(L.FeedbackSubmitted, t + 3 * D, { kind: 'nps', score: Math.floor(r() * 11) });
      if (r() < 0.4) {
        const ticketId = `t${c}_${j}`;
        add(L.TicketOpened, t + 4 * D, { ticketId });
        if (r() < 0.8) add(L.TicketResolved, t + 4 * D + pick([30, 300, 2000]) * 60_000, { ticketId, priority: 'normal', resolutionMinutes: pick([30, 300, 2000]) });
      }
      if (j > 0) add(L.RepeatBusiness, t, { projectId: `pr${c}_${j}` });
      t += pick([10 * D, 60 * D, 200 * D]);
    }
  }
  return out;
}
