import { buildDesk, type AtRiskRow, type DeskTask } from '../lib/desk';
import { api, ApiRequestError, type ApiClient } from './client';
import type {
  Appointment,
  ChurnScore,
  Customer,
  CustomerHealth,
  CustomerSegments,
  DroppedUnits,
  FeedbackAnswer,
  Fresh,
  FunnelResult,
  HealthDistributionBucket,
  Intervention,
  Invoice,
  KpiSeries,
  KpiSummary,
  Me,
  Page,
  Quote,
  QuoteRequest,
  RetentionResult,
  SegmentMember,
  SegmentSize,
  Ticket,
  TimelinePage,
} from '@northstar/api-contracts';

/** Every endpoint the dashboard calls, in one place. */
export interface Range {
  from: string;
  to: string;
  tz: string;
}

/** A 404 for a thing that has no row yet (a customer never scored) becomes `value`; other errors pass. */
export async function notFoundAs<T, D>(p: Promise<T>, value: D): Promise<T | D> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof ApiRequestError && e.status === 404 && !e.missingEndpoint) return value;
    throw e;
  }
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
    kpis: (r: Range) => c.get<Fresh<KpiSummary>>('/analytics/kpis', { from: r.from, to: r.to, tz: r.tz }),
    kpiSeries: (r: Range, buckets: number) => c.get<Fresh<KpiSeries>>('/analytics/kpis/series', { from: r.from, to: r.to, tz: r.tz, buckets }),
    lifecycleFunnel: (r: Range, interval: string, category?: string) =>
      category
        ? c.post<FunnelResult>('/analytics/funnels', lifecycleWithCategory(r, interval, category))
        : c.get<Fresh<FunnelResult>>('/analytics/funnels/lifecycle', { from: r.from, to: r.to, timezone: r.tz, interval }),
    dropped: (r: Range, step: number, limit = 200) =>
      c.get<DroppedUnits>('/analytics/funnels/lifecycle/dropped', { from: r.from, to: r.to, timezone: r.tz, step, limit }),
    retention: (r: Range, interval: 'week' | 'month') =>
      c.get<Fresh<RetentionResult>>('/analytics/retention', { from: r.from, to: r.to, timezone: r.tz, interval, periods: interval === 'month' ? 12 : 12 }),

    customers: (q: Record<string, string | number | undefined>) => c.get<Page<Customer>>('/customers', q),
    customer: (id: string) => c.get<Customer>(`/customers/${encodeURIComponent(id)}`),
    timeline: (id: string, limit = 100) => c.get<TimelinePage>(`/v1/customers/${encodeURIComponent(id)}/events`, { limit }),
    /** `GET /quotes` answers `{ items }`; `GET /invoices` a bare array. */
    quotes: (q: { customerId?: string; status?: string; limit?: number }) => c.get<unknown>('/quotes', { limit: 200, ...q }).then((x) => listOf<Quote>(x)),
    invoices: (q: { customerId?: string; status?: string }) => c.get<unknown>('/invoices', q).then((x) => listOf<Invoice>(x)),
    quoteRequests: (q: { breached?: boolean; status?: string; customerId?: string; pageSize?: number }) =>
      c.get<Page<QuoteRequest>>('/intake/quote-requests', { pageSize: 200, ...q, breached: q.breached === undefined ? undefined : String(q.breached) }),

    appointments: (from: string, to: string, timeZone?: string) => c.get<Appointment[]>('/appointments', { from, to, timeZone }),
    tickets: (q: { customerId?: string; status?: string; limit?: number }) => c.get<Ticket[]>('/tickets', q),
    feedback: (q: { customerId?: string; limit?: number }) => c.get<FeedbackAnswer[]>('/feedback', q),

    // Intelligence (libs/health, churn, segments, interventions: see docs/intelligence.md).
    /** No score yet answers 404: that is "no data", not a failure. */
    health: (id: string) =>
      notFoundAs(c.get<CustomerHealth>(`/intelligence/health/customers/${encodeURIComponent(id)}`), { current: null, history: [] } as CustomerHealth),
    healthDistribution: (r: Range, interval: string) =>
      c.get<HealthDistributionBucket[]>('/intelligence/health/distribution', { from: r.from, to: r.to, tz: r.tz, interval }),
    churn: (id: string) => notFoundAs(c.get<ChurnScore>(`/intelligence/churn/customers/${encodeURIComponent(id)}`), null),
    segmentSizes: () => c.get<SegmentSize[]>('/intelligence/segments'),
    segmentMembers: (key: string, limit = 500) => c.get<SegmentMember[]>(`/intelligence/segments/${encodeURIComponent(key)}/members`, { limit }),
    customerSegments: (id: string) => c.get<CustomerSegments>(`/intelligence/customers/${encodeURIComponent(id)}/segments`),
    interventions: (customerId: string) => c.get<Intervention[]>('/intelligence/interventions/firings', { customerId, limit: 100 }),

    atRisk: (limit = 500) => c.get<AtRiskRow[]>('/desk/at-risk', { limit }),
    deskTasks: (q: { status?: string; assignee?: string; customerId?: string; limit?: number }) => c.get<DeskTask[]>('/desk/tasks', { limit: 500, ...q }),
    /** The desk: tasks in the wanted status (default: not resolved) joined with their customers' risk, plus at-risk customers with no task yet. */
    desk: async (q: { owner?: string; segment?: string; status?: string }) => {
      const statuses = q.status ? [q.status] : ['open', 'acknowledged', 'snoozed'];
      const [atRisk, taskLists, members] = await Promise.all([
        c.get<AtRiskRow[]>('/desk/at-risk', { limit: 500 }),
        Promise.all(statuses.map((status) => c.get<DeskTask[]>('/desk/tasks', { status, limit: 500 }))),
        q.segment ? c.get<SegmentMember[]>(`/intelligence/segments/${encodeURIComponent(q.segment)}/members`, { limit: 500 }) : Promise.resolve(null),
      ]);
      return buildDesk(atRisk, taskLists.flat(), { includeUntasked: !q.status, owner: q.owner, customerIds: members ? new Set(members.map((m) => m.customerId)) : null });
    },
    deskAction: (taskId: string, action: 'acknowledge' | 'assign' | 'snooze' | 'resolve', body: Record<string, unknown> = {}) =>
      c.post<DeskTask>(`/desk/tasks/${encodeURIComponent(taskId)}/${action}`, body),
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
