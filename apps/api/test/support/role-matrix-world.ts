import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { AuthService } from '@northstar/access';
import { AftercareService } from '@northstar/aftercare';
import { generateChurnPopulation } from '@northstar/churn/testing';
import { ClickhouseService } from '@northstar/clickhouse';
import { generateWorld } from '@northstar/demo-world';
import { insertEvents } from '@northstar/health/testing';
import { LifecycleTransaction } from '@northstar/outbox';
import { PrismaService } from '@northstar/prisma';

type Headers = Record<string, string>;
type Call = (method: string, url: string, headers: Headers, payload?: unknown) => Promise<{ statusCode: number; json(): unknown; body: string }>;
/** The fields of the API's answers that the world keeps. */
interface Answer {
  id: string;
  code: string;
  customerLink: string;
  totalMinor: number;
  currency: string;
  user: { id: string; email: string; role: 'operations' };
  slots: { startsAt: string }[];
  milestones: { id: string }[];
}

/** A request that changes something when an allowed role sends it. */
export interface Probe {
  url: string;
  payload?: unknown;
}

/**
 * The records the probes act on. Every write a probe makes has its own target (its own
 * draft invoice to void, its own pending payment to confirm, its own customer to erase…),
 * so whichever order the allowed calls run in, the first of each succeeds.
 */
export interface RoleMatrixWorld {
  customer: string;
  business: string;
  quoteRequest: string;
  customers: { merge: [string, string]; remove: string; erase: string; referred: string; newCode: string };
  quotes: { draft: string; submit: string; approve: string; returnToDraft: string; send: string; revise: string };
  invoices: { issue: string; void: string; open: string };
  payments: { confirm: string; reject: string; refund: string };
  project: { id: string; task: string; milestone: string; risk: string };
  ticket: string;
  referralCode: string;
  appointments: { reschedule: string; cancel: string; held: string; noShow: string; free: [string, string] };
  deskTasks: { acknowledge: string; assign: string; snooze: string; resolve: string };
  rules: { patch: string; remove: string };
  savedFunnels: { update: string; remove: string };
  staffUsers: { edit: string; signedIn: string; locked: string };
  apiKey: string;
  writeKey: string;
}

const FUNNEL = { steps: [{ event: 'Quote Requested' }, { event: 'Quote Sent' }], windowSeconds: 30 * 86400, order: 'strict' };
const REPLAY = { seed: 15, customers: 1, end: new Date('2026-01-01T00:00:00Z'), spanDays: 60, currency: 'CAD' };
const RULE = { name: 'Red health', trigger: { type: 'health_band', bands: ['red'] }, cooldownDays: 14, actions: [{ type: 'task' }] };
const QUOTE = (customerId: string) => ({
  customerId,
  title: 'Studio booking site',
  executiveSummary: 'A booking site with payments.',
  scope: 'Design, build, launch.',
  milestones: [{ name: 'Design', dueDate: '2099-01-15' }],
  lines: [{ kind: 'service', service: 'development', hours: '12.5', complexity: 'standard' }],
  taxLocation: { country: 'CA', region: 'QC' },
});

/** Offered slots overlap (one-hour meetings every quarter hour): keep those far enough apart to book them all. */
const apart = (starts: string[], gapMs = 3 * 3_600_000) =>
  starts.reduce<string[]>((kept, s) => (kept.length && Date.parse(s) - Date.parse(kept[kept.length - 1]) < gapMs ? kept : [...kept, s]), []);

let seq = 0;
const next = () => ++seq;
const newCustomer = (n = next()) => ({ type: 'individual', name: `Probe Customer ${n}`, email: `probe${n}-${randomUUID().slice(0, 6)}@customer.test`, phone: `+1416555${String(1000 + n).slice(-4)}`, preferredContact: 'email', channel: 'phone' });
const newBusiness = () => ({ ...newCustomer(), type: 'business', company: 'Probe Holdings' });

/** Builds the world through the API as admin (who passes every staff route), plus the few rows only a background job would make. */
export async function seedRoleMatrixWorld(app: NestFastifyApplication, call: Call, admin: Headers): Promise<RoleMatrixWorld> {
  const prisma = app.get(PrismaService);
  const send = async (method: string, url: string, payload?: unknown, headers: Headers = admin) => {
    const res = await call(method, url, headers, payload);
    if (res.statusCode >= 300) throw new Error(`world: ${method} ${url} → ${res.statusCode} ${res.body.slice(0, 500)}`);
    return res.body ? res.json() : undefined;
  };
  const ok = async (method: string, url: string, payload?: unknown, headers?: Headers) => (await send(method, url, payload, headers)) as Answer;
  const list = async (url: string) => (await send('GET', url)) as Answer[];
  const customer = async () => (await ok('POST', '/customers', newCustomer())).id;
  const draftQuote = async (customerId: string) => (await ok('POST', '/quotes', QUOTE(customerId))).id;
  const sentQuote = async (customerId: string) => {
    const id = await draftQuote(customerId);
    const token = new URL((await ok('POST', `/quotes/${id}/send`)).customerLink).searchParams.get('token')!;
    return { id, token };
  };
  /** An accepted quote: its deposit invoice (draft) and its project (waiting for the deposit). */
  const accepted = async () => {
    const customerId = await customer();
    const { id, token } = await sentQuote(customerId);
    await ok('POST', `/customer/quotes/${id}/accept?token=${token}`, { name: 'Casey Client', agree: true }, {});
    const [invoice] = await list(`/invoices?customerId=${customerId}`);
    const [project] = await list(`/projects?customerId=${customerId}`);
    return { customerId, invoice, projectId: project.id };
  };
  const manual = async (invoiceId: string, amountMinor: number, currency: string) =>
    (await ok('POST', '/payments/manual', { invoiceId, method: 'cash', amountMinor, currency, reference: `probe-${next()}` })).id;

  const form = await ok('POST', '/intake/quote-requests', { name: 'Ivy Intake', email: `intake-${randomUUID().slice(0, 6)}@customer.test`, phone: '+14165550199', contactPreference: 'email', category: 'web_development', details: 'A new booking site, please quote.' }, {});
  const quoteRequest = await ok('GET', `/intake/quote-requests/${form.id}`);

  // A paid deposit: the project is active (tasks, time, milestones) and the payment refundable.
  const paid = await accepted();
  await ok('POST', `/invoices/${paid.invoice.id}/issue`);
  const refund = await manual(paid.invoice.id, paid.invoice.totalMinor, paid.invoice.currency);
  await ok('POST', `/payments/${refund}/confirm`);
  const project = await ok('GET', `/projects/${paid.projectId}`);
  const task = (await ok('POST', `/projects/${paid.projectId}/tasks`, { title: 'Build the form' })).id;
  const risk = (await ok('POST', `/projects/${paid.projectId}/risks`, { severity: 'low', reason: 'Waiting on content' })).id;

  const toIssue = await accepted();
  const toVoid = await accepted();
  const open = await accepted();
  await ok('POST', `/invoices/${open.invoice.id}/issue`);
  const confirm = await manual(open.invoice.id, 100, open.invoice.currency);
  const reject = await manual(open.invoice.id, 100, open.invoice.currency);

  const c = paid.customerId;
  const inReview = async () => {
    const id = await draftQuote(c);
    await ok('POST', `/quotes/${id}/submit`);
    return id;
  };
  const revise = await sentQuote(c);
  await ok('POST', `/customer/quotes/${revise.id}/request-revision?token=${revise.token}`, { note: 'Cheaper, please.' }, {});

  // Points to redeem: a review earns them (the customer link flow is the feedback test's business).
  await app.get(LifecycleTransaction).run((tx, emit) => app.get(AftercareService).earn(tx, emit, c, 'review', 50, `review:probe-${c}`));
  // Points past their expiry date, for the maintenance run to expire.
  const expiring = await customer();
  await app.get(LifecycleTransaction).run((tx, emit) => app.get(AftercareService).earn(tx, emit, expiring, 'review', 10, `review:probe-${expiring}`, new Date('2020-01-01T00:00:00Z')));
  // Churn training needs a population with a history; the customers are ClickHouse-only.
  await insertEvents(await app.get(ClickhouseService).writer(), generateChurnPopulation(100, new Date()).events);

  const ticket = (await ok('POST', '/tickets', { customerId: c, subject: 'Site is down', description: 'The booking page errors.' })).id;
  const referralCode = (await ok('POST', `/referrals/codes/${c}`)).code;

  const slots = apart(((await ok('GET', `/appointments/slots?type=project_kickoff&customerId=${c}`)).slots).map((s) => s.startsAt));
  const book = async () => (await ok('POST', '/appointments', { customerId: c, type: 'project_kickoff', startsAt: slots.shift() })).id;
  const started = async () => {
    const id = await book();
    // Only a meeting that has begun can be held or missed; booking refuses the past.
    await prisma.appointment.update({ where: { id }, data: { startsAt: new Date(Date.now() - 7_200_000), endsAt: new Date(Date.now() - 3_600_000) } });
    return id;
  };
  const appointments = { reschedule: await book(), cancel: await book(), held: await started(), noShow: await started(), free: [slots[0], slots[1]] as [string, string] };

  const deskTask = async () => (await prisma.csTask.create({ data: { customerId: c, kind: 'outreach', title: 'Call them', owner: 'cs', dueAt: new Date(Date.now() + 86_400_000) } })).id;
  const rule = async () => (await ok('POST', '/intelligence/rules', { ...RULE, name: `Rule ${next()}` })).id;
  const savedFunnel = async () => (await ok('POST', '/analytics/funnels/saved', { ...FUNNEL, name: `Funnel ${next()}` })).id;
  const staffUser = async (email = `target-${next()}@staff.test`) => (await ok('POST', '/admin/users', { email, name: 'Target', role: 'operations' })).user;
  const signedIn = async () => {
    const user = await staffUser();
    await app.get(AuthService).startSession(user);
    return user.id;
  };
  const locked = async () => {
    const user = await staffUser();
    // Five failures lock an e-mail; each from its own address, under the per-IP login limit.
    for (let i = 0; i < 5; i++) await call('POST', '/auth/login', { 'x-forwarded-for': `10.9.9.${next() % 250}` }, { email: user.email, password: 'not the password' });
    return user.id;
  };
  await ok('PUT', '/intelligence/custom-segments/probe-old', { name: 'Old', rule: { field: 'frequency', op: 'gte', value: 1 } });

  return {
    customer: c,
    business: (await ok('POST', '/customers', newBusiness())).id,
    quoteRequest: quoteRequest.id,
    customers: { merge: [await customer(), await customer()], remove: await customer(), erase: await customer(), referred: await customer(), newCode: await customer() },
    quotes: { draft: await draftQuote(c), submit: await draftQuote(c), approve: await inReview(), returnToDraft: await inReview(), send: await draftQuote(c), revise: revise.id },
    invoices: { issue: toIssue.invoice.id, void: toVoid.invoice.id, open: open.invoice.id },
    payments: { confirm, reject, refund },
    project: { id: paid.projectId, task, milestone: project.milestones[0].id, risk },
    ticket,
    referralCode,
    appointments,
    deskTasks: { acknowledge: await deskTask(), assign: await deskTask(), snooze: await deskTask(), resolve: await deskTask() },
    rules: { patch: await rule(), remove: await rule() },
    savedFunnels: { update: await savedFunnel(), remove: await savedFunnel() },
    staffUsers: { edit: (await staffUser()).id, signedIn: await signedIn(), locked: await locked() },
    apiKey: (await ok('POST', '/admin/api-keys', { name: 'Probe', scopes: ['customers:read'] })).id,
    writeKey: (await ok('POST', '/v1/write-keys', { source: 'probe-old' })).id,
  };
}

const today = () => new Date().toISOString().slice(0, 10);

/**
 * For every staff write route, the request that exercises it on the world. A refused
 * role sends exactly this, so "nothing changed" means the refusal stopped a real write.
 */
export function writeProbes(w: RoleMatrixWorld, password: string): Record<string, () => Probe> {
  const c = w.customer;
  return {
    'POST /auth/logout': () => ({ url: '/auth/logout' }),
    'POST /auth/password': () => ({ url: '/auth/password', payload: { currentPassword: password, newPassword: `${password} changed` } }),

    'POST /admin/users': () => ({ url: '/admin/users', payload: { email: `new-${randomUUID().slice(0, 6)}@staff.test`, name: 'New', role: 'operations' } }),
    'PATCH /admin/users/:id': () => ({ url: `/admin/users/${w.staffUsers.edit}`, payload: { name: 'Renamed' } }),
    'POST /admin/users/:id/reset-password': () => ({ url: `/admin/users/${w.staffUsers.edit}/reset-password` }),
    'POST /admin/users/:id/revoke-sessions': () => ({ url: `/admin/users/${w.staffUsers.signedIn}/revoke-sessions` }),
    'POST /admin/users/:id/unlock': () => ({ url: `/admin/users/${w.staffUsers.locked}/unlock` }),
    'POST /admin/api-keys': () => ({ url: '/admin/api-keys', payload: { name: 'CRM sync', scopes: ['customers:read'] } }),
    'DELETE /admin/api-keys/:id': () => ({ url: `/admin/api-keys/${w.apiKey}` }),
    'POST /v1/write-keys': () => ({ url: '/v1/write-keys', payload: { source: `probe-${next()}` } }),
    'DELETE /v1/write-keys/:id': () => ({ url: `/v1/write-keys/${w.writeKey}` }),
    'POST /admin/privacy/customers/:id/erase': () => ({ url: `/admin/privacy/customers/${w.customers.erase}/erase` }),
    'POST /admin/demo/replay': () => ({ url: '/admin/demo/replay', payload: { ...REPLAY, end: REPLAY.end.toISOString(), keys: [generateWorld(REPLAY).customers[0].key] } }),
    'POST /admin/import/existing-messages': () => ({ url: '/admin/import/existing-messages', payload: { messageIds: [`msg-${randomUUID()}`] } }),
    'POST /intelligence/jobs/run': () => ({ url: '/intelligence/jobs/run', payload: { jobs: ['segments-recompute'] } }),
    'POST /intelligence/churn/train': () => ({ url: '/intelligence/churn/train' }),
    'POST /loyalty/maintenance/run': () => ({ url: '/loyalty/maintenance/run' }),

    'PUT /analytics/kpis/targets/:key': () => ({ url: '/analytics/kpis/targets/referral_rate', payload: { target: 0.5 } }),
    'POST /analytics/funnels': () => ({ url: '/analytics/funnels', payload: { ...FUNNEL, from: '2024-01-01', to: '2024-02-01', timezone: 'UTC' } }),
    'POST /analytics/funnels/saved': () => ({ url: '/analytics/funnels/saved', payload: { ...FUNNEL, name: 'Sales' } }),
    'PUT /analytics/funnels/saved/:id': () => ({ url: `/analytics/funnels/saved/${w.savedFunnels.update}`, payload: { ...FUNNEL, name: 'Sales, renamed' } }),
    'DELETE /analytics/funnels/saved/:id': () => ({ url: `/analytics/funnels/saved/${w.savedFunnels.remove}` }),

    'POST /customers': () => ({ url: '/customers', payload: newCustomer() }),
    'POST /customers/merge': () => ({ url: '/customers/merge', payload: { fromId: w.customers.merge[0], intoId: w.customers.merge[1], reason: 'Duplicate' } }),
    'PATCH /customers/:id': () => ({ url: `/customers/${c}`, payload: { name: 'Probe Customer, renamed' } }),
    'DELETE /customers/:id': () => ({ url: `/customers/${w.customers.remove}` }),
    'PUT /customers/:id/preferences': () => ({ url: `/customers/${c}/preferences`, payload: { marketingOptIn: true } }),
    'POST /customers/:id/contacts': () => ({ url: `/customers/${w.business}/contacts`, payload: { name: 'Pat Partner' } }),
    'POST /customers/:id/notes': () => ({ url: `/customers/${c}/notes`, payload: { body: 'Prefers mornings.' } }),
    'POST /customers/:id/documents': () => ({ url: `/customers/${c}/documents`, payload: { filename: 'brief.txt', mimeType: 'text/plain', contentBase64: Buffer.from('brief').toString('base64') } }),

    'POST /desk/tasks/:id/acknowledge': () => ({ url: `/desk/tasks/${w.deskTasks.acknowledge}/acknowledge`, payload: {} }),
    'POST /desk/tasks/:id/assign': () => ({ url: `/desk/tasks/${w.deskTasks.assign}/assign`, payload: { assignee: 'sam@northstar.test' } }),
    'POST /desk/tasks/:id/snooze': () => ({ url: `/desk/tasks/${w.deskTasks.snooze}/snooze`, payload: { until: new Date(Date.now() + 3 * 86_400_000).toISOString() } }),
    'POST /desk/tasks/:id/resolve': () => ({ url: `/desk/tasks/${w.deskTasks.resolve}/resolve`, payload: { resolution: 'Called; all good' } }),
    'PUT /intelligence/custom-segments/:key': () => ({ url: '/intelligence/custom-segments/probe-new', payload: { name: 'Regulars', rule: { field: 'frequency', op: 'gte', value: 3 } } }),
    'DELETE /intelligence/custom-segments/:key': () => ({ url: '/intelligence/custom-segments/probe-old' }),
    'POST /intelligence/rules': () => ({ url: '/intelligence/rules', payload: RULE }),
    'PATCH /intelligence/rules/:id': () => ({ url: `/intelligence/rules/${w.rules.patch}`, payload: { enabled: false } }),
    'DELETE /intelligence/rules/:id': () => ({ url: `/intelligence/rules/${w.rules.remove}` }),

    'POST /intake/quote-requests/:id/first-response': () => ({ url: `/intake/quote-requests/${w.quoteRequest}/first-response`, payload: { note: 'Called back' } }),
    'PUT /intake/routing-rules': () => ({ url: '/intake/routing-rules', payload: { category: 'web_development', queue: 'web' } }),

    'POST /quotes': () => ({ url: '/quotes', payload: QUOTE(c) }),
    'PATCH /quotes/:id': () => ({ url: `/quotes/${w.quotes.draft}`, payload: { title: 'Studio booking site, phase 1' } }),
    'POST /quotes/:id/submit': () => ({ url: `/quotes/${w.quotes.submit}/submit` }),
    'POST /quotes/:id/approve': () => ({ url: `/quotes/${w.quotes.approve}/approve` }),
    'POST /quotes/:id/return': () => ({ url: `/quotes/${w.quotes.returnToDraft}/return` }),
    'POST /quotes/:id/send': () => ({ url: `/quotes/${w.quotes.send}/send` }),
    'POST /quotes/:id/revise': () => ({ url: `/quotes/${w.quotes.revise}/revise`, payload: { title: 'Studio booking site, v2' } }),

    'POST /appointments': () => ({ url: '/appointments', payload: { customerId: c, type: 'project_kickoff', startsAt: w.appointments.free[0] } }),
    'POST /appointments/:id/reschedule': () => ({ url: `/appointments/${w.appointments.reschedule}/reschedule`, payload: { startsAt: w.appointments.free[1] } }),
    'POST /appointments/:id/cancel': () => ({ url: `/appointments/${w.appointments.cancel}/cancel`, payload: { reason: 'Customer is away' } }),
    'POST /appointments/:id/held': () => ({ url: `/appointments/${w.appointments.held}/held` }),
    'POST /appointments/:id/no-show': () => ({ url: `/appointments/${w.appointments.noShow}/no-show` }),

    'POST /projects/:id/tasks': () => ({ url: `/projects/${w.project.id}/tasks`, payload: { title: 'Write the copy' } }),
    'POST /projects/:id/tasks/:taskId/done': () => ({ url: `/projects/${w.project.id}/tasks/${w.project.task}/done` }),
    'POST /projects/:id/time-logs': () => ({ url: `/projects/${w.project.id}/time-logs`, payload: { hours: 1.5, workedOn: today() } }),
    'POST /projects/:id/milestones/:milestoneId/submit': () => ({ url: `/projects/${w.project.id}/milestones/${w.project.milestone}/submit` }),
    'POST /projects/:id/change-orders': () => ({ url: `/projects/${w.project.id}/change-orders`, payload: { title: 'Gift cards', amountMinor: 45_000, hours: 2 } }),
    'POST /projects/:id/risks': () => ({ url: `/projects/${w.project.id}/risks`, payload: { severity: 'medium', reason: 'Content is late' } }),
    'POST /projects/:id/risks/:riskId/resolve': () => ({ url: `/projects/${w.project.id}/risks/${w.project.risk}/resolve` }),
    'POST /projects/:id/status-updates': () => ({ url: `/projects/${w.project.id}/status-updates` }),
    'POST /projects/:id/customer-link': () => ({ url: `/projects/${w.project.id}/customer-link` }),

    'POST /invoices/:id/issue': () => ({ url: `/invoices/${w.invoices.issue}/issue` }),
    'POST /invoices/:id/payment-link': () => ({ url: `/invoices/${w.invoices.open}/payment-link` }),
    'POST /payments/checkout': () => ({ url: '/payments/checkout', payload: { invoiceId: w.invoices.open } }),
    'POST /payments/manual': () => ({ url: '/payments/manual', payload: { invoiceId: w.invoices.open, method: 'e_transfer', amountMinor: 100, currency: 'CAD', reference: 'ET-1' } }),

    'POST /invoices/:id/void': () => ({ url: `/invoices/${w.invoices.void}/void`, payload: { reason: 'Issued by mistake' } }),
    'POST /invoices/:id/credit-notes': () => ({ url: `/invoices/${w.invoices.open}/credit-notes`, payload: { amountMinor: 100, reason: 'Goodwill gesture' } }),
    'POST /payments/:id/confirm': () => ({ url: `/payments/${w.payments.confirm}/confirm` }),
    'POST /payments/:id/reject': () => ({ url: `/payments/${w.payments.reject}/reject`, payload: { reason: 'Cheque bounced' } }),
    'POST /payments/:id/refunds': () => ({ url: `/payments/${w.payments.refund}/refunds`, payload: { amountMinor: 100, reason: 'Customer asked' } }),

    'POST /tickets': () => ({ url: '/tickets', payload: { customerId: c, subject: 'Question', description: 'How do I export?' } }),
    'POST /tickets/:id/escalate': () => ({ url: `/tickets/${w.ticket}/escalate`, payload: { note: 'Needs a supervisor' } }),
    'POST /tickets/:id/status': () => ({ url: `/tickets/${w.ticket}/status`, payload: { status: 'in_progress', note: 'Looking' } }),
    'POST /loyalty/:customerId/redeem': () => ({ url: `/loyalty/${c}/redeem`, payload: { points: 1, note: 'Discount' } }),
    'POST /referrals': () => ({ url: '/referrals', payload: { code: w.referralCode, referredCustomerId: w.customers.referred } }),
    'POST /referrals/codes/:customerId': () => ({ url: `/referrals/codes/${w.customers.newCode}` }),
  };
}
