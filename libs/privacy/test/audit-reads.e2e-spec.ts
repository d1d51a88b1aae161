import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CustomerLinkService, type CustomerLinkResource } from '@northstar/access';
import { staffAuthHeader } from '@northstar/access/testing';
import { FakeGoogleCalendar } from '@northstar/calendar';
import { pdfText } from '@northstar/documents';
import { createApiApp, registeredRoutes } from '@northstar/platform';
import { PrismaService } from '@northstar/prisma';
import { untarGz } from '@northstar/privacy';
import { createTestEnvironment, type TestEnvironment } from '@northstar/testing';
import { buildCustomerWorld, identifyingValues, worldSettings, type CustomerWorld } from './support/customer-world';

/**
 * Every read of a customer's personal data is audited. Which routes those are is not
 * written down here: every GET route the API serves is called (as an admin, or with
 * the customer's link where the route is the customer's), and each response that
 * holds the seeded customer's name, email, phone or tracking ids must have written an
 * audit row for that request. A new route returning personal data without
 * `@AuditRead` fails this test the day it is added.
 */
let env: TestEnvironment;
let app: NestFastifyApplication;
let google: FakeGoogleCalendar;
let world: CustomerWorld;
let attachments: string;

interface Walked {
  route: string;
  status: number;
  personal: boolean;
  audited: boolean;
  /** The customer's id is in the path: a read about one person, whatever it returns. */
  aboutCustomer: boolean;
}
let walked: Walked[];
let savedFunnelId: string;

/** Routes no staff or customer reads personal data through: served by Fastify for the dashboard and the API docs. */
const NOT_API = (route: string) => /^GET \/(app\/|docs($|\/|-yaml$))/.test(route) || route === 'GET /';
beforeAll(async () => {
  google = await new FakeGoogleCalendar().start();
  attachments = fs.mkdtempSync(path.join(os.tmpdir(), 'ns-audit-reads-'));
  env = await createTestEnvironment(worldSettings(google, attachments));
  app = await createApiApp();
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  world = await buildCustomerWorld(app);
  savedFunnelId = await saveFunnel();
  // Scoring needs months of history to train a model; the score row is what the route reads.
  await app.get(PrismaService).churnScore.create({ data: { customerId: world.customerId, probability: 0.4, risk: 'medium', drivers: [], modelVersion: 1, computedAt: new Date() } });
  walked = await walkGetRoutes();
}, 240_000);

afterAll(async () => {
  await app?.close();
  await env?.teardown();
  await google?.stop();
  fs.rmSync(attachments, { recursive: true, force: true });
});

/** The id a path parameter stands for, by the resource named just before it, and the link resource that opens it. */
function idFor(pathSegments: string[], index: number): { id: string; link?: CustomerLinkResource } | null {
  const param = pathSegments[index].slice(1);
  const before = pathSegments.slice(0, index).filter((s) => !s.startsWith(':')).pop() ?? '';
  if (param === 'customerId') return { id: world.customerId };
  if (param === 'token') return { id: world.feedbackToken };
  if (param === 'subject') return { id: 'customers' };
  if (before === 'funnels') return { id: 'lifecycle' };
  const byResource: Record<string, { id: string; link?: CustomerLinkResource }> = {
    customers: { id: world.customerId },
    quotes: { id: world.quoteId, link: 'quote' },
    invoices: { id: world.invoiceIds[0], link: 'invoice' },
    projects: { id: world.projectId, link: 'project' },
    appointments: { id: world.appointmentId, link: 'appointment' },
    tickets: { id: world.ticketId },
    'quote-requests': { id: world.quoteRequestId },
    payments: { id: world.paymentIds[0] },
    rules: { id: world.ruleId },
    saved: { id: savedFunnelId },
    health: { id: world.customerId },
  };
  return byResource[before] ?? null;
}

async function saveFunnel(): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/analytics/funnels/saved',
    headers: await staffAuthHeader(app, 'admin'),
    payload: { name: 'Tracked', steps: [{ event: 'Booking Started' }, { event: 'Booking Completed' }] },
  });
  if (res.statusCode !== 201) throw new Error(`saving a funnel: ${res.statusCode} ${res.body}`);
  return res.json().id;
}

/**
 * Queries list, analytics and calendar routes accept: the customer, then a range around
 * now on the business's zone (analytics), then an appointment type (slots take instants).
 */
function queries(): string[] {
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const base = { customerId: world.customerId, timezone: 'UTC', tz: 'UTC', interval: 'week', step: '1', type: 'project_kickoff' };
  return [`customerId=${world.customerId}`, new URLSearchParams({ ...base, from: day(-60), to: day(30) }).toString(), new URLSearchParams(base).toString()];
}

async function segmentKey(): Promise<string> {
  const m = await app.get(PrismaService).segmentMembership.findFirstOrThrow({ where: { customerId: world.customerId } });
  return m.segmentKey;
}

/** The text of a response, whatever its format: JSON or text as is, PDFs as their text, archives as their files. */
function textOf(res: { headers: Record<string, unknown>; rawPayload: Buffer; body: string }): string {
  const type = String(res.headers['content-type'] ?? '');
  if (type.includes('application/pdf')) return pdfText(res.rawPayload);
  if (type.includes('gzip')) return untarGz(res.rawPayload).map((e) => e.data.toString()).join('\n');
  return res.body;
}

/** Whether an audit row for the action was added; a route that sends its own reply (PDFs) records it just after. */
async function auditedSince(action: string, before: number, looks: number): Promise<boolean> {
  const prisma = app.get(PrismaService);
  for (let i = 0; i < looks; i++) {
    if ((await prisma.auditLog.count({ where: { action } })) > before) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return false;
}

async function walkGetRoutes(): Promise<Walked[]> {
  const admin = await staffAuthHeader(app, 'admin');
  const links = app.get(CustomerLinkService);
  const prisma = app.get(PrismaService);
  const values = identifyingValues(world.person);
  const key = await segmentKey();
  const routes = [...new Set(registeredRoutes(app).filter((r) => r.method === 'GET').map((r) => r.url))].filter((u) => !NOT_API(`GET ${u}`)).sort();
  const out: Walked[] = [];
  for (const route of routes) {
    const segments = route.split('/');
    let link: { resource: CustomerLinkResource; id: string } | undefined;
    let unresolved = false;
    const url = segments
      .map((s, i) => {
        if (!s.startsWith(':')) return s;
        if (s === ':key') return key;
        const found = idFor(segments, i);
        if (!found) unresolved = true;
        if (found?.link) link ??= { resource: found.link, id: found.id };
        return found?.id ?? 'unknown';
      })
      .join('/');
    if (unresolved) throw new Error(`the walk does not know what to put in ${route}: teach idFor`);
    const token = link ? await links.sign(link.resource, link.id) : undefined;
    const attempts = [url, ...queries().map((q) => `${url}?${q}`), ...(token ? [`${url}?token=${token}`] : [])];
    const action = `read ${route}`;
    const aboutCustomer = url.split('/').includes(world.customerId);
    let result: Walked = { route: `GET ${route}`, status: 0, personal: false, audited: false, aboutCustomer };
    for (const attempt of attempts) {
      const before = await prisma.auditLog.count({ where: { action } });
      const res = await app.inject({ method: 'GET', url: attempt, headers: attempt.includes('token=') ? {} : admin });
      const text = textOf(res);
      const personal = values.some((v) => text.includes(v));
      result = { ...result, status: res.statusCode, personal, audited: await auditedSince(action, before, personal || aboutCustomer ? 20 : 1) };
      if (res.statusCode < 300) break;
    }
    out.push(result);
  }
  return out;
}

it('walks every GET route the API serves, and each answers 2xx for the seeded customer', () => {
  expect(walked.length).toBeGreaterThan(40);
  const refused = walked.filter((w) => w.status >= 300).map((w) => `${w.route} → ${w.status}`);
  expect(refused).toEqual([]);
});

it('every response holding the customer\'s personal data wrote an audit row for the read', () => {
  const unaudited = walked.filter((w) => w.personal && !w.audited).map((w) => w.route);
  expect(unaudited).toEqual([]);
});

it('every read addressed to the customer by id (their scores, segments, loyalty, payments…) wrote an audit row', () => {
  const unaudited = walked.filter((w) => w.aboutCustomer && !w.audited).map((w) => w.route);
  expect(unaudited).toEqual([]);
  expect(walked.filter((w) => w.aboutCustomer).length).toBeGreaterThan(8);
});

it('the customer\'s export lists those reads: who read their profile, their quote, their loyalty points', async () => {
  const res = await app.inject({ method: 'GET', url: `/admin/privacy/customers/${world.customerId}/export`, headers: await staffAuthHeader(app, 'admin') });
  const log = untarGz(res.rawPayload).find((e) => e.name === 'audit.access_log.jsonl')!.data.toString();
  for (const action of ['read /customers/:id', 'read /customers', 'read /quotes/:id', 'read /customer/quotes/:id', 'read /loyalty/:customerId', 'read /tickets']) {
    expect([action, log.includes(`"action":"${action}"`)]).toEqual([action, true]);
  }
});

it('finds the customer\'s data where it must be: profile, quote, invoice, project, ticket, events, export', () => {
  const personal = walked.filter((w) => w.personal).map((w) => w.route);
  expect(personal).toEqual(
    expect.arrayContaining([
      'GET /customers/:id',
      'GET /customers',
      'GET /quotes/:id',
      'GET /invoices/:id/pdf',
      'GET /tickets/:id',
      'GET /v1/customers/:id/events',
      'GET /admin/privacy/customers/:id/export',
    ]),
  );
});
