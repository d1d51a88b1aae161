import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestEnvironment, type TestEnvironment } from '@northstar/testing';
import { PrismaService } from '@northstar/prisma';
import { ClickhouseService } from '@northstar/clickhouse';
import { ConsistencyService } from '@northstar/consistency';
import { LifecycleEvent as L, chTime } from '@northstar/contracts';
import { EventsSink } from '@northstar/events-writer';
import { createApiApp } from '@northstar/platform';
import { JobProducer, QueueName } from '@northstar/queues';
import { generateWorld, loadWorldThroughApi, worldWebEvents, type LoadOptions } from '../src';

let env: TestEnvironment;
let app: NestFastifyApplication;
let api: string;
let admin: string;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-load-'));
// Ends "today" so the live intake path (latest requests in the last 30 days) is exercised.
const world = generateWorld({ seed: 99, customers: 40 });
const DAY = 86_400_000;

beforeAll(async () => {
  env = await createTestEnvironment();
  app = await createApiApp();
  await app.listen({ port: 0, host: '127.0.0.1' });
  api = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
}, 120_000);

afterAll(async () => {
  await app?.close();
  await env?.teardown();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const load = () => loadWorldThroughApi({ api, prisma: app.get(PrismaService), world, dataDir, liveCustomers: 2, liveSlice: 8, runIntelligence: false } satisfies LoadOptions);

/** Lifecycle events background jobs derive on their own time (stages, interventions): not the loader's. */
const DERIVED = [L.CustomerStageChanged, L.InterventionFired];

/**
 * Waits until every committed lifecycle event and every tracked message is in ClickHouse
 * and the jobs reacting to stored events (stage refresh) have run: quiet for three polls.
 */
async function settled(web: number) {
  const prisma = app.get(PrismaService);
  const ch = app.get(ClickhouseService);
  const analytics = app.get(JobProducer).queue(QueueName.Analytics);
  let quiet = 0;
  for (let i = 0; i < 360 && quiet < 3; i++) {
    const [row] = await ch.query<{ web: string }>(`SELECT count() AS web FROM events FINAL WHERE type != 'lifecycle'`);
    const busy = Object.values(await analytics.getJobCounts('waiting', 'active')).reduce((a, b) => a + b, 0);
    const undelivered = await prisma.outboxEvent.count({ where: { deliveredAt: null } });
    quiet = undelivered === 0 && busy === 0 && Number(row.web) >= web ? quiet + 1 : 0;
    await new Promise((r) => setTimeout(r, 500));
  }
  if (quiet < 3) throw new Error('the outbox, the tracking queue or the stage refresh did not settle');
}

async function totals() {
  const prisma = app.get(PrismaService);
  const [ev] = await app.get(ClickhouseService).query<Record<string, string>>(
    `SELECT countIf(type = 'lifecycle' AND event NOT IN {derived:Array(String)}) AS lifecycle, countIf(type != 'lifecycle') AS web,
            countIf(type = 'lifecycle' AND source != 'outbox') AS around FROM events FINAL`,
    { derived: DERIVED },
  );
  return {
    customers: await prisma.customer.count(),
    quoteRequests: await prisma.quoteRequest.count(),
    quotes: await prisma.quote.count(),
    appointments: await prisma.appointment.count(),
    invoices: await prisma.invoice.count(),
    payments: await prisma.payment.count(),
    projects: await prisma.project.count(),
    timeLogs: await prisma.timeLog.count(),
    tickets: await prisma.supportTicket.count(),
    feedback: await prisma.feedbackResponse.count(),
    loyalty: await prisma.loyaltyEntry.count(),
    referrals: await prisma.referral.count(),
    outbox: await prisma.outboxEvent.count({ where: { eventName: { notIn: DERIVED } } }),
    lifecycle: Number(ev.lifecycle),
    web: Number(ev.web),
    around: Number(ev.around),
  };
}

async function get<T>(url: string): Promise<T> {
  const res = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${admin}` } });
  if (res.statusCode !== 200) throw new Error(`GET ${url} → ${res.statusCode} ${res.body.slice(0, 300)}`);
  return res.json() as T;
}

it('loads the world twice: history becomes Postgres records and their outbox events, and the second load adds nothing', async () => {
  const first = await load();
  expect(first.customersCreated).toBe(40);
  expect(first.refusedSteps).toEqual([]);
  expect(first.historySteps).toBeGreaterThan(40 * 10);
  expect(first.newCredentials.map((c) => c.role).sort()).toEqual(['admin', 'customer_success', 'management', 'operations']);
  const web = worldWebEvents(world).length;
  await settled(web);
  const after1 = await totals();
  expect(after1.web).toBe(web);
  // Every kind of history exists as records, and no lifecycle event went around the outbox.
  for (const k of ['quoteRequests', 'quotes', 'appointments', 'invoices', 'payments', 'projects', 'timeLogs', 'tickets', 'feedback', 'loyalty'] as const) expect(after1[k]).toBeGreaterThan(0);
  expect(after1.around).toBe(0);
  expect(after1.lifecycle).toBe(after1.outbox);

  const second = await load();
  expect(second).toMatchObject({ customersCreated: 0, customersExisting: 40, customersIncomplete: 0, historySteps: 0, webSent: 0, liveRequests: 0, liveQuotes: 0, newCredentials: [] });
  await settled(web);
  expect(await totals()).toEqual(after1);
}, 600_000);

it('records carry the time their events carry: the history is back-dated in both stores', async () => {
  const prisma = app.get(PrismaService);
  const rows = await app.get(ClickhouseService).query<{ customer_id: string; at: string }>(
    `SELECT customer_id, toString(min(timestamp)) AS at FROM events FINAL WHERE event = {e:String} GROUP BY customer_id`,
    { e: L.CustomerRegistered },
  );
  const registered = new Map(rows.map((r) => [r.customer_id, r.at]));
  const customers = await prisma.customer.findMany({ select: { id: true, createdAt: true } });
  expect(customers.length).toBe(40);
  for (const c of customers) expect(registered.get(c.id)).toBe(chTime(c.createdAt));
  expect(customers.filter((c) => c.createdAt.getTime() < Date.now() - 40 * DAY).length).toBeGreaterThan(20);
  const oldest = await prisma.invoice.findFirst({ where: { issuedAt: { not: null } }, orderBy: { issuedAt: 'asc' }, select: { issuedAt: true, createdAt: true } });
  expect(oldest!.issuedAt!.getTime()).toBeLessThan(Date.now() - 365 * DAY);
  expect(oldest!.createdAt.getTime()).toBeLessThanOrEqual(oldest!.issuedAt!.getTime());
});

it("every demo customer's 360 shows the records its timeline implies", async () => {
  const creds = JSON.parse(fs.readFileSync(path.join(dataDir, 'demo-credentials.json'), 'utf8'));
  admin = (await app.inject({ method: 'POST', url: '/auth/login', payload: creds.admin })).json().accessToken;
  const customers = await app.get(PrismaService).customer.findMany({ select: { id: true } });
  for (const { id } of customers) {
    const timeline: { event: string; type: string; amount_minor: number; timestamp: string }[] = [];
    for (let cursor: string | null = '', page = 0; cursor !== null && page < 20; page++) {
      const p: { data: typeof timeline; nextCursor: string | null } = await get<{ data: typeof timeline; nextCursor: string | null }>(`/v1/customers/${id}/events?limit=500${cursor ? `&cursor=${cursor}` : ''}`);
      timeline.push(...p.data);
      cursor = p.nextCursor;
    }
    const events = (...names: string[]) => timeline.filter((e) => e.type === 'lifecycle' && names.includes(e.event));
    const amounts = (xs: { amount_minor: number }[]) => xs.reduce((s, e) => s + e.amount_minor, 0);

    const profile = await get<{ createdAt: string; customerSince: string; serviceHistory: { kind: string; status: string; amountMinor: number | null }[] }>(`/customers/${id}`);
    const records = (kind: string, status?: string) => profile.serviceHistory.filter((r) => r.kind === kind && (!status || r.status === status));
    const recordAmounts = (xs: { amountMinor: number | null }[]) => xs.reduce((s, r) => s + (r.amountMinor ?? 0), 0);
    const shown = {
      registered: profile.createdAt,
      since: profile.customerSince,
      requests: records('quote_request').length,
      quoteVersions: records('quote').length,
      accepted: records('quote', 'accepted').length,
      appointments: records('appointment').length,
      invoices: [records('invoice').length, recordAmounts(records('invoice'))],
      invoicesPaid: records('invoice', 'paid').length,
      payments: records('payment').length,
      received: [records('payment', 'succeeded').length, recordAmounts(records('payment', 'succeeded'))],
      // Each accepted quote makes its project (awaiting the deposit until paid).
      projects: records('project').length,
      projectsCompleted: records('project', 'completed').length,
      tickets: records('ticket').length,
      feedback: records('feedback').length,
    };
    const implied = {
      registered: events(L.CustomerRegistered)[0]?.timestamp,
      since: events(L.CustomerRegistered)[0]?.timestamp,
      requests: events(L.InquiryReceived).length,
      quoteVersions: events(L.QuoteCreated, L.QuoteRevised).length,
      accepted: events(L.QuoteAccepted).length,
      appointments: events(L.AppointmentBooked).length,
      invoices: [events(L.InvoiceIssued).length, amounts(events(L.InvoiceIssued))],
      invoicesPaid: events(L.InvoicePaid).length,
      payments: events(L.PaymentReceived, L.PaymentFailed).length,
      received: [events(L.PaymentReceived).length, amounts(events(L.PaymentReceived))],
      projects: events(L.QuoteAccepted).length,
      projectsCompleted: events(L.ProjectCompleted).length,
      tickets: events(L.TicketOpened).length,
      feedback: events(L.FeedbackSubmitted).length,
    };
    expect({ id, ...shown }).toEqual({ id, ...implied });
  }
}, 300_000);

it('check:consistency finds zero mismatches on the demo world, and each record or event that went around the lifecycle', async () => {
  const check = app.get(ConsistencyService);
  const clean = await check.check({ waitForOutboxMs: 30_000 });
  expect(clean.undelivered).toBe(0);
  expect(clean.customers).toBe(40);
  expect(clean.mismatches).toEqual([]);

  // An event written straight into ClickHouse, and a record written without its event.
  const prisma = app.get(PrismaService);
  const [a, b] = await prisma.customer.findMany({ take: 2, orderBy: { id: 'asc' }, select: { id: true } });
  const at = chTime(new Date());
  const ch = app.get(ClickhouseService);
  await new EventsSink(await ch.writer(), ch.database).insert('events', [
    { event_id: randomUUID(), message_id: 'orphan', type: 'lifecycle', event: L.TicketOpened, source: 'import', user_id: '', anonymous_id: '', customer_id: a.id, account_id: '', timestamp: at, original_timestamp: at, sent_at: null, received_at: at, properties: '{}', context: '{}', traits: '{}', amount_minor: 0, currency: '' },
  ]);
  await prisma.supportTicket.create({ data: { number: 'TKT-ORPHAN', customerId: b.id, subject: 'No event', description: 'Written around the lifecycle', responseDueAt: new Date() } });
  const found = await check.check();
  expect(found.mismatches.map((m) => `${m.customerId} ${m.kind}`).sort()).toEqual(
    [`${a.id} tickets opened`, `${a.id} delivered outbox rows`, `${b.id} tickets opened`].sort(),
  );
});

it('refuses the back-dating header and the replay to anyone but an admin, and back-dating into the future', async () => {
  const creds = JSON.parse(fs.readFileSync(path.join(dataDir, 'demo-credentials.json'), 'utf8'));
  const ops = (await app.inject({ method: 'POST', url: '/auth/login', payload: creds.operations })).json().accessToken as string;
  const body = { customerId: 'x', subject: 'Back-dated?', description: 'no' };
  const asOps = await app.inject({ method: 'POST', url: '/tickets', headers: { authorization: `Bearer ${ops}`, 'x-occurred-at': '2024-01-01T00:00:00Z' }, payload: body });
  expect(asOps.statusCode).toBe(403);
  const future = await app.inject({ method: 'POST', url: '/tickets', headers: { authorization: `Bearer ${admin}`, 'x-occurred-at': '2999-01-01T00:00:00Z' }, payload: body });
  expect(future.statusCode).toBe(400);
  const replay = { seed: 99, customers: 40, end: world.options.end.toISOString(), keys: [world.customers[0].key] };
  expect((await app.inject({ method: 'POST', url: '/admin/demo/replay', headers: { authorization: `Bearer ${ops}` }, payload: replay })).statusCode).toBe(403);
  const ahead = { ...replay, end: new Date(Date.now() + 2 * DAY).toISOString() };
  expect((await app.inject({ method: 'POST', url: '/admin/demo/replay', headers: { authorization: `Bearer ${admin}` }, payload: ahead })).statusCode).toBe(400);
});
