import type { HealthInputsRow } from './health-inputs.sql';

export type ComponentKey = 'engagement' | 'payment' | 'support' | 'satisfaction' | 'delivery' | 'relationship';
export type Band = 'green' | 'yellow' | 'red';
export const COMPONENT_KEYS: ComponentKey[] = ['engagement', 'payment', 'support', 'satisfaction', 'delivery', 'relationship'];

/** A linear threshold: `good` or better scores 100, `bad` or worse scores 0 (works for either direction). */
export interface Threshold {
  good: number;
  bad: number;
}

export interface HealthProfile {
  name: 'onboarding' | 'established';
  /** Whole-number weights summing to 100. */
  weights: Record<ComponentKey, number>;
  thresholds: {
    recencyDays: Threshold;
    interactions30d: Threshold;
    daysToPayment: Threshold;
    failedPayments90d: Threshold;
    openOverdueInvoices: Threshold;
    oldestOverdueDays: Threshold;
    tickets90d: Threshold;
    escalations90d: Threshold;
    reopened90d: Threshold;
    csat: Threshold;
    nps: Threshold;
    onTimeRatio: Threshold;
    daysSinceRelationshipTouch: Threshold;
    checkins90d: Threshold;
  };
}

export interface HealthConfig {
  /** score ≥ green → green; ≥ yellow → yellow; else red. */
  bands: { green: number; yellow: number };
  /** Customers younger than this (days since first event) use the onboarding profile. */
  onboardingDays: number;
  profiles: { onboarding: HealthProfile; established: HealthProfile };
}

const ESTABLISHED: HealthProfile = {
  name: 'established',
  weights: { engagement: 25, payment: 25, support: 15, satisfaction: 15, delivery: 10, relationship: 10 },
  thresholds: {
    recencyDays: { good: 14, bad: 90 },
    interactions30d: { good: 8, bad: 0 },
    daysToPayment: { good: 14, bad: 60 },
    failedPayments90d: { good: 0, bad: 3 },
    openOverdueInvoices: { good: 0, bad: 2 },
    oldestOverdueDays: { good: 0, bad: 45 },
    tickets90d: { good: 1, bad: 6 },
    escalations90d: { good: 0, bad: 2 },
    reopened90d: { good: 0, bad: 2 },
    csat: { good: 4.5, bad: 2 },
    nps: { good: 9, bad: 4 },
    onTimeRatio: { good: 0.9, bad: 0.4 },
    daysSinceRelationshipTouch: { good: 30, bad: 120 },
    checkins90d: { good: 2, bad: 0 },
  },
};

/** The first 90 days: engagement and delivery matter most, silence is alarming sooner, history is thin. */
const ONBOARDING: HealthProfile = {
  name: 'onboarding',
  weights: { engagement: 30, payment: 20, support: 15, satisfaction: 10, delivery: 20, relationship: 5 },
  thresholds: {
    ...ESTABLISHED.thresholds,
    recencyDays: { good: 7, bad: 45 },
    interactions30d: { good: 12, bad: 0 },
    tickets90d: { good: 2, bad: 8 },
    daysSinceRelationshipTouch: { good: 14, bad: 60 },
  },
};

export const DEFAULT_HEALTH_CONFIG: HealthConfig = {
  bands: { green: 70, yellow: 40 },
  onboardingDays: 90,
  profiles: { onboarding: ONBOARDING, established: ESTABLISHED },
};

export interface ComponentResult {
  key: ComponentKey;
  /** 0–100 */
  value: number;
  /** The profile's weight (of 100). */
  weight: number;
  /** The weight after renormalising over the components that have data. */
  effectiveWeight: number;
  /** Points this component adds to the score (value × effectiveWeight / 100). */
  contribution: number;
  inputs: Record<string, number | null>;
  /** Plain-words explanation of what pulled this component down (empty when healthy). */
  reasons: string[];
}

export interface HealthResult {
  score: number;
  band: Band;
  profile: HealthProfile['name'];
  components: ComponentResult[];
  missing: ComponentKey[];
  /** True when some components had no data and the others' weights were scaled up. */
  renormalised: boolean;
  explanation: string;
}

export function scale(value: number, t: Threshold): number {
  if (t.good === t.bad) return value === t.good ? 100 : 0;
  const f = (value - t.bad) / (t.good - t.bad);
  return Math.max(0, Math.min(100, f * 100));
}

export function bandOf(score: number, bands: HealthConfig['bands']): Band {
  return score >= bands.green ? 'green' : score >= bands.yellow ? 'yellow' : 'red';
}

export function validateConfig(config: HealthConfig): void {
  for (const p of Object.values(config.profiles)) {
    const sum = COMPONENT_KEYS.reduce((s, k) => s + p.weights[k], 0);
    if (sum !== 100) throw new Error(`health profile ${p.name}: weights sum to ${sum}, expected 100`);
  }
  if (!(config.bands.green > config.bands.yellow)) throw new Error('health bands: green threshold must be above yellow');
}

function daysBetween(from: string | Date, to: Date): number {
  return Math.max(0, Math.floor((to.getTime() - toDate(from).getTime()) / 86_400_000));
}

export function toDate(v: string | Date): Date {
  if (v instanceof Date) return v;
  // ClickHouse JSON DateTime64 is 'YYYY-MM-DD hh:mm:ss.sss' in UTC.
  return new Date(v.includes('T') ? v : `${v.replace(' ', 'T')}Z`);
}

const n = (v: number | string | null | undefined): number | null => (v === null || v === undefined ? null : Number(v));
const plural = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;

type Raw = Omit<ComponentResult, 'weight' | 'effectiveWeight' | 'contribution' | 'key'>;
/** A sub-score weighted inside its component, with the sentence that explains it when it is low. */
type Part = [score: number, share: number, reason: string | null];

function combine(parts: Part[], inputs: Raw['inputs']): Raw {
  const total = parts.reduce((s, p) => s + p[1], 0);
  const value = parts.reduce((s, p) => s + p[0] * p[1], 0) / total;
  return { value, inputs, reasons: parts.filter((p) => p[0] < 50 && p[2]).map((p) => p[2]!) };
}

/** Component values from one row of inputs; a component is null when the customer has no data for it. */
export function componentValues(row: HealthInputsRow, profile: HealthProfile, asOf: Date): Record<ComponentKey, Raw | null> {
  const t = profile.thresholds;
  const out = {} as Record<ComponentKey, Raw | null>;

  const lastInteraction = row.last_interaction ? daysBetween(row.last_interaction, asOf) : null;
  const interactions = Number(row.interactions_30d);
  out.engagement =
    lastInteraction === null
      ? null
      : combine(
          [
            [scale(lastInteraction, t.recencyDays), 0.6, `No interaction for ${lastInteraction} days`],
            [scale(interactions, t.interactions30d), 0.4, `Only ${plural(interactions, 'interaction')} in the last 30 days`],
          ],
          { daysSinceLastInteraction: lastInteraction, interactions30d: interactions, activeDays30d: Number(row.active_days_30d) },
        );

  const dtp = n(row.avg_days_to_payment);
  const failed = Number(row.failed_payments_90d);
  const openOverdue = Number(row.open_overdue_invoices);
  const oldest = n(row.oldest_open_overdue_days);
  const outstanding = Number(row.outstanding_minor);
  if (Number(row.payment_events) === 0) out.payment = null;
  else {
    const parts: Part[] = [
      [scale(failed, t.failedPayments90d), 0.3, `${plural(failed, 'failed payment')} in the last 90 days`],
      [scale(openOverdue, t.openOverdueInvoices), 0.25, `${plural(openOverdue, 'invoice')} overdue and unpaid`],
      [scale(oldest ?? 0, t.oldestOverdueDays), 0.2, `Oldest unpaid invoice is ${oldest} days overdue`],
    ];
    if (dtp !== null) parts.push([scale(dtp, t.daysToPayment), 0.25, `Pays invoices in ${Math.round(dtp)} days on average`]);
    out.payment = combine(parts, {
      avgDaysToPayment: dtp,
      failedPayments90d: failed,
      openOverdueInvoices: openOverdue,
      oldestOverdueDays: oldest,
      outstandingMinor: outstanding,
    });
  }

  const tickets = Number(row.tickets_90d);
  const esc = Number(row.escalations_90d);
  const reopened = Number(row.reopened_90d);
  out.support =
    Number(row.ticket_events) === 0
      ? null
      : combine(
          [
            [scale(tickets, t.tickets90d), 0.4, `${plural(tickets, 'support ticket')} in the last 90 days`],
            [scale(esc, t.escalations90d), 0.35, `${plural(esc, 'escalated ticket')} in the last 90 days`],
            [scale(reopened, t.reopened90d), 0.25, `${plural(reopened, 'reopened ticket')} in the last 90 days`],
          ],
          { tickets90d: tickets, escalations90d: esc, reopened90d: reopened },
        );

  const csat = Number(row.csat_count) > 0 ? n(row.latest_csat) : null;
  const nps = Number(row.nps_count) > 0 ? n(row.latest_nps) : null;
  const satParts: Part[] = [];
  if (csat !== null) satParts.push([scale(csat, t.csat), 1, `Latest CSAT ${csat}/5`]);
  if (nps !== null) satParts.push([scale(nps, t.nps), 1, `Latest NPS ${nps}/10${nps <= 6 ? ' (detractor)' : ''}`]);
  out.satisfaction = satParts.length ? combine(satParts, { latestCsat: csat, latestNps: nps }) : null;

  const ms = Number(row.milestones_180d);
  const onTime = Number(row.milestones_on_time_180d);
  out.delivery =
    ms === 0
      ? null
      : combine([[scale(onTime / ms, t.onTimeRatio), 1, `${ms - onTime} of ${plural(ms, 'milestone')} late in the last 180 days`]], {
          milestones180d: ms,
          onTime180d: onTime,
        });

  const touch = row.last_relationship_touch ? daysBetween(row.last_relationship_touch, asOf) : null;
  const checkins = Number(row.checkins_90d);
  out.relationship =
    Number(row.relationship_events) === 0 || touch === null
      ? null
      : combine(
          [
            [scale(touch, t.daysSinceRelationshipTouch), 0.6, `No check-in or outreach response for ${touch} days`],
            [scale(checkins + Number(row.outreach_responses_90d), t.checkins90d), 0.4, `No check-ins or outreach responses in the last 90 days`],
          ],
          { daysSinceTouch: touch, checkins90d: checkins, outreachResponses90d: Number(row.outreach_responses_90d) },
        );
  return out;
}

export function profileFor(row: Pick<HealthInputsRow, 'first_seen'>, asOf: Date, config: HealthConfig): HealthProfile {
  return daysBetween(row.first_seen, asOf) < config.onboardingDays ? config.profiles.onboarding : config.profiles.established;
}

/** The health score of one customer (or account) from its inputs. Pure. */
export function scoreHealth(row: HealthInputsRow, asOf: Date, config: HealthConfig = DEFAULT_HEALTH_CONFIG): HealthResult {
  const profile = profileFor(row, asOf, config);
  const raw = componentValues(row, profile, asOf);
  const present = COMPONENT_KEYS.filter((k) => raw[k] !== null);
  const missing = COMPONENT_KEYS.filter((k) => raw[k] === null);
  const presentWeight = present.reduce((s, k) => s + profile.weights[k], 0);
  const components: ComponentResult[] = present.map((k) => {
    const r = raw[k]!;
    const effectiveWeight = (profile.weights[k] * 100) / presentWeight;
    return {
      key: k,
      value: round1(r.value),
      weight: profile.weights[k],
      effectiveWeight: round1(effectiveWeight),
      contribution: round1((r.value * effectiveWeight) / 100),
      inputs: r.inputs,
      reasons: r.reasons,
    };
  });
  const score = present.length ? Math.round(present.reduce((s, k) => s + (raw[k]!.value * profile.weights[k]) / presentWeight, 0)) : 0;
  const band = present.length ? bandOf(score, config.bands) : 'yellow';
  const renormalised = missing.length > 0;
  const low = components.filter((c) => c.reasons.length).flatMap((c) => c.reasons);
  const explanation =
    (present.length === 0 ? 'No data yet. ' : '') +
    (low.length ? `${low.join('; ')}.` : 'All components healthy.') +
    (renormalised ? ` No data for ${missing.join(', ')}: weights renormalised over ${present.join(', ') || 'nothing'}.` : '');
  return { score, band, profile: profile.name, components, missing, renormalised, explanation };
}

export function trendOf(score: number, previous: number | null | undefined): 'up' | 'down' | 'same' {
  if (previous === null || previous === undefined || previous === score) return 'same';
  return score > previous ? 'up' : 'down';
}

const round1 = (x: number) => Math.round(x * 10) / 10;
