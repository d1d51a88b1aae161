/**
 * Lifecycle stages in the two schemes the business uses, as pure functions of a
 * customer's dated facts and an instant. Every rule compares the instant with a
 * fact date plus a fixed offset (or counts facts in windows that move with the
 * instant), so a stage can only change at one of those instants: replaying the
 * rules at each of them (`stageHistory`) gives each stage with the date it was
 * entered, for any history, back-dated or not.
 *
 * Seed 001 (sales): prospect (first 30 days, until a quote is sent) → opportunity
 * (from day 30 or the first quote sent, until a purchase; there is no "lost" stage,
 * the relationship scheme's "inactive" says that) → new customer (0–90 days after
 * the first purchase) → established (to 12 calendar months after it) → mature; and
 * renewal in the 90 days before a contract ends. Northstar has no contracts yet, so
 * `contractEndsAt` is always absent today and no customer is in renewal; the rule is
 * here (and tested) so contracts only need to supply the date.
 *
 * Seed 003 (relationship): prospect (no purchase) → new (first purchase under 90
 * days ago) → active → loyal (12+ months since the first purchase and repeat
 * purchases) → at-risk (no activity for 90 days, or activity in the last 90 days
 * under half of the 90 before) → inactive (no activity for 180 days).
 */

export const SALES_STAGES = ['prospect', 'opportunity', 'new-customer', 'established', 'mature', 'renewal'] as const;
export type SalesStage = (typeof SALES_STAGES)[number];
export const RELATIONSHIP_STAGES = ['prospect', 'new', 'active', 'loyal', 'at-risk', 'inactive'] as const;
export type RelationshipStage = (typeof RELATIONSHIP_STAGES)[number];

const DAY_MS = 86_400_000;

export const STAGE_RULES = {
  prospectDays: 30,
  newCustomerDays: 90,
  matureAfterMonths: 12,
  renewalLeadDays: 90,
  atRiskSilentDays: 90,
  inactiveSilentDays: 180,
  /** Declining: activity in the last window below this share of the window before… */
  decline: 0.5,
  /** …when the window before had at least this much activity (one quiet month of a light user is not a decline). */
  declineMinPrevious: 4,
  declineWindowDays: 90,
  loyalAfterMonths: 12,
  loyalMinPurchases: 2,
} as const;

/** What the stages are decided from; every list in any order. */
export interface StageFacts {
  /** Anything the customer did or had done for them: registration and every record. */
  activity: readonly Date[];
  /** Accepted quotes and paid invoices that no quote stands behind. */
  purchases: readonly Date[];
  quotesSent: readonly Date[];
  contractEndsAt?: Date | null;
}

export interface StagePeriod<S extends string> {
  stage: S;
  enteredAt: Date;
}

/** Calendar months in UTC; a day the target month lacks becomes its last day (29 Feb + 12 months = 28 Feb). */
export function addMonths(d: Date, months: number): Date {
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(d.getUTCDate(), lastDay), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()));
}

const addDays = (d: Date, days: number) => new Date(d.getTime() + days * DAY_MS);
const upTo = (dates: readonly Date[], at: Date) => dates.filter((d) => d.getTime() <= at.getTime());
const earliest = (dates: readonly Date[]) => (dates.length ? new Date(Math.min(...dates.map((d) => d.getTime()))) : null);
const latest = (dates: readonly Date[]) => (dates.length ? new Date(Math.max(...dates.map((d) => d.getTime()))) : null);
const countIn = (dates: readonly Date[], from: Date, to: Date) => dates.filter((d) => d.getTime() > from.getTime() && d.getTime() <= to.getTime()).length;

export function salesStageAt(f: StageFacts, at: Date): SalesStage | null {
  const firstActivity = earliest(upTo(f.activity, at));
  if (!firstActivity) return null;
  const firstPurchase = earliest(upTo(f.purchases, at));
  if (!firstPurchase) {
    const quoted = upTo(f.quotesSent, at).length > 0;
    return quoted || at >= addDays(firstActivity, STAGE_RULES.prospectDays) ? 'opportunity' : 'prospect';
  }
  const end = f.contractEndsAt;
  if (end && at < end && at >= addDays(end, -STAGE_RULES.renewalLeadDays)) return 'renewal';
  if (at < addDays(firstPurchase, STAGE_RULES.newCustomerDays)) return 'new-customer';
  return at < addMonths(firstPurchase, STAGE_RULES.matureAfterMonths) ? 'established' : 'mature';
}

export function relationshipStageAt(f: StageFacts, at: Date): RelationshipStage | null {
  const activity = upTo(f.activity, at);
  if (!activity.length) return null;
  const purchases = upTo(f.purchases, at);
  const firstPurchase = earliest(purchases);
  if (!firstPurchase) return 'prospect';
  const silentSince = latest(activity)!;
  if (at >= addDays(silentSince, STAGE_RULES.inactiveSilentDays)) return 'inactive';
  if (at < addDays(firstPurchase, STAGE_RULES.newCustomerDays)) return 'new';
  const w = STAGE_RULES.declineWindowDays;
  const recent = countIn(activity, addDays(at, -w), at);
  const previous = countIn(activity, addDays(at, -2 * w), addDays(at, -w));
  const declining = previous >= STAGE_RULES.declineMinPrevious && recent < previous * STAGE_RULES.decline;
  if (at >= addDays(silentSince, STAGE_RULES.atRiskSilentDays) || declining) return 'at-risk';
  const longTerm = at >= addMonths(firstPurchase, STAGE_RULES.loyalAfterMonths);
  return longTerm && purchases.length >= STAGE_RULES.loyalMinPurchases ? 'loyal' : 'active';
}

/** Every instant at which a rule above can change its answer, up to `now`. */
export function changeInstants(f: StageFacts, now: Date): Date[] {
  const offsets = (d: Date) => [
    d,
    addDays(d, STAGE_RULES.prospectDays),
    addDays(d, STAGE_RULES.newCustomerDays),
    addDays(d, STAGE_RULES.atRiskSilentDays),
    addDays(d, STAGE_RULES.inactiveSilentDays),
    addDays(d, STAGE_RULES.declineWindowDays),
    addDays(d, 2 * STAGE_RULES.declineWindowDays),
    addMonths(d, STAGE_RULES.matureAfterMonths),
    addMonths(d, STAGE_RULES.loyalAfterMonths),
  ];
  const end = f.contractEndsAt ? [addDays(f.contractEndsAt, -STAGE_RULES.renewalLeadDays), f.contractEndsAt] : [];
  const all = [...f.activity, ...f.purchases, ...f.quotesSent].flatMap(offsets).concat(end);
  const unique = [...new Set(all.map((d) => d.getTime()).filter((t) => t <= now.getTime()))].sort((a, b) => a - b);
  return unique.map((t) => new Date(t));
}

/** The stages a rule went through up to `now`, oldest first, each with the instant it was entered. */
export function stageHistory<S extends string>(rule: (f: StageFacts, at: Date) => S | null, f: StageFacts, now: Date): StagePeriod<S>[] {
  const periods: StagePeriod<S>[] = [];
  for (const at of changeInstants(f, now)) {
    const stage = rule(f, at);
    if (stage && stage !== periods[periods.length - 1]?.stage) periods.push({ stage, enteredAt: at });
  }
  return periods;
}
