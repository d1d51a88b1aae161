import { plainReason, type DeskItem } from '../lib/desk';
import { api, type ApiClient } from './client';
import type {
  Appointment,
  ChurnScore,
  Customer,
  DroppedUnits,
  FunnelResult,
  HealthScore,
  Intervention,
  Invoice,
  KpiSummary,
  Me,
  Page,
  Quote,
  QuoteRequest,
  RetentionResult,
  SegmentSize,
  TimelineEvent,
} from './types';

/**
 * Every endpoint the dashboard calls, in one place. Endpoints marked "planned"
 * are not served yet by every build (Intelligence II's desk, health and segment
 * reads; an appointments list); their views show "not available yet" on 404.
 */
export interface Range {
  from: string;
  to: string;
  tz: string;
}

/** Lists come back as arrays, `{items}` or `{data}` depending on the lib: accept all three. */
export function listOf<T>(x: unknown): T[] {
  if (Array.isArray(x)) return x as T[];
  const o = (x ?? {}) as { items?: unknown; data?: unknown };
  if (Array.isArray(o.items)) return o.items as T[];
  if (Array.isArray(o.data)) return o.data as T[];
  return [];
}

export function endpoints(c: ApiClient = api) {
  return {
    me: () => c.get<Me>('/auth/me'),
    kpis: (r: Range) => c.get<KpiSummary>('/analytics/kpis', { from: r.from, to: r.to, tz: r.tz }),
    lifecycleFunnel: (r: Range, interval: string, category?: string) =>
      category
        ? c.post<FunnelResult>('/analytics/funnels', lifecycleWithCategory(r, interval, category))
        : c.get<FunnelResult>('/analytics/funnels/lifecycle', { from: r.from, to: r.to, timezone: r.tz, interval }),
    dropped: (r: Range, step: number, limit = 200) =>
      c.get<DroppedUnits>('/analytics/funnels/lifecycle/dropped', { from: r.from, to: r.to, timezone: r.tz, step, limit }),
    retention: (r: Range, interval: 'week' | 'month') =>
      c.get<RetentionResult>('/analytics/retention', { from: r.from, to: r.to, timezone: r.tz, interval, periods: interval === 'month' ? 12 : 12 }),

    customers: (q: Record<string, string | number | undefined>) => c.get<Page<Customer>>('/customers', q),
    customer: (id: string) => c.get<Customer>(`/customers/${encodeURIComponent(id)}`),
    timeline: (id: string, limit = 100) => c.get<{ data: TimelineEvent[]; nextCursor: string | null }>(`/v1/customers/${encodeURIComponent(id)}/events`, { limit }),
    quotes: (q: { customerId?: string; status?: string; limit?: number }) => c.get<Quote[]>('/quotes', { limit: 200, ...q }),
    invoices: (q: { customerId?: string; status?: string }) => c.get<Invoice[]>('/invoices', q),
    quoteRequests: (q: { breached?: boolean; status?: string; customerId?: string; pageSize?: number }) =>
      c.get<Page<QuoteRequest>>('/intake/quote-requests', { pageSize: 200, ...q, breached: q.breached === undefined ? undefined : String(q.breached) }),

    // Planned (Intelligence II / Lifecycle): shapes as the schema in prisma/schema/intelligence.prisma suggests.
    appointments: (from: string, to: string) => c.get<unknown>('/appointments', { from, to }).then((x) => listOf<Appointment>(x)),
    health: (id: string) => c.get<unknown>(`/health/customers/${encodeURIComponent(id)}`).then(normaliseHealth),
    healthDistribution: (r: Range, interval: string) =>
      c.get<unknown>('/health/distribution', { from: r.from, to: r.to, tz: r.tz, interval }).then((x) => listOf<{ bucket: string; green: number; yellow: number; red: number }>(x)),
    churn: (id: string) => c.get<ChurnScore>(`/churn/customers/${encodeURIComponent(id)}`),
    segmentSizes: () => c.get<unknown>('/segments/sizes').then((x) => listOf<SegmentSize>(x)),
    interventions: (customerId: string) => c.get<unknown>('/interventions/firings', { customerId }).then((x) => listOf<Intervention>(x)),
    desk: (q: { owner?: string; segment?: string; status?: string }) => c.get<unknown>('/interventions/desk', q).then((x) => listOf<Record<string, unknown>>(x).map(toDeskItem)),
    deskAction: (id: string, action: 'acknowledge' | 'assign' | 'snooze' | 'resolve', body: Record<string, unknown> = {}) =>
      c.post<unknown>(`/interventions/desk/${encodeURIComponent(id)}/${action}`, body),
  };
}

export type Endpoints = ReturnType<typeof endpoints>;

/** The lifecycle preset narrowed to inquiries of one service category (the category rides on Inquiry Received). */
export function lifecycleWithCategory(r: Range, interval: string, category: string) {
  const events = ['Inquiry Received', 'Quote Sent', 'Quote Accepted', 'Appointment Held', 'Deposit Paid', 'Project Completed', 'Final Invoice Paid', 'Repeat Business'];
  return {
    name: `Customer lifecycle (${category})`,
    steps: events.map((event, i) => ({ event, label: event, filters: i === 0 ? [{ property: 'category', op: 'eq', value: category }] : [] })),
    window: { value: 12, unit: 'month' },
    order: 'ordered',
    countingUnit: 'customer',
    from: r.from,
    to: r.to,
    timezone: r.tz,
    interval,
  };
}

export function normaliseHealth(x: unknown): { current: HealthScore | null; history: HealthScore[] } {
  const o = (x ?? {}) as { current?: HealthScore; score?: number; history?: HealthScore[] };
  if (typeof o.score === 'number') return { current: o as HealthScore, history: o.history ?? [] };
  return { current: o.current ?? null, history: o.history ?? [] };
}

/** Maps a desk row (a CsTask with its customer, health and churn joined, or a flat row) to what the table shows. */
export function toDeskItem(r: Record<string, unknown>): DeskItem {
  const get = <T>(...ks: string[]): T | undefined => {
    for (const k of ks) {
      const v = k.split('.').reduce<unknown>((o, p) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[p] : undefined), r);
      if (v !== undefined && v !== null) return v as T;
    }
    return undefined;
  };
  const reasons = get<unknown[]>('reasons') ?? [];
  return {
    id: String(get('id', 'taskId') ?? ''),
    customerId: String(get('customerId', 'customer.id') ?? ''),
    customerName: get<string>('customerName', 'customer.name') ?? null,
    band: get<DeskItem['band']>('band', 'health.band') ?? null,
    score: get<number>('score', 'healthScore', 'health.score') ?? null,
    churnProbability: get<number>('churnProbability', 'churn.probability') ?? null,
    valueMinor: get<number>('valueMinor', 'monetaryMinor', 'value') ?? null,
    currency: get<string>('currency') ?? 'CAD',
    reasons: reasons.map((x) => plainReason(x as string)),
    status: String(get('status') ?? 'open'),
    owner: get<string>('owner') ?? null,
    assignee: get<string>('assignee') ?? null,
    dueAt: get<string>('dueAt') ?? null,
    snoozedUntil: get<string>('snoozedUntil') ?? null,
    kind: get<string>('kind', 'title') ?? null,
    segment: get<string>('segment', 'rfmSegment') ?? null,
  };
}
