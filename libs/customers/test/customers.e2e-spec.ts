import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { createTestEnvironment, type TestEnvironment } from '@northstar/testing';
import { PrismaService } from '@northstar/prisma';
import { AuthService } from '@northstar/access';
import { ConsentService, normalisePhone, registerCustomerMergeHook } from '../src';
import { createApiApp } from '@northstar/platform';

let env: TestEnvironment;
let app: NestFastifyApplication;
let prisma: PrismaService;
let headers: Record<string, string>;
let n = 0;

const valid = (over: Record<string, unknown> = {}) => {
  n++;
  return {
    name: `Customer ${n}`,
    email: `Person.${n}.${randomUUID().slice(0, 6)}@Example.test`,
    phone: `+1 416 555 ${String(1000 + n).slice(-4)}`.replace('555', String(300 + n)),
    preferredContact: 'email',
    channel: 'phone',
    ...over,
  };
};
const post = (url: string, payload: object) => app.inject({ method: 'POST', url, payload, headers });
const get = (url: string) => app.inject({ method: 'GET', url, headers });

beforeAll(async () => {
  env = await createTestEnvironment({ ATTACHMENTS_DIR: `/tmp/ns-customers-test-${process.pid}` });
  app = await createApiApp();
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  prisma = app.get(PrismaService);
  const user = await prisma.staffUser.create({
    data: { email: `cs-${randomUUID().slice(0, 6)}@fixture.test`, name: 'cs', role: 'customer_success', passwordHash: 'x' },
    select: { id: true, email: true, role: true },
  });
  headers = { authorization: `Bearer ${(await app.get(AuthService).startSession(user)).accessToken}` };
});

afterAll(async () => {
  await app?.close();
  await env?.teardown();
});

describe('phone validation (unit)', () => {
  it('normalises real numbers to E.164 and rejects unassignable ones', () => {
    expect(normalisePhone('(416) 555-0199', 'CA')).toMatchObject({ ok: true, e164: '+14165550199' });
    expect(normalisePhone('020 7946 0018', 'GB')).toMatchObject({ ok: true, e164: '+442079460018' });
    expect(normalisePhone('+1 555 000 0000').ok).toBe(false);
    expect(normalisePhone('416 555 0199').ok).toBe(false); // no country, no '+'
  });
});

describe('registration', () => {
  it('registers from each channel, lower-cases email, stores E.164, defaults the zone from the country', async () => {
    for (const channel of ['web_form', 'phone', 'walk_in', 'chat', 'whatsapp', 'referral', 'service_desk']) {
      const body = valid({ channel, address: { city: 'Toronto', country: 'ca' } });
      const res = await post('/customers', body);
      expect(res.statusCode).toBe(201);
      const c = res.json();
      expect(c.email).toBe((body.email as string).toLowerCase());
      expect(c.phone).toMatch(/^\+1\d{10}$/);
      expect(c.timeZone).toBe('America/Toronto');
      expect(c.currency).toBe('CAD');
      expect(c.customerNumber).toMatch(/^C-\d{6}$/);
      const ev = await prisma.outboxEvent.findFirstOrThrow({ where: { aggregateId: c.id, eventName: 'Customer Registered' } });
      expect(ev.payload).toMatchObject({ channel, customerType: 'individual' });
    }
  });

  it.each([
    ['name', { name: '' }],
    ['email', { email: 'nope' }],
    ['phone', { phone: '+1 555 000 0000' }],
    ['phone', { phone: '' }],
    ['preferredContact', { preferredContact: 'fax' }],
    ['channel', { channel: 'carrier_pigeon' }],
    ['address.country', { address: { country: 'CAN' } }],
    ['dateOfBirth', { dateOfBirth: '2999-01-01' }],
    ['timeZone', { timeZone: 'Mars/Base' }],
    ['company', { type: 'business' }],
    ['contacts', { contacts: [{ name: 'X' }] }],
    ['whatsapp', { whatsapp: '+99912' }],
  ])('rejects bad %s with 400 naming it', async (field, over) => {
    const res = await post('/customers', valid(over));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('answers 409 naming the field and the existing customer for a duplicate email or phone', async () => {
    const first = valid();
    const a = (await post('/customers', first)).json();
    const dupEmail = await post('/customers', valid({ email: (first.email as string).toUpperCase() }));
    expect(dupEmail.statusCode).toBe(409);
    expect(dupEmail.json().error).toMatchObject({ code: 'duplicate_email', field: 'email', existingCustomerId: a.id });
    const dupPhone = await post('/customers', valid({ phone: a.phone.replace('+1', '') , address: { country: 'CA' } }));
    expect(dupPhone.statusCode).toBe(409);
    expect(dupPhone.json().error).toMatchObject({ code: 'duplicate_phone', field: 'phone', existingCustomerId: a.id });
  });

  it('creates a business account with several contacts, shown on the profile', async () => {
    const res = await post('/customers', valid({ type: 'business', company: 'Acme Ltd', contacts: [{ name: 'Ann Ops', role: 'ops' }, { name: 'Bob Buyer', phone: '+1 647 555 0142' }] }));
    expect(res.statusCode).toBe(201);
    const id = res.json().id;
    await post(`/customers/${id}/contacts`, { name: 'Cy Finance', email: 'cy@acme.test' });
    await post(`/customers/${id}/notes`, { body: 'Prefers mornings' });
    const doc = await post(`/customers/${id}/documents`, { filename: 'spec.txt', mimeType: 'text/plain', contentBase64: Buffer.from('hello').toString('base64') });
    expect(doc.statusCode).toBe(201);
    expect(doc.json().storagePath).toBeUndefined();
    const p = (await get(`/customers/${id}`)).json();
    expect(p.contacts.map((c: { name: string }) => c.name).sort()).toEqual(['Ann Ops', 'Bob Buyer', 'Cy Finance']);
    expect(p.notes[0].body).toBe('Prefers mornings');
    expect(p.documents[0]).toMatchObject({ filename: 'spec.txt', sizeBytes: 5 });
    expect(p.serviceHistory).toEqual([]);
  });

  it('soft-deletes: gone from profile and search, row kept', async () => {
    const c = (await post('/customers', valid({ name: 'Zebulon Deleteme' }))).json();
    expect((await app.inject({ method: 'DELETE', url: `/customers/${c.id}`, headers })).statusCode).toBe(204);
    expect((await get(`/customers/${c.id}`)).statusCode).toBe(404);
    expect((await get('/customers?name=Zebulon')).json().items).toEqual([]);
    expect((await prisma.customer.findUnique({ where: { id: c.id } }))?.deletedAt).not.toBeNull();
  });
});

describe('consent and preferences', () => {
  it('keeps every change with its time and answers canSend', async () => {
    const c = (await post('/customers', valid())).json();
    const consent = app.get(ConsentService);
    expect(await consent.canSend(c.id, 'email', 'marketing')).toBe(false);
    expect(await consent.canSend(c.id, 'email', 'invoice')).toBe(true);
    const r1 = await app.inject({ method: 'PUT', url: `/customers/${c.id}/preferences`, headers, payload: { marketingOptIn: true, bestTime: 'morning', notifications: { invoice: false } } });
    expect(r1.statusCode).toBe(200);
    await app.inject({ method: 'PUT', url: `/customers/${c.id}/preferences`, headers, payload: { marketingOptIn: false } });
    const noop = await app.inject({ method: 'PUT', url: `/customers/${c.id}/preferences`, headers, payload: { marketingOptIn: false } });
    expect(noop.json().changes).toEqual([]);
    expect(await consent.canSend(c.id, 'email', 'marketing')).toBe(false);
    expect(await consent.canSend(c.id, 'email', 'invoice')).toBe(false);
    expect(await consent.canSend(c.id, 'email', 'quote')).toBe(true);
    const hist = (await get(`/customers/${c.id}/consent-history`)).json();
    expect(hist.map((h: { field: string; newValue: string }) => `${h.field}=${h.newValue}`)).toEqual([
      'preferredChannel=email',
      'bestTime=morning',
      'marketing=true',
      'notification:invoice=false',
      'marketing=false',
    ]);
    expect(hist.every((h: { occurredAt: string; source: string }) => h.occurredAt && h.source)).toBe(true);
    expect(await prisma.outboxEvent.count({ where: { customerId: c.id, eventName: 'Consent Changed' } })).toBe(2);
  });
});

describe('merge', () => {
  it('moves quote requests, notes, consent history and hook data, marks the source merged, emits and audits', async () => {
    const hookCalls: string[] = [];
    registerCustomerMergeHook({ name: 'test-hook', reassign: async (from, to) => void hookCalls.push(`${from}->${to}`) });
    const a = (await post('/customers', valid({ name: 'Dup One' }))).json();
    const b = (await post('/customers', valid({ name: 'Dup Two' }))).json();
    await post(`/customers/${a.id}/notes`, { body: 'note on A' });
    await prisma.quoteRequest.create({ data: { number: `QR-1999-${n}`, customerId: a.id, category: 'x', complexity: 'simple', queue: 'general', details: 'd', firstResponseDueAt: new Date() } });
    const res = await post('/customers/merge', { fromId: a.id, intoId: b.id, reason: 'same person' });
    expect(res.statusCode).toBe(200);
    expect(res.json().moved).toMatchObject({ 'quote_requests.customerId': 1, 'customer_notes.customerId': 1 });
    expect(hookCalls).toEqual([`${a.id}->${b.id}`]);
    const p = (await get(`/customers/${b.id}`)).json();
    expect(p.serviceHistory).toHaveLength(1);
    expect(p.notes.map((x: { body: string }) => x.body)).toContain('note on A');
    expect((await get(`/customers/${a.id}`)).json().error).toMatchObject({ code: 'customer_merged', mergedIntoId: b.id });
    // A duplicate of the merged customer's email names the surviving customer.
    const dup = await post('/customers', valid({ email: a.email }));
    expect(dup.json().error.existingCustomerId).toBe(b.id);
    expect(await prisma.outboxEvent.count({ where: { eventName: 'Customer Merged', customerId: b.id } })).toBe(1);
    expect(await prisma.auditLog.count({ where: { action: 'customer.merge', resourceId: b.id } })).toBeGreaterThanOrEqual(1);
    expect((await post('/customers/merge', { fromId: a.id, intoId: b.id })).statusCode).toBe(409);
    expect((await post('/customers/merge', { fromId: b.id, intoId: b.id })).statusCode).toBe(400);
  });
});

describe('search', () => {
  beforeAll(async () => {
    for (const [name, city] of [
      ['Jonathan Smithers', 'Toronto'],
      ['John Smith', 'Ottawa'],
      ['Joan Smyth', 'Montreal'],
      ['Maria Garcia', 'Toronto'],
    ])
      await post('/customers', valid({ name, address: { line1: '12 King Street West', city, country: 'CA' }, lifecycleStage: name === 'Maria Garcia' ? 'customer' : 'lead' }));
  });
  const names = async (qs: string) => (await get(`/customers?${qs}`)).json().items.map((i: { name: string }) => i.name);

  it('finds names partially and ranks the exact match first', async () => {
    const r = await names('name=john%20smith');
    expect(r[0]).toBe('John Smith');
    expect((await names('name=smithe'))[0]).toBe('Jonathan Smithers'); // substring beats fuzzy
  });
  it('tolerates typos', async () => {
    expect((await names('name=Jonh%20Smith'))[0]).toBe('John Smith');
    expect((await names('name=Maria%20Garcai'))[0]).toBe('Maria Garcia');
    expect((await names('name=Mariah%20Garsia'))[0]).toBe('Maria Garcia');
    expect((await names('name=Smitters'))[0]).toBe('Jonathan Smithers');
    expect(await names('name=Zzyzx%20Qwv')).toEqual([]);
  });
  it('finds by partial phone digits, email, id/number and address; filters and pages', async () => {
    const maria = (await get('/customers?name=Maria%20Garcia')).json().items[0];
    expect((await get(`/customers?phone=${maria.phone.slice(-6)}`)).json().items.map((i: { id: string }) => i.id)).toContain(maria.id);
    expect((await get(`/customers?email=${encodeURIComponent(maria.email)}`)).json().items[0].id).toBe(maria.id);
    expect((await get(`/customers?id=${maria.id}`)).json().items[0].id).toBe(maria.id);
    expect((await get(`/customers?id=${maria.customerNumber}`)).json().items[0].id).toBe(maria.id);
    expect(await names('address=ottawa')).toEqual(['John Smith']);
    expect(await names('address=king%20street&lifecycleStage=customer')).toEqual(['Maria Garcia']);
    const page1 = (await get('/customers?address=king&sort=name&pageSize=2')).json();
    expect(page1.items.map((i: { name: string }) => i.name)).toEqual(['Joan Smyth', 'John Smith']);
    expect(page1.hasMore).toBe(true);
    const page2 = (await get('/customers?address=king&sort=name&pageSize=2&page=2')).json();
    expect(page2.items.map((i: { name: string }) => i.name)).toEqual(['Jonathan Smithers', 'Maria Garcia']);
    expect(await names('address=king&registeredFrom=2100-01-01')).toEqual([]);
    expect((await get('/customers?pageSize=1000')).statusCode).toBe(400);
  });
});
