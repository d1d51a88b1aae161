import type { HealthInputsRow } from './health-inputs.sql';
import { DEFAULT_HEALTH_CONFIG, bandOf, scale, scoreHealth, trendOf, validateConfig } from './health-scoring';

const asOf = new Date('2025-06-01T00:00:00Z');
const daysAgo = (d: number) => new Date(asOf.getTime() - d * 86_400_000).toISOString();

function row(over: Partial<HealthInputsRow>): HealthInputsRow {
  return {
    subject_id: 'c1', account_id: '', customer_type: 'individual', first_seen: daysAgo(400), last_interaction: daysAgo(3),
    interactions_30d: 10, interactions_prev_30d: 10, active_days_30d: 8, usage_30d: 5, usage_prev_30d: 5,
    payment_events: 0, avg_days_to_payment: null, failed_payments_90d: 0, overdue_notices_90d: 0, open_overdue_invoices: 0,
    oldest_open_overdue_days: null, outstanding_minor: 0, ticket_events: 0, tickets_90d: 0, escalations_90d: 0, reopened_90d: 0,
    csat_count: 0, latest_csat: null, nps_count: 0, latest_nps: null, milestones_180d: 0, milestones_on_time_180d: 0,
    relationship_events: 0, checkins_90d: 0, outreach_responses_90d: 0, last_relationship_touch: null, ...over,
  };
}

describe('health scoring (pure)', () => {
  it('scales linearly between thresholds in either direction', () => {
    expect(scale(14, { good: 14, bad: 90 })).toBe(100);
    expect(scale(52, { good: 14, bad: 90 })).toBe(50);
    expect(scale(200, { good: 14, bad: 90 })).toBe(0);
    expect(scale(4, { good: 8, bad: 0 })).toBe(50);
  });

  it('default profiles have weights summing to 100 and a bad profile is refused', () => {
    expect(() => validateConfig(DEFAULT_HEALTH_CONFIG)).not.toThrow();
    const bad = structuredClone(DEFAULT_HEALTH_CONFIG);
    bad.profiles.established.weights.engagement = 30;
    expect(() => validateConfig(bad)).toThrow(/sum to 105/);
  });

  it('leaves out components without data, renormalises and says so', () => {
    const r = scoreHealth(row({}), asOf);
    expect(r.components.map((c) => c.key)).toEqual(['engagement']);
    expect(r.missing).toEqual(['payment', 'support', 'satisfaction', 'delivery', 'relationship']);
    expect(r.renormalised).toBe(true);
    expect(r.components[0].effectiveWeight).toBe(100);
    expect(r.explanation).toMatch(/No data for payment, support.*weights renormalised/);
    expect(r.score).toBe(100);
  });

  it('contributions add up to the score and the weights of present components to 100', () => {
    const r = scoreHealth(row({ payment_events: 4, failed_payments_90d: 1, avg_days_to_payment: 20, csat_count: 1, latest_csat: 3 }), asOf);
    const sum = r.components.reduce((s, c) => s + c.contribution, 0);
    expect(Math.abs(sum - r.score)).toBeLessThanOrEqual(1);
    expect(Math.round(r.components.reduce((s, c) => s + c.effectiveWeight, 0))).toBe(100);
  });

  it('uses the onboarding profile for the first 90 days', () => {
    expect(scoreHealth(row({ first_seen: daysAgo(20) }), asOf).profile).toBe('onboarding');
    expect(scoreHealth(row({ first_seen: daysAgo(120) }), asOf).profile).toBe('established');
    // 30 silent days: fine-ish for an established customer, alarming while onboarding.
    const silent = { last_interaction: daysAgo(30), interactions_30d: 0 };
    expect(scoreHealth(row({ ...silent, first_seen: daysAgo(40) }), asOf).score).toBeLessThan(
      scoreHealth(row({ ...silent, first_seen: daysAgo(400) }), asOf).score,
    );
  });

  it('bands and trends', () => {
    expect(bandOf(70, DEFAULT_HEALTH_CONFIG.bands)).toBe('green');
    expect(bandOf(69, DEFAULT_HEALTH_CONFIG.bands)).toBe('yellow');
    expect(bandOf(39, DEFAULT_HEALTH_CONFIG.bands)).toBe('red');
    expect(bandOf(50, { green: 90, yellow: 60 })).toBe('red');
    expect(trendOf(50, 60)).toBe('down');
    expect(trendOf(50, null)).toBe('same');
  });
});
