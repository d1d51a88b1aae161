import type { PrismaService } from '@northstar/prisma';
import type { CustomerPlan, World } from '../world.types';

const DAY = 86_400_000;

/** The pipeline state each live-slice customer's current quote is driven to, in rotation. */
export const LIVE_QUOTE_STATES = ['draft', 'in_review', 'sent', 'viewed', 'accepted', 'accepted_overdue', 'accepted_paid', 'rejected'] as const;
export type LiveQuoteState = (typeof LIVE_QUOTE_STATES)[number];

export interface LiveApi {
  ok<T>(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<T>;
}

/**
 * The ~40 most recently active customers who have not churned: the "live slice" whose
 * current operational state (quotes in every pipeline state, deposit invoices, overdue
 * ones, manual payments) goes through the real endpoints so the Operations view has rows.
 */
export function liveSliceSelection(world: World, n: number, exclude: Set<string> = new Set()): { c: CustomerPlan; state: LiveQuoteState }[] {
  return world.customers
    .filter((c) => !c.churned && c.jobs.length > 0 && !exclude.has(c.key))
    .sort((a, b) => b.jobs[b.jobs.length - 1].requestedAt.getTime() - a.jobs[a.jobs.length - 1].requestedAt.getTime() || (a.key < b.key ? -1 : 1))
    .slice(0, n)
    .map((c, i) => ({ c, state: LIVE_QUOTE_STATES[i % LIVE_QUOTE_STATES.length] }));
}

/** Deterministic marker in the quote title: a re-run finds it and skips the customer. */
export const liveMarker = (c: CustomerPlan) => `[demo-live ${c.key}]`;

/**
 * Drives one customer's current quote to `state` through the staff and customer-link
 * endpoints: ops drafts, submits for review, management approves, ops sends (the
 * response carries the signed customer link), the customer views / accepts / rejects.
 * An accepted quote yields a draft deposit invoice (invoices' quote hook); ops issues it —
 * for `accepted_overdue` the admin issues it back-dated 20 days (X-Occurred-At) so it is
 * past its net-7 due date and collections mark it overdue; for `accepted_paid` an
 * e-transfer is recorded (ops) and confirmed (admin).
 */
export async function driveLiveQuote(
  api: { ops: LiveApi; mgmt: LiveApi; admin: LiveApi; base: string },
  prisma: PrismaService,
  c: CustomerPlan,
  customerId: string,
  state: LiveQuoteState,
  now = Date.now(),
): Promise<boolean> {
  const marker = liveMarker(c);
  if (await prisma.quote.findFirst({ where: { customerId, title: { contains: marker } }, select: { id: true } })) return false;
  const j = c.jobs[c.jobs.length - 1];
  const amount = Math.max(25_000, Math.round((j.quote.versions[j.quote.versions.length - 1]?.amountMinor ?? 150_000) / 100) * 100);
  const what = j.category.replace(/_/g, ' ');
  const q = await api.ops.ok<{ id: string }>('POST', '/quotes', {
    customerId,
    title: `${what[0].toUpperCase()}${what.slice(1)} ${marker}`,
    executiveSummary: `${j.complexity} ${what} work for ${c.name}.`,
    scope: `Assessment, delivery and hand-over of the ${what} work requested.`,
    lines: [{ kind: 'custom', description: `${what} (${j.complexity})`, unitMinor: amount, quantity: 1 }],
  });
  if (state === 'draft') return true;
  await api.ops.ok('POST', `/quotes/${q.id}/submit`);
  if (state === 'in_review') return true;
  await api.mgmt.ok('POST', `/quotes/${q.id}/approve`);
  const sent = await api.ops.ok<{ customerLink: string }>('POST', `/quotes/${q.id}/send`);
  if (state === 'sent') return true;
  const link = new URL(sent.customerLink);
  const token = `?token=${encodeURIComponent(link.searchParams.get('token') ?? '')}`;
  await api.ops.ok('GET', `/customer/quotes/${q.id}${token}`);
  if (state === 'viewed') return true;
  if (state === 'rejected') {
    await api.ops.ok('POST', `/customer/quotes/${q.id}/reject${token}`, { reason: j.quote.rejectReason ?? 'The price is above our budget this quarter.' });
    return true;
  }
  await api.ops.ok('POST', `/customer/quotes/${q.id}/accept${token}`, { name: c.name, agree: true });
  const invoices = await api.ops.ok<{ id: string; quoteId: string | null; kind: string; status: string; totalMinor: number; currency: string }[]>('GET', `/invoices?customerId=${customerId}`);
  const deposit = invoices.find((i) => i.quoteId === q.id && i.kind === 'deposit' && i.status === 'draft');
  if (!deposit) return true;
  if (state === 'accepted_overdue') {
    await api.admin.ok('POST', `/invoices/${deposit.id}/issue`, undefined, { 'x-occurred-at': new Date(now - 20 * DAY).toISOString() });
    return true;
  }
  await api.ops.ok('POST', `/invoices/${deposit.id}/issue`);
  if (state === 'accepted_paid') {
    const p = await api.ops.ok<{ id: string }>('POST', '/payments/manual', {
      invoiceId: deposit.id,
      method: 'e_transfer',
      amountMinor: deposit.totalMinor,
      currency: deposit.currency,
      reference: `demo-live ${c.key}`,
    });
    await api.admin.ok('POST', `/payments/${p.id}/confirm`);
  }
  return true;
}

/** The default intervention rules (the playbook), created through the rules API when missing (by name). */
export const DEFAULT_RULES = [
  { name: 'Health red: executive engagement', trigger: { type: 'health_band', bands: ['red'] }, cooldownDays: 30, actions: [{ type: 'task', kind: 'executive_engagement', dueHours: 24, title: 'Executive engagement and retention plan' }] },
  { name: 'Health yellow: proactive outreach', trigger: { type: 'health_band', bands: ['yellow'] }, cooldownDays: 30, actions: [{ type: 'task', kind: 'outreach', dueHours: 48, title: 'Proactive customer-success outreach' }] },
  { name: 'Churn risk above 60 %', trigger: { type: 'churn_risk', threshold: 0.6 }, cooldownDays: 30, actions: [{ type: 'task', kind: 'outreach', dueHours: 48, title: 'Retention call: churn risk above 60 %' }] },
  { name: 'Invoice overdue 7 days', trigger: { type: 'invoice_overdue', days: 7 }, cooldownDays: 14, actions: [{ type: 'task', kind: 'follow_up', dueHours: 48, title: 'Follow up on the overdue invoice' }] },
  { name: 'NPS detractor', trigger: { type: 'nps_detractor', withinDays: 30, maxScore: 6 }, cooldownDays: 60, actions: [{ type: 'task', kind: 'follow_up', dueHours: 48, title: 'Call back the detractor and close the loop' }] },
] as const;
