import type { CustomerPlan, InvoicePlan, JobPlan } from '../world.types';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** Validity of every replayed quote: an unanswered quote expires when the plan says (30 days after its last version). */
export const REPLAY_QUOTE_VALIDITY_DAYS = 30;

/** How many milestones a project of this complexity is quoted with (the generator completes them in order). */
export const MILESTONES_BY_COMPLEXITY = { simple: 1, standard: 2, complex: 4 } as const;

export type InvoiceKind = 'deposit' | 'final';

/**
 * One step of a customer's history as the domain services perform it. `job` is the
 * index in the customer's plan; the replay keeps the records each step creates (quote,
 * appointment, invoices, project, tickets) per job for the steps after it.
 */
export type HistoryStep = { at: Date } & (
  | { kind: 'referral'; referrerKey: string }
  | { kind: 'request' | 'first-response' | 'quote' | 'view' | 'accept' | 'reject' | 'expire' | 'issue-deposit' | 'sign-off'; job: number }
  | { kind: 'request-revision' | 'revise' | 'send'; job: number; version: number }
  | { kind: 'book'; job: number; startsAt: Date }
  | { kind: 'reschedule'; job: number; startsAt: Date }
  | { kind: 'cancel-appointment'; job: number }
  | { kind: 'appointment-outcome'; job: number; outcome: 'held' | 'no_show' }
  | { kind: 'payment'; job: number; invoice: InvoiceKind; failed: boolean }
  | { kind: 'change-order'; job: number; index: number }
  | { kind: 'time-log'; job: number; hundredths: number }
  | { kind: 'milestone'; job: number; position: number }
  | { kind: 'ticket-open' | 'ticket-escalate' | 'ticket-resolve'; job: number; ticket: number }
  | { kind: 'feedback'; job: number }
  // Added by the replay once an invoice is issued: the collections steps its terms schedule.
  | { kind: 'collections'; job: number; reminderId: string }
);

/**
 * A customer's history after registration, as time-ordered service steps. Each step
 * is placed at its planned time; where the services require an order the plan does not
 * guarantee (a reschedule before its booking, an escalation after a quick resolution,
 * a decision after the quote lapsed) the time is nudged into the order the services
 * accept. Steps at or after `end` are the future and are left out, so a job cut by the
 * end of the span stays open where it is (a sent quote, an unpaid invoice).
 */
export function historySteps(c: CustomerPlan, end: Date, skipJobs: ReadonlySet<string> = new Set()): HistoryStep[] {
  const steps: HistoryStep[] = [];
  if (c.referredBy) steps.push({ at: new Date(c.signupAt.getTime() + MIN), kind: 'referral', referrerKey: c.referredBy });
  c.jobs.forEach((j, job) => {
    if (!skipJobs.has(j.key)) steps.push(...jobSteps(j, job));
  });
  return steps.filter((s) => s.at.getTime() < end.getTime()).sort((a, b) => a.at.getTime() - b.at.getTime());
}

function jobSteps(j: JobPlan, job: number): HistoryStep[] {
  const out: HistoryStep[] = [];
  const at = (t: number) => new Date(t);
  // The quote's steps follow one another: a step planned within a minute of the one
  // before (a quote sent minutes after the request) waits a minute.
  let last = -Infinity;
  const next = (planned: number) => at((last = Math.max(planned, last + MIN)));
  out.push({ at: next(j.requestedAt.getTime()), kind: 'request', job });
  out.push({ at: next(j.respondedAt.getTime()), kind: 'first-response', job });
  out.push({ at: next(j.respondedAt.getTime()), kind: 'quote', job });
  j.quote.versions.forEach((v, version) => {
    if (version > 0) {
      out.push({ at: next(v.sentAt.getTime() - DAY), kind: 'request-revision', job, version });
      out.push({ at: next(v.sentAt.getTime() - HOUR), kind: 'revise', job, version });
    }
    out.push({ at: next(v.sentAt.getTime()), kind: 'send', job, version });
  });
  // A decision is taken while the quote is valid; the plan's rare late answers move just inside.
  const lapse = last + REPLAY_QUOTE_VALIDITY_DAYS * DAY;
  if (j.quote.viewedAt) out.push({ at: next(Math.min(j.quote.viewedAt.getTime(), lapse - 2 * MIN)), kind: 'view', job });
  const outcome = j.quote.outcome === 'accepted' ? 'accept' : j.quote.outcome === 'rejected' ? 'reject' : 'expire';
  const decided = outcome === 'expire' ? at(lapse) : next(Math.min(j.quote.decidedAt.getTime(), lapse - MIN));
  out.push({ at: decided, kind: outcome, job });
  if (j.appointment) out.push(...appointmentSteps(j, job));
  if (j.deposit) out.push({ at: at(Math.max(j.deposit.issuedAt.getTime(), decided.getTime() + MIN)), kind: 'issue-deposit', job }, ...paymentSteps(j.deposit, job));
  const p = j.project;
  if (p) {
    p.changeOrders.forEach((co, index) => out.push({ at: co.at, kind: 'change-order', job, index }));
    const share = Math.round((p.actualHours * 100) / MILESTONES_BY_COMPLEXITY[j.complexity]);
    p.milestones.forEach((m, i) => {
      out.push({ at: at(m.at.getTime() - HOUR), kind: 'time-log', job, hundredths: Math.max(25, share) });
      out.push({ at: m.at, kind: 'milestone', job, position: i + 1 });
    });
    if (p.completedAt) out.push({ at: p.completedAt, kind: 'sign-off', job });
    j.tickets.forEach((t, ticket) => {
      out.push({ at: t.openedAt, kind: 'ticket-open', job, ticket });
      const resolved = t.resolvedAt?.getTime() ?? Infinity;
      // Escalated while still open: four hours in, or halfway to a quicker resolution.
      if (t.escalated) out.push({ at: at(Math.min(t.openedAt.getTime() + 4 * HOUR, (t.openedAt.getTime() + resolved) / 2)), kind: 'ticket-escalate', job, ticket });
      if (t.resolvedAt) out.push({ at: t.resolvedAt, kind: 'ticket-resolve', job, ticket });
    });
    // One survey answers both questions, so it is answered when the first answer came.
    const answered = Math.min(j.csat?.at.getTime() ?? Infinity, j.nps?.at.getTime() ?? Infinity);
    if (Number.isFinite(answered)) out.push({ at: at(answered), kind: 'feedback', job });
  }
  if (j.final) out.push(...paymentSteps(j.final, job));
  return out;
}

/**
 * The plan's appointment: its start is the final one, so a rescheduled visit was first
 * booked three days earlier; a no-show is rebooked once (held when the job went on).
 */
function appointmentSteps(j: JobPlan, job: number): HistoryStep[] {
  const a = j.appointment!;
  const booked = a.bookedAt.getTime();
  const start = a.startsAt.getTime();
  const moved = a.rescheduledTo.some((t) => t.getTime() === start);
  const firstStart = moved ? Math.max(booked + DAY, start - 3 * DAY) : start;
  const out: HistoryStep[] = [{ at: a.bookedAt, kind: 'book', job, startsAt: new Date(firstStart) }];
  if (moved) out.push({ at: new Date(Math.max(booked + MIN, firstStart - 2 * DAY)), kind: 'reschedule', job, startsAt: a.startsAt });
  if (a.outcome === 'cancelled') {
    out.push({ at: new Date(Math.max(booked + 2 * MIN, start - DAY)), kind: 'cancel-appointment', job });
    return out;
  }
  out.push({ at: a.startsAt, kind: 'appointment-outcome', job, outcome: a.outcome === 'no_show' ? 'no_show' : 'held' });
  const rebooked = a.outcome === 'no_show' ? a.rescheduledTo.find((t) => t.getTime() > start) : undefined;
  if (rebooked) {
    out.push({ at: new Date(start + HOUR), kind: 'book', job, startsAt: rebooked });
    out.push({ at: rebooked, kind: 'appointment-outcome', job, outcome: j.deposit ? 'held' : 'no_show' });
  }
  return out;
}

function paymentSteps(inv: InvoicePlan, job: number): HistoryStep[] {
  const out: HistoryStep[] = inv.failedAt.map((at) => ({ at, kind: 'payment' as const, job, invoice: inv.kind, failed: true }));
  if (inv.paidAt) out.push({ at: inv.paidAt, kind: 'payment', job, invoice: inv.kind, failed: false });
  return out;
}
