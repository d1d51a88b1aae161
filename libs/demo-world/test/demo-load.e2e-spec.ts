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

/** Waits until every committed lifecycle event and every tracked message is in ClickHouse. */
async function settled(web: number) {
  const prisma = app.get(PrismaService);
  const ch = app.get(ClickhouseService);
  for (let i = 0; i < 240; i++) {
    const [row] = await ch.query<{ web: string }>(`SELECT count() AS web FROM events FINAL WHERE type != 'lifecycle'`);
    if ((await prisma.outboxEvent.count({ where: { deliveredAt: null } })) === 0 && Number(row.web) >= web) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('the outbox or the tracking queue did not drain');
}

async function totals() {
  const prisma = app.get(PrismaService);
  const [ev] = await app.get(ClickhouseService).query<Record<string, string>>(
    `SELECT countIf(type = 'lifecycle') AS lifecycle, countIf(type != 'lifecycle') AS web, countIf(type = 'lifecycle' AND source != 'outbox') AS around FROM events FINAL`,
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
    outbox: await prisma.outboxEvent.count(),
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
      const p = await get<{ data: typeof timeline; nextCursor: string | null }>(`/v1/customers/${id}/events?limit=500${cursor ? `&cursor=${cursor}` : ''}`);
      timeline.push(...p.data);
      cursor = p.nextCursor;
    }
    const events = (...names: string[]) => timeline.filter((e) => e.type === 'lifecycle' && names.includes(e.event));
    const sum = (xs: { amount_minor: number }[]) => xs.reduce((s, e) => s + e.amount_minor, 0);

    const profile = await get<{ createdAt: string; serviceHistory: { kind: string }[] }>(`/customers/${id}`);
    const quotes = await get<{ items: { status: string; totalMinor: number }[] }>(`/quotes?customerId=${id}&limit=200`);
    const invoices = await get<{ issuedAt: string | null; status: string; totalMinor: number }[]>(`/invoices?customerId=${id}`);
    const payments = await get<{ payments: { status: string; amountMinor: number }[] }>(`/payments/history/${id}`);
    const projects = await get<{ activatedAt: string | null; status: string }[]>(`/projects?customerId=${id}`);
    const tickets = await get<unknown[]>(`/tickets?customerId=${id}&limit=500`);
    const feedback = await get<unknown[]>(`/feedback?customerId=${id}&limit=500`);
    const issued = invoices.filter((i) => i.issuedAt);
    const received = payments.payments.filter((p) => p.status === 'succeeded');
    const seen = {
      since: profile.createdAt,
      requests: profile.serviceHistory.filter((s) => s.kind === 'quote_request').length,
      quoteVersions: quotes.items.length,
      accepted: quotes.items.filter((q) => q.status === 'accepted').length,
      invoicesIssued: [issued.length, sum(issued.map((i) => ({ amount_minor: i.totalMinor })))],
      invoicesPaid: invoices.filter((i) => i.status === 'paid').length,
      payments: [received.length, sum(received.map((p) => ({ amount_minor: p.amountMinor })))],
      projectsActive: projects.filter((p) => p.activatedAt).length,
      projectsCompleted: projects.filter((p) => p.status === 'completed').length,
      tickets: tickets.length,
      feedback: feedback.length,
    };
    const implied = {
      since: events(L.CustomerRegistered)[0]?.timestamp,
      requests: events(L.InquiryReceived).length,
      quoteVersions: events(L.QuoteCreated, L.QuoteRevised).length,
      accepted: events(L.QuoteAccepted).length,
      invoicesIssued: [events(L.InvoiceIssued).length, sum(events(L.InvoiceIssued))],
      invoicesPaid: events(L.InvoicePaid).length,
      payments: [events(L.PaymentReceived).length, sum(events(L.PaymentReceived))],
      projectsActive: events(L.ProjectActivated).length,
      projectsCompleted: events(L.ProjectCompleted).length,
      tickets: events(L.TicketOpened).length,
      feedback: events(L.FeedbackSubmitted).length,
    };
    expect({ id, ...seen }).toEqual({ id, ...implied });
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
