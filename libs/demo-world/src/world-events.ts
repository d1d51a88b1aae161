import { LifecycleEvent as L, type LifecycleEventName } from '@northstar/contracts';
import { Rng, deriveSeed, stableUuid } from './prng';
import type { CustomerPlan, InvoicePlan, JobPlan, LifecycleEventPlan, WebEventPlan, World } from './world.types';

const DAY = 86_400_000;
const MIN = 60_000;

/**
 * A customer's lifecycle history as the events the operational API would have
 * emitted (names and properties from libs/contracts). Ids are stable, so importing
 * twice finds the first copy.
 */
export function customerLifecycleEvents(c: CustomerPlan, world: World, end = world.options.end): LifecycleEventPlan[] {
  const cur = world.options.currency;
  const out: LifecycleEventPlan[] = [];
  const add = (name: LifecycleEventName, at: Date, aggregateType: string, aggregateKey: string, properties: Record<string, unknown>, n = 0) => {
    if (at.getTime() >= end.getTime()) return;
    out.push({ id: stableUuid(`${c.key}:${aggregateKey}:${name}:${n}`), customerKey: c.key, name, at, aggregateType, aggregateId: stableUuid(aggregateKey), properties });
  };
  add(L.CustomerRegistered, c.signupAt, 'customer', c.key, { channel: c.leadSource, customerType: c.type });
  for (const j of c.jobs) jobEvents(j, add, cur);
  // Referral credit goes to the referrer, at the referred customer's sign-up.
  return out;

  function jobEvents(j: JobPlan, emit: typeof add, currency: string) {
    const qr = `${j.key}:qr`;
    const q = `${j.key}:quote`;
    const qrId = stableUuid(qr);
    const qId = stableUuid(q);
    emit(L.InquiryReceived, j.requestedAt, 'quote_request', qr, { quoteRequestId: qrId, number: `QR-${j.key}`, category: j.category, urgent: j.urgent, channel: j.channel });
    const responseMinutes = Math.round((j.respondedAt.getTime() - j.requestedAt.getTime()) / MIN);
    emit(L.InquiryResponded, j.respondedAt, 'quote_request', qr, { quoteRequestId: qrId, responseMinutes, businessMinutes: responseMinutes, breached: responseMinutes > (j.urgent ? 120 : 1440) });
    emit(L.QuoteCreated, j.respondedAt, 'quote', q, { quoteId: qId, quoteRequestId: qrId, category: j.category });
    j.quote.versions.forEach((v, i) => {
      if (i > 0) {
        emit(L.QuoteRevisionRequested, new Date(v.sentAt.getTime() - DAY), 'quote', q, { quoteId: qId, version: i }, i);
        emit(L.QuoteRevised, new Date(v.sentAt.getTime() - 60 * MIN), 'quote', q, { quoteId: qId, version: i + 1 }, i);
      }
      emit(L.QuoteSent, v.sentAt, 'quote', q, { quoteId: qId, number: `Q-${j.key}`, version: i + 1, amountMinor: v.amountMinor, currency, quoteRequestId: qrId }, i);
    });
    if (j.quote.viewedAt) emit(L.QuoteViewed, j.quote.viewedAt, 'quote', q, { quoteId: qId });
    const last = j.quote.versions[j.quote.versions.length - 1];
    const version = j.quote.versions.length;
    if (j.quote.outcome === 'accepted') {
      emit(L.QuoteAccepted, j.quote.decidedAt, 'quote', q, { quoteId: qId, number: `Q-${j.key}`, version, amountMinor: last.amountMinor, currency });
      if (j.seq > 0) emit(L.RepeatBusiness, j.quote.decidedAt, 'quote', q, { quoteId: qId, jobNumber: j.seq + 1, amountMinor: last.amountMinor, currency });
    } else if (j.quote.outcome === 'rejected') emit(L.QuoteRejected, j.quote.decidedAt, 'quote', q, { quoteId: qId, reason: j.quote.rejectReason ?? 'other' });
    else emit(L.QuoteExpired, j.quote.decidedAt, 'quote', q, { quoteId: qId });

    const a = j.appointment;
    if (a) {
      const ap = `${j.key}:appt`;
      const apId = stableUuid(ap);
      const firstStart = a.rescheduledTo.length ? new Date(a.startsAt.getTime()) : a.startsAt;
      emit(L.AppointmentBooked, a.bookedAt, 'appointment', ap, { appointmentId: apId, appointmentType: a.type, startsAt: firstStart.toISOString() });
      a.rescheduledTo.forEach((to, i) => emit(L.AppointmentRescheduled, new Date(to.getTime() - 2 * DAY), 'appointment', ap, { appointmentId: apId, startsAt: to.toISOString() }, i));
      if (a.outcome === 'cancelled') emit(L.AppointmentCancelled, new Date(a.startsAt.getTime() - DAY), 'appointment', ap, { appointmentId: apId });
      else if (a.outcome === 'no_show') {
        emit(L.AppointmentNoShow, a.startsAt, 'appointment', ap, { appointmentId: apId, appointmentType: a.type });
        if (j.deposit) emit(L.AppointmentHeld, a.rescheduledTo[a.rescheduledTo.length - 1], 'appointment', ap, { appointmentId: apId, appointmentType: a.type });
      } else emit(L.AppointmentHeld, a.rescheduledTo.length ? a.rescheduledTo[a.rescheduledTo.length - 1] : a.startsAt, 'appointment', ap, { appointmentId: apId, appointmentType: a.type });
    }
    if (j.deposit) invoiceEvents(j, j.deposit, emit, currency);
    const p = j.project;
    if (p) {
      const pr = `${j.key}:project`;
      const prId = stableUuid(pr);
      emit(L.ProjectActivated, p.activatedAt, 'project', pr, { projectId: prId, quoteId: qId, plannedEnd: p.plannedEnd.toISOString() });
      p.changeOrders.forEach((co, i) => emit(L.ChangeOrderApproved, co.at, 'project', pr, { projectId: prId, amountMinor: co.amountMinor, currency }, i));
      p.milestones.forEach((m, i) => emit(L.MilestoneCompleted, m.at, 'project', pr, { projectId: prId, milestoneId: stableUuid(`${pr}:m${i}`), onTime: m.onTime }, i));
      if (p.completedAt)
        emit(L.ProjectCompleted, p.completedAt, 'project', pr, {
          projectId: prId,
          onTime: !p.delayed,
          estimatedHours: p.estimatedHours,
          actualHours: p.actualHours,
          quotedMinor: last.amountMinor,
          billedMinor: last.amountMinor + p.changeOrders.reduce((s, co) => s + co.amountMinor, 0),
          currency,
        });
      j.tickets.forEach((t, i) => {
        const tk = `${j.key}:ticket${i}`;
        const tkId = stableUuid(tk);
        emit(L.TicketOpened, t.openedAt, 'ticket', tk, { ticketId: tkId, priority: t.priority, projectId: prId });
        if (t.escalated) emit(L.TicketEscalated, new Date(t.openedAt.getTime() + 4 * 60 * MIN), 'ticket', tk, { ticketId: tkId, priority: t.priority });
        if (t.resolvedAt) emit(L.TicketResolved, t.resolvedAt, 'ticket', tk, { ticketId: tkId, priority: t.priority, resolutionMinutes: Math.round((t.resolvedAt.getTime() - t.openedAt.getTime()) / MIN) });
      });
      if (j.csat) emit(L.FeedbackSubmitted, j.csat.at, 'feedback', `${j.key}:csat`, { kind: 'csat', score: j.csat.score, projectId: prId });
      if (j.nps) emit(L.FeedbackSubmitted, j.nps.at, 'feedback', `${j.key}:nps`, { kind: 'nps', score: j.nps.score, projectId: prId });
    }
    if (j.final) invoiceEvents(j, j.final, emit, currency);
  }

  function invoiceEvents(j: JobPlan, inv: InvoicePlan, emit: typeof add, currency: string) {
    const ik = `${j.key}:inv:${inv.kind}`;
    const invId = stableUuid(ik);
    emit(L.InvoiceIssued, inv.issuedAt, 'invoice', ik, { invoiceId: invId, number: `INV-${j.key}-${inv.kind}`, kind: inv.kind, amountMinor: inv.amountMinor, currency, dueAt: inv.dueAt.toISOString() });
    inv.failedAt.forEach((f, i) => emit(L.PaymentFailed, f, 'invoice', ik, { invoiceId: invId, amountMinor: 0, currency, method: inv.method, reason: 'card_declined' }, i));
    if (inv.late) emit(L.InvoiceOverdue, new Date(inv.dueAt.getTime() + DAY), 'invoice', ik, { invoiceId: invId, dueAt: inv.dueAt.toISOString() });
    if (!inv.paidAt) return;
    const paymentId = stableUuid(`${ik}:payment`);
    emit(L.PaymentReceived, inv.paidAt, 'invoice', ik, { paymentId, invoiceId: invId, amountMinor: inv.amountMinor, currency, method: inv.method });
    emit(L.InvoicePaid, inv.paidAt, 'invoice', ik, {
      invoiceId: invId,
      kind: inv.kind,
      amountMinor: inv.amountMinor,
      currency,
      issuedAt: inv.issuedAt.toISOString(),
      daysToPayment: Math.round(((inv.paidAt.getTime() - inv.issuedAt.getTime()) / DAY) * 10) / 10,
    });
    if (inv.kind === 'deposit') emit(L.DepositPaid, inv.paidAt, 'invoice', ik, { invoiceId: invId, amountMinor: inv.amountMinor, currency });
    else {
      emit(L.FinalInvoicePaid, inv.paidAt, 'invoice', ik, { invoiceId: invId, amountMinor: inv.amountMinor, currency });
      emit(L.LoyaltyPointsEarned, inv.paidAt, 'invoice', ik, { points: Math.floor(inv.amountMinor / 1000), invoiceId: invId });
    }
  }
}

/** Referral events land on the referrer's timeline. */
export function referralEvents(world: World): LifecycleEventPlan[] {
  const byKey = new Map(world.customers.map((c) => [c.key, c]));
  const out: LifecycleEventPlan[] = [];
  for (const c of world.customers) {
    if (!c.referredBy || !byKey.has(c.referredBy)) continue;
    const code = `REF-${c.referredBy.slice(-6)}`;
    const agg = `${c.referredBy}:referral:${c.key}`;
    out.push({ id: stableUuid(`${agg}:made`), customerKey: c.referredBy, name: L.ReferralMade, at: c.signupAt, aggregateType: 'referral', aggregateId: stableUuid(agg), properties: { referredCustomerKey: c.key, code } });
    const firstPaid = c.jobs.find((j) => j.deposit?.paidAt)?.deposit?.paidAt;
    if (firstPaid) out.push({ id: stableUuid(`${agg}:rewarded`), customerKey: c.referredBy, name: L.ReferralRewarded, at: firstPaid, aggregateType: 'referral', aggregateId: stableUuid(agg), properties: { referredCustomerKey: c.key, code, points: 500 } });
  }
  return out;
}

export function worldLifecycleEvents(world: World): LifecycleEventPlan[] {
  return [...world.customers.flatMap((c) => customerLifecycleEvents(c, world)), ...referralEvents(world)];
}

/**
 * Website tracking (Segment page/track): anonymous visits before sign-up, an
 * identify at sign-up that ties the anonymousId to the customer, then signed-in
 * visits whose frequency follows engagement — it falls away over the weeks before a
 * churned customer leaves, which is the "falling engagement" half of the mechanism.
 */
export function customerWebEvents(c: CustomerPlan, world: World, perMonth = 2.2): WebEventPlan[] {
  const rng = new Rng(deriveSeed(world.options.seed ^ 0x5eed, c.index));
  const end = world.options.end.getTime();
  const out: WebEventPlan[] = [];
  let n = 0;
  const ev = (type: WebEventPlan['type'], name: string, at: number, known: boolean, properties: Record<string, unknown>) => {
    if (at >= end) return;
    out.push({ messageId: stableUuid(`${c.key}:web:${n++}`), type, anonymousId: c.anonymousId, customerKey: known ? c.key : null, name, at: new Date(at), properties });
  };
  const category = c.jobs[0]?.category ?? 'it_support';
  const signup = c.signupAt.getTime();
  // Anonymous research before the first contact.
  const visits = rng.int(1, 4);
  for (let v = 0; v < visits; v++) {
    const t = signup - rng.int(1, 20) * DAY - rng.int(0, 600) * MIN;
    ev('page', 'Home', t, false, { path: '/', referrer: rng.pick(['https://www.google.com/', 'https://www.facebook.com/', '', 'https://www.bing.com/']) });
    ev('page', 'Service', t + 40_000, false, { path: `/services/${category}` });
    if (rng.chance(0.5)) ev('page', 'Pricing', t + 95_000, false, { path: '/pricing' });
  }
  if (c.leadSource === 'web_form' || c.leadSource === 'chat') ev('track', 'Quote Form Started', signup - 5 * MIN, false, { category });
  ev('identify', 'identify', signup, true, { email: c.email, name: c.name });
  // Signed-in engagement: steady, then decaying over the 90 days before churn.
  const stop = c.churnedAt ? c.churnedAt.getTime() : end;
  let t = signup + rng.exp(30 / perMonth) * DAY;
  while (t < stop && t < end) {
    ev('page', 'Portal', t, true, { path: '/portal' });
    if (rng.chance(0.4)) ev('track', rng.pick(['Invoice Viewed', 'Project Status Viewed', 'Document Downloaded', 'Message Sent']), t + 60_000, true, {});
    let gap = rng.exp(30 / perMonth) * DAY;
    if (c.churnedAt) {
      const left = (c.churnedAt.getTime() - t) / DAY;
      if (left < 90) gap *= 1 + (90 - left) / 15;
    }
    t += gap;
  }
  return out;
}

export function worldWebEvents(world: World, perMonth?: number): WebEventPlan[] {
  return world.customers.flatMap((c) => customerWebEvents(c, world, perMonth));
}
