import { LifecycleEvent as E, chTime } from '@northstar/contracts';
import { DAY, ev, rng, type GeneratedEvent } from '@northstar/health/testing';

export interface GeneratedCustomer {
  id: string;
  start: number;
  /** When the customer stops interacting for good (ms), or Infinity. */
  churnAt: number;
  business: boolean;
}

/**
 * A population with a known churn mechanism: every churner's activity decays
 * over the 120 days before they leave, and in that run-up they have failed
 * payments, escalated tickets and a detractor NPS. After leaving: nothing.
 * Loyal customers keep their own (random) pace with occasional noise tickets.
 */
export function generateChurnPopulation(n: number, now: Date, seed = 7): { customers: GeneratedCustomer[]; events: GeneratedEvent[] } {
  const r = rng(seed);
  const end = now.getTime();
  const chNow = chTime(now);
  const customers: GeneratedCustomer[] = [];
  const events: GeneratedEvent[] = [];
  for (let c = 0; c < n; c++) {
    const id = `cust-${c}`;
    const start = end - (200 + r() * 600) * DAY;
    const churns = r() < 0.55;
    const churnAt = churns ? start + (90 + r() * ((end - start) / DAY + 150)) * DAY : Infinity;
    const business = r() < 0.3;
    customers.push({ id, start, churnAt, business });
    const acct = business ? { accountId: `acct-${c % 97}` } : {};
    events.push(ev(id, E.CustomerRegistered, new Date(start), { customerType: business ? 'business' : 'individual', channel: 'web_form' }, acct));
    const rate = 0.05 + r() * 0.25; // interactions per day at full engagement
    const decline = (t: number) => (t < churnAt - 120 * DAY ? 1 : Math.max(0.08, (churnAt - t) / (120 * DAY)));
    let detractor = false;
    for (let t = start; t < Math.min(end, churnAt); t += DAY) {
      const f = decline(t);
      if (r() < rate * f) events.push(ev(id, 'Page Viewed', new Date(t + r() * DAY), {}, { type: 'page', ...acct }));
      const day = Math.floor((t - start) / DAY);
      if (day % 30 === 15) {
        const amountMinor = 20_000 + Math.floor(r() * 80_000);
        const invoiceId = `${id}-inv-${day}`;
        events.push(ev(id, E.InvoiceIssued, new Date(t), { invoiceId, amountMinor }, acct));
        if (f < 1 && r() < 0.6) {
          events.push(ev(id, E.PaymentFailed, new Date(t + 3 * DAY), { invoiceId }, acct));
          events.push(ev(id, E.InvoiceOverdue, new Date(t + 15 * DAY), { invoiceId }, acct));
        } else {
          const days = 3 + Math.floor(r() * 20);
          events.push(ev(id, E.PaymentReceived, new Date(t + days * DAY), { invoiceId, amountMinor }, acct));
          events.push(ev(id, E.InvoicePaid, new Date(t + days * DAY), { invoiceId, amountMinor, daysToPayment: days }, acct));
        }
      }
      if (f < 0.8 && r() < 0.03) events.push(ev(id, E.TicketEscalated, new Date(t), { ticketId: `${id}-t${day}` }, acct));
      if (r() < 0.01) events.push(ev(id, E.TicketOpened, new Date(t), { ticketId: `${id}-n${day}` }, acct));
      if (f < 0.7 && !detractor && r() < 0.05) {
        detractor = true;
        events.push(ev(id, E.FeedbackSubmitted, new Date(t), { kind: 'nps', score: Math.floor(r() * 6) }, acct));
      }
      if (f === 1 && r() < 0.004) events.push(ev(id, E.FeedbackSubmitted, new Date(t), { kind: 'nps', score: 7 + Math.floor(r() * 4) }, acct));
    }
  }
  return { customers, events: events.filter((e) => e.timestamp < chNow) };
}
