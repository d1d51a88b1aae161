/** At-risk desk ordering and wording. */
export interface DeskItem {
  id: string;
  customerId: string;
  customerName?: string | null;
  band?: 'green' | 'yellow' | 'red' | null;
  score?: number | null;
  churnProbability?: number | null;
  valueMinor?: number | null;
  currency?: string | null;
  reasons: string[];
  status: string;
  owner?: string | null;
  assignee?: string | null;
  dueAt?: string | null;
  snoozedUntil?: string | null;
  kind?: string | null;
  segment?: string | null;
}

/** high / medium / low from the band and the churn probability, whichever is worse. */
export function riskTier(i: Pick<DeskItem, 'band' | 'churnProbability'>): 'high' | 'medium' | 'low' {
  const p = i.churnProbability ?? 0;
  if (i.band === 'red' || p >= 0.6) return 'high';
  if (i.band === 'yellow' || p >= 0.3) return 'medium';
  return 'low';
}

const TIER = { high: 2, medium: 1, low: 0 } as const;

/**
 * Worst risk first; within a tier the most valuable customer first (losing them
 * costs most), then the higher churn probability, then the earliest due time.
 */
export function sortDesk<T extends DeskItem>(items: T[]): T[] {
  return [...items].sort(
    (a, b) =>
      TIER[riskTier(b)] - TIER[riskTier(a)] ||
      (b.valueMinor ?? 0) - (a.valueMinor ?? 0) ||
      (b.churnProbability ?? 0) - (a.churnProbability ?? 0) ||
      String(a.dueAt ?? '9999').localeCompare(String(b.dueAt ?? '9999')),
  );
}

const PLAIN: Record<string, string> = {
  health_band_change: 'Health score dropped to a worse band',
  churn_risk_above: 'Churn risk rose above the threshold',
  quote_viewed_undecided: 'Quote viewed but not decided',
  quote_rejected: 'Quote was rejected',
  invoice_overdue: 'Invoice is overdue',
  no_interaction: 'No interaction for a long time',
  nps_detractor: 'Gave a low NPS score (detractor)',
  usage_drop: 'Usage dropped',
  engagement: 'Engagement is low',
  payment: 'Payment behaviour is poor',
  support: 'Heavy support load',
  satisfaction: 'Low satisfaction',
  delivery: 'Deliveries late',
  relationship: 'Little contact with us',
};

/** A reason as staff would say it; free text from the API passes through unchanged. */
export function plainReason(r: string | { text?: string; key?: string; type?: string; trigger?: string }): string {
  if (typeof r === 'string') return PLAIN[r] ?? r;
  if (r.text) return r.text;
  const k = r.key ?? r.type ?? r.trigger ?? '';
  return PLAIN[k] ?? k.replace(/_/g, ' ');
}

/** Snooze choices as due times from now. */
export function snoozeUntil(hours: number, now: Date = new Date()): string {
  return new Date(now.getTime() + hours * 3_600_000).toISOString();
}

export function isOverdue(dueAt: string | null | undefined, now: Date = new Date()): boolean {
  return !!dueAt && new Date(dueAt).getTime() < now.getTime();
}
