import type { AtRiskRow, DeskTask } from '@northstar/api-contracts';

export type { AtRiskRow, DeskTask };

/** At-risk desk ordering and wording. */
export interface DeskItem {
  /** The task id when the row is a task; `customer:<id>` for an at-risk customer with no open task. */
  id: string;
  taskId?: string | null;
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
  title?: string | null;
  segment?: string | null;
}

/** A firing's reason is `{ trigger: 'health_band', text: 'Health red (score 28, was yellow)' }`: the engine's words first. */
export function firingReason(reason: unknown): string | null {
  const text = (reason as { text?: unknown } | null)?.text;
  if (typeof text === 'string' && text) return text;
  const t = triggerName(reason);
  return t ? plainReason(t) : null;
}

function triggerName(reason: unknown): string | null {
  const t = (reason as { trigger?: unknown } | null)?.trigger;
  if (typeof t === 'string') return t;
  if (t && typeof t === 'object') return String((t as { type?: unknown }).type ?? '') || null;
  return null;
}

/** Why a customer is on the desk, in plain words: the rules that fired, churn drivers, then health component reasons; no repeats. */
export function atRiskReasons(r: Pick<AtRiskRow, 'reasons'>, max = 6): string[] {
  const all = [
    ...r.reasons.triggers.map((t) => firingReason(t.reason)).filter((x): x is string => !!x),
    ...r.reasons.churnDrivers,
    ...r.reasons.health.flatMap((h) => h.reasons),
  ];
  return [...new Set(all)].slice(0, max);
}

/**
 * One desk row per task (what staff act on), carrying its customer's risk, value
 * and reasons; plus one row per at-risk customer who has no task yet (no actions).
 * `tasks` are those in the wanted statuses; `includeUntasked` is false when a
 * status filter is on (an untasked customer has no status to match).
 */
export function buildDesk(atRisk: AtRiskRow[], tasks: DeskTask[], opts: { includeUntasked: boolean; owner?: string; customerIds?: Set<string> | null }): DeskItem[] {
  const byCustomer = new Map(atRisk.map((r) => [r.customerId, r]));
  const tasked = new Set<string>();
  const items: DeskItem[] = [];
  const base = (customerId: string, name: string | null | undefined) => {
    const r = byCustomer.get(customerId);
    return {
      customerId,
      customerName: r?.customerName ?? name ?? null,
      band: r?.health?.band ?? null,
      score: r?.health?.score ?? null,
      churnProbability: r?.churn?.probability ?? null,
      valueMinor: r?.value.monetaryMinor12m ?? null,
      segment: r?.value.tier ? `value:${r.value.tier}` : null,
      reasons: r ? atRiskReasons(r) : [],
    };
  };
  for (const t of tasks) {
    tasked.add(t.customerId);
    items.push({ ...base(t.customerId, t.customerName), id: t.id, taskId: t.id, status: t.status, owner: t.owner, assignee: t.assignee, dueAt: t.dueAt, snoozedUntil: t.snoozedUntil ?? null, kind: t.kind, title: t.title });
  }
  if (opts.includeUntasked)
    for (const r of atRisk) {
      if (tasked.has(r.customerId) || r.openTasks.length) continue;
      items.push({ ...base(r.customerId, r.customerName), id: `customer:${r.customerId}`, taskId: null, status: 'no task', owner: null, assignee: null, dueAt: null });
    }
  const owner = opts.owner?.trim().toLowerCase();
  return items.filter(
    (i) => (!owner || [i.owner, i.assignee].some((x) => x?.toLowerCase().includes(owner))) && (!opts.customerIds || opts.customerIds.has(i.customerId)),
  );
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
  health_band: 'Health score is in a warning band',
  churn_risk_above: 'Churn risk rose above the threshold',
  churn_risk: 'Churn risk rose above the threshold',
  quote_viewed_undecided: 'Quote viewed but not decided',
  quote_undecided: 'Quote viewed but not decided',
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
