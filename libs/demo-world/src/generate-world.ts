import { createHash } from 'node:crypto';
import { Rng, deriveSeed, stableUuid } from './prng';
import { CATEGORIES, type CustomerPlan, type InvoicePlan, type JobPlan, type LeadSource, type World, type WorldOptions } from './world.types';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MIN = 60_000;

export const DEFAULT_SEED = 20240611;
/** Replayed through the services, this many customers load in about a minute and a half on 2 cores (docs/demo-world.md). */
export const DEFAULT_CUSTOMERS = 200;

/** Today 00:00 UTC: the default span ends there, so a world is stable within a day. */
export function todayUtc(now = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

export function worldOptions(partial: Partial<WorldOptions> = {}): WorldOptions {
  return { seed: DEFAULT_SEED, customers: DEFAULT_CUSTOMERS, end: todayUtc(), spanDays: 730, currency: 'CAD', ...partial };
}

/**
 * Demand by month (0 = January): spring and early summer are busy, December and
 * January quiet. Sign-ups and new quote requests are drawn against it, so the
 * funnel and KPI charts show the season.
 */
export const SEASONALITY = [0.6, 0.75, 1.0, 1.25, 1.4, 1.3, 1.1, 1.0, 1.1, 1.0, 0.85, 0.55] as const;

const LEAD_MIX: (readonly [LeadSource, number])[] = [
  ['web_form', 40],
  ['phone', 18],
  ['referral', 15],
  ['chat', 10],
  ['walk_in', 8],
  ['whatsapp', 5],
  ['service_desk', 4],
];
const FIRST = ['Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'Lucas', 'Mia', 'Ethan', 'Chloé', 'Félix', 'Sofia', 'Arjun', 'Mei', 'Omar', 'Zoe', 'Jacob', 'Léa', 'Hiro', 'Nadia', 'Samuel', 'Priya', 'Mateo', 'Hannah', 'Ali'];
const LAST = ['Tremblay', 'Smith', 'Gagnon', 'Roy', 'Brown', 'Wilson', 'Nguyen', 'Patel', 'Martin', 'Lee', 'Côté', 'Singh', 'Garcia', 'Chen', 'Bouchard', 'Kim', 'Taylor', 'Khan', 'Morin', 'Murphy'];
const COMPANY_A = ['Maple', 'Harbour', 'Northern', 'Summit', 'Riverside', 'Granite', 'Aurora', 'Cedar', 'Lakeshore', 'Prairie'];
const COMPANY_B = ['Dental', 'Logistics', 'Bakery', 'Law', 'Studio', 'Clinic', 'Realty', 'Foods', 'Architects', 'Motors'];
const PRICE: Record<(typeof CATEGORIES)[number], [number, number]> = {
  web_development: [250_000, 1_500_000],
  it_support: [30_000, 200_000],
  network_setup: [80_000, 600_000],
  device_repair: [10_000, 60_000],
  cloud_migration: [400_000, 2_500_000],
  security_audit: [150_000, 900_000],
};

/** Probability that a customer with a late payment AND a detractor NPS churns. */
export const MECHANISM_CHURN_P = 0.85;
/** Baseline probability of leaving after any finished job. */
export const BASE_CHURN_P = 0.08;

function seasonal(rng: Rng, from: number, to: number): Date {
  // Rejection sampling against the monthly weights, with a mild growth trend.
  for (let i = 0; i < 1000; i++) {
    const t = from + rng.float() * (to - from);
    const w = SEASONALITY[new Date(t).getUTCMonth()] * (0.8 + 0.4 * ((t - from) / Math.max(1, to - from)));
    if (rng.float() * 1.4 * 1.2 < w) return new Date(t);
  }
  return new Date(from + rng.float() * (to - from));
}

/** Working-hours time on the day of t (9:00–17:00 UTC-ish), so appointments look plausible. */
function workingHour(rng: Rng, t: number): number {
  const d = Math.floor(t / DAY) * DAY;
  return d + (13 + rng.int(0, 8)) * HOUR + rng.pick([0, 15, 30, 45]) * MIN;
}

function invoice(rng: Rng, kind: 'deposit' | 'final', amountMinor: number, issuedAt: number, end: number, lateProne: boolean): InvoicePlan {
  const dueAt = issuedAt + (kind === 'deposit' ? 7 : 30) * DAY;
  const failedAt: Date[] = [];
  const method = rng.weighted([
    ['stripe', 55],
    ['e_transfer', 25],
    ['bank_transfer', 15],
    ['cash', 5],
  ] as const);
  const late = rng.chance(lateProne ? 0.35 : 0.1);
  let paidAt = late ? dueAt + rng.int(8, 60) * DAY : issuedAt + rng.exp(kind === 'deposit' ? 2 : 12) * DAY;
  if (!late && paidAt > dueAt) paidAt = dueAt - HOUR;
  if (method === 'stripe' && rng.chance(late ? 0.5 : 0.06)) failedAt.push(new Date(Math.min(paidAt - DAY, issuedAt + rng.int(1, 5) * DAY)));
  return {
    kind,
    amountMinor,
    issuedAt: new Date(issuedAt),
    dueAt: new Date(dueAt),
    failedAt: failedAt.filter((f) => f.getTime() > issuedAt && f.getTime() < end),
    paidAt: paidAt < end ? new Date(paidAt) : null,
    method,
    late: late && (paidAt < end || dueAt + 7 * DAY < end),
  };
}

/** One job: quote request → quote (revisions) → decision → appointment → deposit → project → final invoice → feedback. */
function job(rng: Rng, c: { key: string; business: boolean }, seq: number, at: number, end: number, channel: LeadSource, lateProne: boolean): JobPlan {
  const category = rng.weighted(CATEGORIES.map((k, i) => [k, [18, 26, 14, 22, 8, 12][i]] as const));
  const urgent = rng.chance(category === 'device_repair' || category === 'it_support' ? 0.35 : 0.1);
  const complexity = rng.weighted([
    ['simple', 3],
    ['standard', 5],
    ['complex', c.business ? 3 : 1],
  ] as const);
  const [lo, hi] = PRICE[category];
  const base = Math.round((lo + rng.float() * (hi - lo) * (complexity === 'complex' ? 1 : 0.6)) / 100) * 100;
  const respondedAt = at + (urgent ? rng.exp(1.5) : rng.exp(9)) * HOUR + 5 * MIN;
  const versions: { sentAt: Date; amountMinor: number }[] = [];
  let sent = respondedAt + rng.exp(urgent ? 0.5 : 2) * DAY;
  versions.push({ sentAt: new Date(sent), amountMinor: base });
  const revisions = rng.weighted([
    [0, 70],
    [1, 22],
    [2, 8],
  ] as const);
  for (let r = 0; r < revisions; r++) {
    sent += rng.int(2, 6) * DAY;
    versions.push({ sentAt: new Date(sent), amountMinor: Math.round((versions[versions.length - 1].amountMinor * (0.85 + rng.float() * 0.1)) / 100) * 100 });
  }
  const viewedAt = rng.chance(0.85) ? sent + rng.exp(1) * DAY : null;
  // Repeat customers accept more; referrals too.
  const pAccept = 0.45 + (seq > 0 ? 0.25 : 0) + (channel === 'referral' ? 0.1 : 0);
  const outcome = viewedAt === null ? (rng.chance(0.8) ? 'expired' : 'rejected') : rng.chance(pAccept) ? 'accepted' : rng.chance(0.55) ? 'rejected' : 'expired';
  const decidedAt = outcome === 'expired' ? sent + 30 * DAY : (viewedAt ?? sent) + rng.exp(3) * DAY;
  const j: JobPlan = {
    key: `${c.key}-j${seq}`,
    seq,
    category,
    urgent,
    complexity,
    channel,
    requestedAt: new Date(at),
    respondedAt: new Date(respondedAt),
    quote: {
      versions,
      viewedAt: viewedAt === null ? null : new Date(viewedAt),
      outcome,
      decidedAt: new Date(decidedAt),
      rejectReason: outcome === 'rejected' ? rng.pick(['price', 'timing', 'went_with_competitor', 'scope_changed']) : undefined,
    },
    tickets: [],
  };
  if (outcome !== 'accepted' || decidedAt >= end) return j;

  const amount = versions[versions.length - 1].amountMinor;
  const apptType = category === 'device_repair' ? 'drop_off' : 'site_visit';
  const bookedAt = decidedAt + rng.exp(0.5) * DAY;
  let startsAt = workingHour(rng, bookedAt + rng.int(2, 10) * DAY);
  const rescheduledTo: Date[] = [];
  if (rng.chance(0.18)) {
    startsAt = workingHour(rng, startsAt + rng.int(1, 7) * DAY);
    rescheduledTo.push(new Date(startsAt));
  }
  const apptOutcome = rng.weighted([
    ['held', 88],
    ['no_show', 8],
    ['cancelled', 4],
  ] as const);
  j.appointment = { bookedAt: new Date(bookedAt), startsAt: new Date(startsAt), rescheduledTo, outcome: apptOutcome, type: apptType };
  if (startsAt >= end || apptOutcome === 'cancelled') return j;
  if (apptOutcome === 'no_show') {
    // The visit is rebooked once; a second no-show ends the job.
    startsAt = workingHour(rng, startsAt + rng.int(3, 10) * DAY);
    j.appointment.rescheduledTo.push(new Date(startsAt));
    if (startsAt >= end || rng.chance(0.3)) return j;
  }
  const depositAmt = Math.round((amount * 0.3) / 100) * 100;
  const deposit = invoice(rng, 'deposit', depositAmt, decidedAt + HOUR, end, lateProne);
  j.deposit = deposit;
  if (!deposit.paidAt) return j;

  const activatedAt = Math.max(deposit.paidAt.getTime(), startsAt) + rng.exp(2) * DAY;
  if (activatedAt >= end) return j;
  const plannedDays = complexity === 'simple' ? rng.int(2, 10) : complexity === 'standard' ? rng.int(10, 40) : rng.int(30, 90);
  const delayed = rng.chance(complexity === 'complex' ? 0.4 : 0.18);
  const actualDays = delayed ? plannedDays * (1.15 + rng.float() * 0.8) : plannedDays * (0.7 + rng.float() * 0.3);
  const estimatedHours = Math.round(plannedDays * (c.business ? 6 : 3));
  const changeOrders: { at: Date; amountMinor: number }[] = [];
  const nCo = complexity === 'simple' ? 0 : rng.weighted([
    [0, 70],
    [1, 22],
    [2, 8],
  ] as const);
  for (let k = 0; k < nCo; k++) changeOrders.push({ at: new Date(activatedAt + rng.float() * actualDays * DAY), amountMinor: Math.round((amount * (0.05 + rng.float() * 0.2)) / 100) * 100 });
  changeOrders.sort((a, b) => a.at.getTime() - b.at.getTime());
  const completedAt = activatedAt + actualDays * DAY;
  const nMs = complexity === 'simple' ? 1 : complexity === 'standard' ? 2 : 4;
  const milestones = Array.from({ length: nMs }, (_, m) => ({
    at: new Date(activatedAt + ((m + 1) / nMs) * actualDays * DAY),
    onTime: !delayed || m < nMs / 2,
  })).filter((m) => m.at.getTime() < end);
  j.project = {
    activatedAt: new Date(activatedAt),
    plannedEnd: new Date(activatedAt + plannedDays * DAY),
    completedAt: completedAt < end ? new Date(completedAt) : null,
    delayed,
    estimatedHours,
    actualHours: Math.round(estimatedHours * (actualDays / plannedDays)),
    changeOrders: changeOrders.filter((co) => co.at.getTime() < end),
    milestones,
  };
  // Support tickets: more on delayed and complex work.
  const nTickets = rng.weighted([
    [0, delayed ? 30 : 60],
    [1, 30],
    [2, delayed ? 25 : 8],
    [3, delayed ? 15 : 2],
  ] as const);
  for (let k = 0; k < nTickets; k++) {
    const openedAt = activatedAt + rng.float() * (actualDays + 30) * DAY;
    if (openedAt >= end) continue;
    const priority = rng.weighted([
      ['low', 25],
      ['normal', 50],
      ['high', 18],
      ['urgent', 7],
    ] as const);
    const resolvedAt = openedAt + rng.exp(priority === 'urgent' ? 0.3 : 2) * DAY;
    j.tickets.push({ openedAt: new Date(openedAt), priority, escalated: rng.chance(priority === 'urgent' ? 0.5 : 0.08), resolvedAt: resolvedAt < end ? new Date(resolvedAt) : null });
  }
  if (completedAt >= end) return j;
  const billed = amount + j.project.changeOrders.reduce((s, co) => s + co.amountMinor, 0);
  j.final = invoice(rng, 'final', billed - depositAmt, completedAt + DAY, end, lateProne);
  // Feedback: delays and tickets drag the scores down; NPS detractor = 0..6.
  const mood = 8.6 - (delayed ? 2.2 : 0) - j.tickets.length * 0.7 - (j.final.late || deposit.late ? 0.8 : 0);
  const fbAt = completedAt + rng.int(1, 5) * DAY;
  if (fbAt < end && rng.chance(0.7)) j.csat = { at: new Date(fbAt), score: Math.round(rng.normal(mood / 2, 0.7, 1, 5)) };
  if (fbAt + DAY < end && rng.chance(0.6)) j.nps = { at: new Date(fbAt + DAY), score: Math.round(rng.normal(mood, 1.6, 0, 10)) };
  return j;
}

function customer(options: WorldOptions, index: number, earlier: CustomerPlan[]): CustomerPlan {
  const rng = new Rng(deriveSeed(options.seed, index));
  const end = options.end.getTime();
  const start = end - options.spanDays * DAY;
  const key = `demo-${options.seed}-${String(index).padStart(6, '0')}`;
  const business = rng.chance(0.35);
  const first = rng.pick(FIRST);
  const last = rng.pick(LAST);
  const company = business ? `${rng.pick(COMPANY_A)} ${rng.pick(COMPANY_B)}` : undefined;
  let leadSource = rng.weighted(LEAD_MIX);
  const signupAt = seasonal(rng, start, end - 2 * DAY).getTime();
  let referredBy: string | undefined;
  if (leadSource === 'referral') {
    // A referral needs an earlier customer; pick among the previous few hundred generated.
    const candidates = earlier.slice(-300).filter((e) => e.signupAt.getTime() < signupAt - 14 * DAY && !e.churned);
    if (candidates.length) referredBy = rng.pick(candidates).key;
    else leadSource = 'web_form';
  }
  // Some customers simply pay late more often; it is one input of the churn mechanism.
  const lateProne = rng.chance(0.25);
  const c: CustomerPlan = {
    key,
    index,
    type: business ? 'business' : 'individual',
    name: `${first} ${last}`,
    company,
    email: `${first}.${last}.${index}@demo.northstar.test`
      .toLowerCase()
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, ''),
    phone: `+1416${2_000_000 + index}`,
    leadSource,
    signupAt: new Date(signupAt),
    referredBy,
    jobs: [],
    risk: { latePayment: false, detractor: false, mechanismAt: null },
    churned: false,
    churnedAt: null,
    anonymousId: stableUuid(`${key}:anon`),
  };
  let at = signupAt + rng.int(0, 3) * HOUR;
  for (let seq = 0; at < end && seq < 12; seq++) {
    const j = job(rng, { key, business }, seq, at, end, seq === 0 ? leadSource : rng.pick(['web_form', 'phone', 'chat'] as const), lateProne);
    c.jobs.push(j);
    const jobEnd = Math.max(
      j.quote.decidedAt.getTime(),
      j.final?.paidAt?.getTime() ?? j.final?.issuedAt.getTime() ?? j.project?.completedAt?.getTime() ?? j.deposit?.issuedAt.getTime() ?? 0,
      j.nps?.at.getTime() ?? 0,
    );
    if (jobEnd >= end) break;
    if ([j.deposit, j.final].some((inv) => inv?.late || (inv?.failedAt.length ?? 0) > 0)) c.risk.latePayment = true;
    if (j.nps && j.nps.score <= 6) c.risk.detractor = true;
    if (c.risk.latePayment && c.risk.detractor && !c.risk.mechanismAt) c.risk.mechanismAt = new Date(jobEnd);
    // The known mechanism: late payment + detractor → churn with high probability; else a low base rate.
    const pChurn = c.risk.mechanismAt ? MECHANISM_CHURN_P : BASE_CHURN_P * (j.quote.outcome === 'accepted' ? 1 : 1.8);
    if (rng.chance(pChurn)) {
      c.churned = true;
      c.churnedAt = new Date(jobEnd + rng.int(7, 45) * DAY);
      break;
    }
    // Repeat business: accepted work brings the next request sooner.
    at = jobEnd + rng.exp(j.quote.outcome === 'accepted' ? 110 : 160) * DAY + rng.int(5, 20) * DAY;
    const month = new Date(at).getUTCMonth();
    if (!rng.chance(Math.min(1, SEASONALITY[month] / 1.2))) at += rng.int(20, 60) * DAY;
  }
  if (c.churnedAt && c.churnedAt.getTime() >= end) {
    c.churned = false;
    c.churnedAt = null;
  }
  return c;
}

/** The whole world, a pure function of its options. */
export function generateWorld(partial: Partial<WorldOptions> = {}): World {
  const options = worldOptions(partial);
  const customers: CustomerPlan[] = [];
  for (let i = 0; i < options.customers; i++) customers.push(customer(options, i, customers));
  return { options, customers };
}

/** A digest of everything generated: equal worlds, equal hashes. */
export function worldHash(world: World): string {
  const h = createHash('sha256');
  h.update(JSON.stringify({ ...world.options, end: world.options.end.toISOString() }));
  for (const c of world.customers) h.update(JSON.stringify(c));
  return h.digest('hex');
}
