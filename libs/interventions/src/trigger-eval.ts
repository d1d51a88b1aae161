import type { CustomerSignals } from './signals.sql';
import type { Trigger } from './rule.schema';

export interface CustomerState {
  signals?: CustomerSignals;
  health?: { score: number; band: string; previousBand: string | null; bandSince: Date; components: unknown };
  churn?: { probability: number; drivers: unknown };
}

const num = (v: number | string | null | undefined) => (v === null || v === undefined ? null : Number(v));

/** Whether a trigger holds for a customer right now, and why, in words. Pure. */
export function evaluateTrigger(t: Trigger, s: CustomerState): { matched: boolean; reason?: string } {
  const sig = s.signals;
  switch (t.type) {
    case 'health_band':
      return s.health && t.bands.includes(s.health.band as 'red')
        ? { matched: true, reason: `Health ${s.health.band} (score ${s.health.score}${s.health.previousBand && s.health.previousBand !== s.health.band ? `, was ${s.health.previousBand}` : ''})` }
        : { matched: false };
    case 'churn_risk':
      return s.churn && s.churn.probability >= t.threshold
        ? { matched: true, reason: `Churn risk ${Math.round(s.churn.probability * 100)}% (threshold ${Math.round(t.threshold * 100)}%)` }
        : { matched: false };
    case 'quote_undecided': {
      const d = num(sig?.undecided_quote_days);
      return d !== null && d >= t.days ? { matched: true, reason: `Quote viewed ${d} days ago, still undecided` } : { matched: false };
    }
    case 'quote_rejected': {
      const d = num(sig?.days_since_quote_rejected);
      return d !== null && d <= t.withinDays ? { matched: true, reason: `Quote rejected ${d} days ago` } : { matched: false };
    }
    case 'invoice_overdue': {
      const d = num(sig?.oldest_overdue_days);
      return d !== null && d >= t.days ? { matched: true, reason: `Invoice overdue for ${d} days` } : { matched: false };
    }
    case 'no_interaction': {
      const d = num(sig?.days_since_interaction);
      return d !== null && d >= t.days ? { matched: true, reason: `No interaction for ${d} days` } : { matched: false };
    }
    case 'nps_detractor': {
      const score = num(sig?.latest_nps);
      const d = num(sig?.days_since_nps);
      return score !== null && d !== null && score <= t.maxScore && d <= t.withinDays
        ? { matched: true, reason: `NPS ${score}/10 given ${d} days ago (detractor)` }
        : { matched: false };
    }
    case 'usage_drop': {
      const prev = Number(sig?.usage_prev_30d ?? 0);
      const cur = Number(sig?.usage_30d ?? 0);
      const drop = prev > 0 ? ((prev - cur) / prev) * 100 : 0;
      return prev >= t.minPrevious && drop >= t.dropPct
        ? { matched: true, reason: `Usage down ${Math.round(drop)}% (${cur} vs ${prev} events in the previous 30 days)` }
        : { matched: false };
    }
  }
}

/** Deterministic hold-out assignment: the same customer and rule always land on the same side. */
export function inHoldout(ruleId: string, customerId: string, share: number): boolean {
  if (share <= 0) return false;
  if (share >= 1) return true;
  let h = 2166136261;
  const s = `${ruleId}:${customerId}`;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return (h >>> 0) / 4294967296 < share;
}

/** The fixed cooldown bucket a firing belongs to; the unique key (rule, customer, windowStart) makes firing idempotent. */
export function windowStartOf(now: Date, cooldownDays: number): Date {
  const ms = cooldownDays * 86_400_000;
  return new Date(Math.floor(now.getTime() / ms) * ms);
}

export function renderTemplate(template: string, vars: Record<string, string | number | null | undefined>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, k: string) => String(vars[k] ?? ''));
}
