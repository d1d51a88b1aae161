import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { createTestEnvironment, type TestEnvironment } from '@northstar/testing';
import { PrismaService } from '@northstar/prisma';
import { ClickhouseService } from '@northstar/clickhouse';
import { AuthService } from '@northstar/access';
import { ConsentChecker, PrivacyRegistry, untarGz } from '@northstar/privacy';
import { createApiApp } from '@northstar/platform';

let env: TestEnvironment;
let app: NestFastifyApplication;
let admin: Record<string, string>;
let adminId: string;

const suffix = randomUUID().slice(0, 8);
const person = {
  name: `Zoë Erasable ${suffix}`,
  email: `zoe.${suffix}@example.test`,
  phone: `+1555${String(Date.now()).slice(-7)}`,
  userId: `user-${suffix}`,
  anonymousId: `anon-${suffix}`,
  note: `Allergic to cats ${suffix}`,
};
let customerId: string;
let otherCustomerId: string;

async function seedCustomer(prisma: PrismaService, p: typeof person) {
  const c = await prisma.customer.create({
    data: {
      customerNumber: `C-${randomUUID().slice(0, 8)}`,
      name: p.name,
      email: p.email,
      phone: p.phone,
      phoneDigits: p.phone.slice(1),
      preferredContact: 'email',
      channel: 'web_form',
      addressLine1: `1 Private Lane ${suffix}`,
      city: 'Toronto',
      preference: { create: { preferredChannel: 'email', marketingOptIn: true, notificationOptIns: { invoice: false } } },
      consentEvents: { create: { field: 'marketing', oldValue: 'false', newValue: 'true', source: 'customer' } },
      notes: { create: { body: p.note } },
    },
  });
  return c.id;
}

async function seedEvents(ch: ClickhouseService, cid: string, p: typeof person) {
  const w = await ch.writer();
  const ev = (over: Record<string, unknown>) => ({
    event_id: randomUUID(),
    message_id: randomUUID(),
    type: 'track',
    event: 'Page Viewed',
    source: 'web',
    user_id: '',
    anonymous_id: '',
    customer_id: '',
    account_id: '',
    timestamp: '2026-01-05 10:00:00.000',
    received_at: '2026-01-05 10:00:00.000',
    properties: JSON.stringify({ email: p.email }),
    context: '{}',
    traits: '{}',
    ...over,
  });
  await w.insert({
    table: 'events',
    format: 'JSONEachRow',
    values: [ev({ customer_id: cid }), ev({ user_id: p.userId }), ev({ anonymous_id: p.anonymousId })],
  });
  await w.insert({
    table: 'identity_links',
    format: 'JSONEachRow',
    values: [
      { kind: 'user', from_id: p.userId, to_id: cid, via: 'identify', message_id: randomUUID(), linked_at: '2026-01-05 10:00:00.000' },
      { kind: 'anonymous', from_id: p.anonymousId, to_id: p.userId, via: 'identify', message_id: randomUUID(), linked_at: '2026-01-05 10:00:00.000' },
    ],
  });
}

beforeAll(async () => {
  env = await createTestEnvironment();
  app = await createApiApp();
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const prisma = app.get(PrismaService);
  const user = await prisma.staffUser.create({ data: { email: `admin-${suffix}@fixture.test`, name: 'Admin', role: 'admin', passwordHash: 'scrypt$1$1$1$AA$AA' } });
  adminId = user.id;
  admin = { authorization: `Bearer ${(await app.get(AuthService).startSession(user)).accessToken}`, 'user-agent': 'privacy-test/1.0' };
  customerId = await seedCustomer(prisma, person);
  const other = { ...person, name: 'Other Person', email: `other.${suffix}@example.test`, phone: `+1666${String(Date.now()).slice(-7)}`, userId: `ouser-${suffix}`, anonymousId: `oanon-${suffix}` };
  otherCustomerId = await seedCustomer(prisma, other);
  await seedEvents(app.get(ClickhouseService), customerId, person);
  await seedEvents(app.get(ClickhouseService), otherCustomerId, other);
});

afterAll(async () => {
  await app?.close();
  await env?.teardown();
});

const exportOf = async (id: string) => {
  const res = await app.inject({ method: 'GET', url: `/admin/privacy/customers/${id}/export`, headers: admin });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toContain('application/gzip');
  return untarGz(res.rawPayload);
};

describe('export', () => {
  it('contains every registered record kind, with the customer\'s Postgres and ClickHouse data', async () => {
    const files = await exportOf(customerId);
    const manifest = JSON.parse(files.find((f) => f.name === 'manifest.json')!.data.toString());
    const kinds = app.get(PrivacyRegistry).list().filter((c) => c.export).map((c) => c.name);
    expect(kinds).toEqual(expect.arrayContaining(['customers.customers', 'customers.customer_notes', 'clickhouse.events', 'clickhouse.identity_links', 'audit.access_log']));
    expect(manifest.kinds.map((k: { name: string }) => k.name).sort()).toEqual([...kinds].sort());
    for (const k of kinds) expect(files.map((f) => f.name)).toContain(`${k}.jsonl`);
    const lines = (name: string) => files.find((f) => f.name === `${name}.jsonl`)!.data.toString().trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
    expect(lines('clickhouse.events')).toHaveLength(3); // attributed + via user id + via anonymous id
    expect(lines('clickhouse.identity_links')).toHaveLength(2);
    const [profile] = lines('customers.customers');
    expect(profile).toMatchObject({ id: customerId, email: person.email, name: person.name });
    expect(lines('customers.customer_notes').map((n) => n.body)).toEqual([person.note]);
    expect(lines('customers.consent_events')).toHaveLength(1);
    expect(JSON.stringify(files.map((f) => f.data.toString()))).not.toContain('Other Person');
  });

  it('the export (a personal-data read) is audited with who, what, when, from where', async () => {
    const rows = await app.get(PrismaService).auditLog.findMany({ where: { resourceType: 'customer', resourceId: customerId, action: { startsWith: 'read ' } } });
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(rows[0]).toMatchObject({ actorType: 'user', actorId: adminId, userAgent: 'privacy-test/1.0', status: 200 });
    expect(rows[0].ip).toBeTruthy();
    expect(rows[0].requestId).toBeTruthy();
  });
});

describe('consent', () => {
  it('marketing needs an opt-in; opted-out notification kinds are refused; unknown customers are refused', async () => {
    const consent = app.get(ConsentChecker);
    expect(await consent.canSend(customerId, 'email', 'marketing')).toBe(true);
    expect(await consent.canSend(customerId, 'email', 'quote')).toBe(true);
    expect(await consent.decide(customerId, 'email', 'invoice')).toEqual({ allowed: false, reason: 'opted_out_of_kind' });
    expect(await consent.decide(randomUUID(), 'email', 'transactional')).toEqual({ allowed: false, reason: 'unknown_customer' });
  });
});

describe('erase', () => {
  let eraseRes: { statusCode: number; json(): Record<string, unknown> };

  beforeAll(async () => {
    eraseRes = await app.inject({ method: 'POST', url: `/admin/privacy/customers/${customerId}/erase`, headers: admin });
  });

  it('answers with the erasure record (counts per concern) and keeps it', async () => {
    expect(eraseRes.statusCode).toBe(200);
    const body = eraseRes.json() as { id: string; completedAt: string; results: Record<string, { affected: number }> };
    expect(body.completedAt).toBeTruthy();
    expect(body.results['clickhouse.events'].affected).toBe(3);
    expect(body.results['clickhouse.identity_links'].affected).toBe(2);
    expect(body.results['customers.customers'].affected).toBe(1);
    const list = await app.inject({ method: 'GET', url: `/admin/privacy/customers/${customerId}/erasures`, headers: admin });
    expect(list.json()).toEqual([expect.objectContaining({ id: body.id, customerId, requestedById: adminId })]);
  });

  it('Postgres no longer returns anything personal for the customer', async () => {
    const prisma = app.get(PrismaService);
    const c = await prisma.customer.findUniqueOrThrow({ where: { id: customerId }, include: { notes: true, consentEvents: true, preference: true } });
    const dump = JSON.stringify(c);
    for (const v of [person.name, person.email, person.phone, person.note, suffix + '@', 'Private Lane']) expect(dump).not.toContain(v);
    expect(c.notes).toEqual([]);
    expect(c.preference).toBeNull();
    expect(c.deletedAt).not.toBeNull();
  });

  it('ClickHouse no longer returns events or identity links for the customer, and the other customer is untouched', async () => {
    const ch = app.get(ClickhouseService);
    const ids = [customerId, person.userId, person.anonymousId];
    const [{ n }] = await ch.query<{ n: string }>(
      'SELECT count() AS n FROM events WHERE has({ids:Array(String)}, customer_id) OR has({ids:Array(String)}, user_id) OR has({ids:Array(String)}, anonymous_id) OR position(properties, {email:String}) > 0',
      { ids, email: person.email },
    );
    expect(Number(n)).toBe(0);
    const [{ l }] = await ch.query<{ l: string }>('SELECT count() AS l FROM identity_links WHERE has({ids:Array(String)}, from_id) OR has({ids:Array(String)}, to_id)', { ids });
    expect(Number(l)).toBe(0);
    const [{ o }] = await ch.query<{ o: string }>('SELECT count() AS o FROM events WHERE customer_id = {id:String}', { id: otherCustomerId });
    expect(Number(o)).toBe(1);
  });

  it('a new export holds nothing personal, and consent refuses every message', async () => {
    const text = (await exportOf(customerId)).map((f) => f.data.toString()).join('\n');
    for (const v of [person.name, person.email, person.phone, person.note, person.userId, person.anonymousId]) expect(text).not.toContain(v);
    expect(await app.get(ConsentChecker).decide(customerId, 'email', 'transactional')).toEqual({ allowed: false, reason: 'erased' });
  });

  it('the erase mutation is in the audit trail', async () => {
    const rows = await app.get(PrismaService).auditLog.findMany({ where: { action: 'POST /admin/privacy/customers/:id/erase', resourceId: customerId } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actorType: 'user', actorId: adminId, resourceType: 'customer', status: 200 });
  });
});

describe('audit log', () => {
  it('refuses UPDATE, DELETE and TRUNCATE', async () => {
    const prisma = app.get(PrismaService);
    expect(await prisma.auditLog.count()).toBeGreaterThan(0);
    await expect(prisma.$executeRawUnsafe(`UPDATE audit_log SET action = 'tampered'`)).rejects.toThrow(/append-only/);
    await expect(prisma.$executeRawUnsafe('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    await expect(prisma.$executeRawUnsafe('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
    expect(await prisma.auditLog.count({ where: { action: 'tampered' } })).toBe(0);
  });

  it('records failed mutations too (anonymous login attempt), without the body values', async () => {
    await app.inject({ method: 'POST', url: '/auth/login', headers: { 'x-forwarded-for': '10.7.7.7' }, payload: { email: 'x@y.test', password: 'secret-value-123' } });
    const row = await app.get(PrismaService).auditLog.findFirstOrThrow({ where: { action: 'POST /auth/login', ip: '10.7.7.7' } });
    expect(row).toMatchObject({ actorType: 'anonymous', status: 401 });
    expect(row.metadata).toEqual({ fields: ['email', 'password'] });
    expect(JSON.stringify({ ...row, id: String(row.id) })).not.toContain('secret-value-123');
  });

  it('GET /admin/audit filters and pages (admins only)', async () => {
    const page1 = await app.inject({ method: 'GET', url: `/admin/audit?resourceType=customer&resourceId=${customerId}&limit=1`, headers: admin });
    expect(page1.statusCode).toBe(200);
    const p1 = page1.json();
    expect(p1.items).toHaveLength(1);
    expect(p1.nextCursor).toBeTruthy();
    const p2 = (await app.inject({ method: 'GET', url: `/admin/audit?resourceType=customer&resourceId=${customerId}&limit=50&before=${p1.nextCursor}`, headers: admin })).json();
    expect(p2.items.length).toBeGreaterThanOrEqual(1);
    expect(p2.items.every((r: { id: string; resourceId: string }) => BigInt(r.id) < BigInt(p1.items[0].id) && r.resourceId === customerId)).toBe(true);
    expect((await app.inject({ method: 'GET', url: '/admin/audit?limit=0', headers: admin })).statusCode).toBe(400);
  });
});
