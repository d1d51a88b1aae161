import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { staffAuthHeader } from '@northstar/access/testing';
import { FakeGoogleCalendar } from '@northstar/calendar';
import { ClickhouseService } from '@northstar/clickhouse';
import { loadConfig } from '@northstar/config';
import { createApiApp } from '@northstar/platform';
import { PrismaService } from '@northstar/prisma';
import { NO_CUSTOMER_DATA, PrivacyRegistry, untarGz } from '@northstar/privacy';
import { JobProducer, QueueName, type EventRowsPayload } from '@northstar/queues';
import { createTestEnvironment, type TestEnvironment } from '@northstar/testing';
import { buildCustomerWorld, identifyingValues, worldSettings, type CustomerWorld } from './support/customer-world';
import { searchClickhouse, searchFiles, searchPostgres, searchRedis } from './support/store-search';

/**
 * Erasure, proven by looking everywhere: a customer with records in every area (profile,
 * a merged older record, intake with an attachment, quote signed, invoices, payments,
 * project work, tickets, survey, loyalty, appointment, scores and interventions, mails,
 * tracked events by user id, email and anonymous id, uploaded files) is erased; then
 * every Postgres table, every ClickHouse table, every Redis key of the test's prefix
 * and every stored file is searched for their email, name, phone, user id and anonymous
 * id, knowing nothing of the schema. A bystander's data must come through untouched.
 */
let env: TestEnvironment;
let app: NestFastifyApplication;
let google: FakeGoogleCalendar;
let world: CustomerWorld;
let admin: Record<string, string>;
let attachments: string;

async function searchEverywhere(values: string[]) {
  return {
    postgres: await searchPostgres(app.get(PrismaService), values),
    clickhouse: await searchClickhouse(app.get(ClickhouseService), values),
    redis: await searchRedis(loadConfig().REDIS_URL, env.queuePrefix, values),
    files: searchFiles(attachments, values),
  };
}

beforeAll(async () => {
  google = await new FakeGoogleCalendar().start();
  attachments = fs.mkdtempSync(path.join(os.tmpdir(), 'ns-erase-files-'));
  env = await createTestEnvironment(worldSettings(google, attachments));
  app = await createApiApp();
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  admin = await staffAuthHeader(app, 'admin');
  world = await buildCustomerWorld(app);
}, 180_000);

afterAll(async () => {
  await app?.close();
  await env?.teardown();
  await google?.stop();
  fs.rmSync(attachments, { recursive: true, force: true });
});

describe('before erasure', () => {
  it('the person is in every store, so the searches below can find them', async () => {
    const where = await searchEverywhere(identifyingValues(world.person));
    const tables = (hits: string[]) => new Set(hits.map((h) => h.split('.')[0]));
    expect([...tables(where.postgres)]).toEqual(
      expect.arrayContaining(['customers', 'contacts', 'accounts', 'customer_notes', 'quote_requests', 'quotes', 'payments', 'projects', 'time_logs', 'support_tickets', 'feedback_responses', 'appointments', 'cs_tasks', 'intervention_logs']),
    );
    expect([...tables(where.clickhouse)]).toEqual(expect.arrayContaining(['events', 'identity_links']));
    // Mail jobs (waiting and done), events jobs from ingestion and the outbox, a dead letter, the queues' event streams.
    for (const kind of [/:notifications:mail-later\S* field data/, /:notifications:mail-\S* field returnvalue/, /:events:\d+ field data/, /:events:outbox-\S* field data/, /:events-dead-letter:\S* field data/, /:notifications:events stream entry/]) {
      expect([String(kind), where.redis.some((h) => kind.test(h))]).toEqual([String(kind), true]);
    }
    expect(where.files.length).toBeGreaterThan(0);
    // lifecycle_facts holds ids only: it is found by the customer's id.
    const [{ n }] = await app.get(ClickhouseService).query<{ n: string }>('SELECT count() AS n FROM lifecycle_facts WHERE customer_id = {c:String}', { c: world.customerId });
    expect(Number(n)).toBeGreaterThan(5);
  });

  it('every Postgres table is claimed by a privacy concern or declared free of customer data', async () => {
    const rows = await app.get(PrismaService).$queryRawUnsafe<{ t: string }[]>(
      `SELECT table_name AS t FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
    );
    const claimed = app.get(PrivacyRegistry).tables();
    expect(rows.map((r) => r.t).filter((t) => !claimed.has(t) && !(t in NO_CUSTOMER_DATA))).toEqual([]);
    expect([...claimed].filter((t) => t in NO_CUSTOMER_DATA)).toEqual([]);
  });

  it('the export holds every record kind and the uploaded files', async () => {
    const res = await app.inject({ method: 'GET', url: `/admin/privacy/customers/${world.customerId}/export`, headers: admin });
    expect(res.statusCode).toBe(200);
    const entries = untarGz(res.rawPayload);
    const manifest = JSON.parse(entries.find((e) => e.name === 'manifest.json')!.data.toString());
    const records = Object.fromEntries(manifest.kinds.map((k: { name: string; records: number }) => [k.name, k.records]));
    for (const kind of [
      'customers.customers', 'customers.consent_events', 'customers.customer_notes', 'customers.accounts', 'customers.contacts', 'customers.files',
      'intake.quote_requests', 'quotes.quotes', 'quotes.quote_lines', 'quotes.quote_views', 'invoices.invoices', 'invoices.invoice_lines',
      'payments.payments', 'projects.projects', 'projects.milestones', 'projects.time_logs', 'projects.change_orders', 'projects.project_risks',
      'aftercare.support_tickets', 'aftercare.feedback_responses', 'aftercare.loyalty_entries', 'aftercare.referral_codes',
      'appointments.appointments', 'health.health_scores', 'interventions.cs_tasks', 'clickhouse.events', 'clickhouse.identity_links', 'audit.access_log',
    ]) {
      expect([kind, records[kind] > 0]).toEqual([kind, true]);
    }
    expect(manifest.kinds.find((k: { name: string }) => k.name === 'customers.customers').records).toBe(2); // the customer and the record merged into it
    const passport = entries.find((e) => e.name.startsWith('files/') && e.name.includes('passport'));
    expect(passport?.data.toString()).toContain(world.person.email);
    const events = entries.find((e) => e.name === 'clickhouse.events.jsonl')!.data.toString();
    for (const v of [world.person.userId, world.person.anonymousId, `"user_id":"${world.person.email}"`]) expect(events).toContain(v);
    expect(entries.map((e) => e.data.toString()).join('\n')).not.toContain(world.bystander.person.email);
  });
});

describe('erasure', () => {
  let erased: { statusCode: number; json(): { completedAt: string | null; results: Record<string, { affected?: number; error?: string }> } };

  beforeAll(async () => {
    erased = await app.inject({ method: 'POST', url: `/admin/privacy/customers/${world.customerId}/erase`, headers: admin });
  }, 120_000);

  it('completes, with counts for every concern', () => {
    expect(erased.statusCode).toBe(200);
    const body = erased.json();
    expect(body.completedAt).toBeTruthy();
    expect(Object.entries(body.results).filter(([, r]) => r.error)).toEqual([]);
    expect(Object.keys(body.results).sort()).toEqual(app.get(PrivacyRegistry).list().map((c) => c.name).sort());
  });

  it('leaves no trace of the person in any Postgres table, ClickHouse table, Redis key or stored file', async () => {
    expect(await searchEverywhere(identifyingValues(world.person))).toEqual({ postgres: [], clickhouse: [], redis: [], files: [] });
  });

  it('takes the signature address and browser off quotes, views and the request form', async () => {
    const where = await searchPostgres(app.get(PrismaService), [world.person.ip, world.person.userAgent]);
    expect(where.filter((h) => !h.startsWith('audit_log.'))).toEqual([]);
  });

  it('removes the uploaded files that were only theirs, keeps one another customer shares', () => {
    expect(fs.existsSync(path.join(attachments, world.documentSha))).toBe(false);
    expect(fs.existsSync(path.join(attachments, world.sharedSha))).toBe(true);
  });

  it('ClickHouse keeps no row under their customer ids, lifecycle facts included', async () => {
    const ch = app.get(ClickhouseService);
    for (const table of ['events', 'lifecycle_facts']) {
      const [{ n }] = await ch.query<{ n: string }>(`SELECT count() AS n FROM ${table} WHERE customer_id IN ({ids:Array(String)})`, { ids: [world.customerId, world.mergedId] });
      expect([table, Number(n)]).toEqual([table, 0]);
    }
  });

  it('the bystander is untouched: profile, events, shared file, their row in a queued job', async () => {
    const b = world.bystander;
    expect((await searchEverywhere([b.person.email])).postgres).toEqual(['customers.email: ' + b.person.email]);
    const [{ n }] = await app.get(ClickhouseService).query<{ n: string }>('SELECT count() AS n FROM events WHERE user_id = {u:String}', { u: b.person.userId });
    expect(Number(n)).toBe(1);
    const [dead] = await app.get(JobProducer).queue(QueueName.EventsDeadLetter).getJobs(['waiting']);
    expect((dead.data as EventRowsPayload).rows.map((r) => r.user_id)).toEqual([b.person.userId]);
  });

  it('keeps the business records, anonymised: quotes, invoices, payments and the project stay', async () => {
    const prisma = app.get(PrismaService);
    const quote = await prisma.quote.findUniqueOrThrow({ where: { id: world.quoteId } });
    expect(quote).toMatchObject({ status: 'accepted', acceptedName: null, acceptedIp: null, acceptedUserAgent: null, title: 'Studio site for [erased]' });
    expect(await prisma.invoice.count({ where: { id: { in: world.invoiceIds } } })).toBe(2);
    const payment = await prisma.payment.findUniqueOrThrow({ where: { id: world.paymentIds[0] } });
    expect(payment.reference).toBe('Interac from [erased] ([erased])');
    expect(await prisma.project.findUniqueOrThrow({ where: { id: world.projectId } })).toMatchObject({ status: 'completed', signedOffBy: null });
    expect(await prisma.customer.findUniqueOrThrow({ where: { id: world.customerId } })).toMatchObject({ name: 'Erased customer', deletedAt: expect.any(Date) });
  });

  it('can run again: nothing left to erase, nothing fails', async () => {
    const again = await app.inject({ method: 'POST', url: `/admin/privacy/customers/${world.customerId}/erase`, headers: admin });
    expect(again.statusCode).toBe(200);
    expect(Object.entries(again.json().results as Record<string, { error?: string }>).filter(([, r]) => r.error)).toEqual([]);
  });
});
