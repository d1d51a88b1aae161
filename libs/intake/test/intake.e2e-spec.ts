import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { createTestEnvironment, type TestEnvironment } from '@northstar/testing';
import { PrismaService } from '@northstar/prisma';
import { INTAKE_OPTIONS, type IntakeOptions } from '../src';
import { createApiApp } from '@northstar/platform';
import { decodeQp, startSmtpSink } from './smtp-sink';
import { staffToken } from './staff';

let env: TestEnvironment;
let app: NestFastifyApplication;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
let options: IntakeOptions;
let prisma: PrismaService;
let ipSeq = 0;
const run = randomUUID().slice(0, 6);


function form(over: Record<string, unknown> = {}) {
  const n = ++ipSeq;
  return {
    name: `Visitor ${n}`,
    email: `visitor.${run}.${n}@example.test`,
    phone: `+1 416 ${String(200 + (n % 700)).padStart(3, '0')} ${String(1000 + n).slice(-4)}`,
    contactPreference: 'email',
    category: 'web_development',
    complexity: 'standard',
    details: 'We need a new booking website with payments.',
    budget: { minMinor: 500000, maxMinor: 1500000, currency: 'CAD' },
    timeline: 'Q3',
    ...over,
  };
}

const post = (body: unknown, ip = `10.1.${Math.floor(ipSeq / 250)}.${ipSeq % 250}`) =>
  app.inject({ method: 'POST', url: '/intake/quote-requests', payload: body as object, headers: { 'x-forwarded-for': ip } });

beforeAll(async () => {
  smtp = await startSmtpSink();
  env = await createTestEnvironment({ SMTP_URL: smtp.url, INTAKE_TEAM_EMAIL: 'team@northstar.test', ATTACHMENTS_DIR: `/tmp/ns-intake-test-${process.pid}` });
  app = await createApiApp();
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  options = app.get(INTAKE_OPTIONS);
  prisma = app.get(PrismaService);
});

afterAll(async () => {
  await app?.close();
  await env?.teardown();
  await smtp?.close();
});

const setNow = (iso: string) => {
  options.now = () => new Date(iso);
};

describe('public intake form', () => {
  it('creates a numbered, routed request and mails the acknowledgement and the team alert over SMTP', async () => {
    setNow('2030-03-06T15:00:00Z'); // Wed 10:00 Toronto
    const body = form({ urgent: true, complexity: 'complex' });
    const res = await post(body);
    expect(res.statusCode).toBe(201);
    const qr = res.json();
    expect(qr.number).toBe('QR-2030-0001');
    expect(qr.urgent).toBe(true);
    expect(qr.queue).toBe('solutions'); // complex → solutions by the default rules
    expect(qr.firstResponseDueAt).toBe('2030-03-06T19:00:00.000Z'); // +4 business hours

    const ack = await smtp.waitFor((m) => m.to.includes(body.email as string));
    const text = decodeQp(ack.raw);
    expect(text).toContain('Subject: We received your request QR-2030-0001');
    expect(text).toContain('Your reference number is QR-2030-0001');
    expect(text).toMatch(/by Wednesday, March 6, 2030 at 2:00\s?PM EST/); // due time in the customer's zone
    const alert = await smtp.waitFor((m) => m.to.includes('team@northstar.test') && m.raw.includes('QR-2030-0001'));
    expect(decodeQp(alert.raw)).toContain('[URGENT] New quote request QR-2030-0001');

    const events = await prisma.outboxEvent.findMany({ where: { aggregateId: qr.id } });
    expect(events.map((e) => e.eventName)).toEqual(['Inquiry Received']);
    const registered = await prisma.outboxEvent.count({ where: { eventName: 'Customer Registered', customerId: events[0].customerId! } });
    expect(registered).toBe(1);
  });

  it('recognises a returning customer by email instead of creating a duplicate', async () => {
    setNow('2030-03-06T15:05:00Z');
    const first = form();
    await post(first);
    const again = await post({ ...first, details: 'A second project: mobile app for the same shop.' });
    expect(again.statusCode).toBe(201);
    expect(await prisma.customer.count({ where: { email: first.email as string } })).toBe(1);
    expect(await prisma.quoteRequest.count({ where: { customer: { email: first.email as string } } })).toBe(2);
  });

  it.each([
    ['name', { name: '' }],
    ['email', { email: 'not-an-email' }],
    ['phone', { phone: '+1 555 000 0000' }], // right length, not an assignable number
    ['phone', { phone: '12' }],
    ['contactPreference', { contactPreference: 'pigeon' }],
    ['category', { category: 'Web Development!' }],
    ['details', { details: 'short' }],
    ['budget.maxMinor', { budget: { minMinor: 900, maxMinor: 100, currency: 'CAD' } }],
    ['budget.minMinor', { budget: { minMinor: 10.5, currency: 'CAD' } }],
    ['attachments', { attachments: Array.from({ length: 6 }, (_, i) => ({ filename: `f${i}.txt`, mimeType: 'text/plain', contentBase64: 'aGk=' })) }],
    ['attachments.0.mimeType', { attachments: [{ filename: 'x.exe', mimeType: 'application/x-msdownload', contentBase64: 'TVo=' }] }],
    ['attachments.0.contentBase64', { attachments: [{ filename: 'x.pdf', mimeType: 'application/pdf', contentBase64: Buffer.from('MZ not a pdf').toString('base64') }] }],
    ['attachments.0.filename', { attachments: [{ filename: '../etc/passwd', mimeType: 'text/plain', contentBase64: 'aGk=' }] }],
  ])('rejects a bad %s with 400 naming the field', async (field, over) => {
    const res = await post(form(over));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('accepts attachments within limits and stores them by content hash, not executable', async () => {
    setNow('2030-03-06T15:10:00Z');
    const pdf = Buffer.from('%PDF-1.4\n% test\n');
    const res = await post(form({ attachments: [{ filename: 'brief.pdf', mimeType: 'application/pdf', contentBase64: pdf.toString('base64') }] }));
    expect(res.statusCode).toBe(201);
    const att = await prisma.quoteRequestAttachment.findFirstOrThrow({ where: { quoteRequestId: res.json().id } });
    const sha = require('node:crypto').createHash('sha256').update(pdf).digest('hex');
    expect(att.sha256).toBe(sha);
    expect(att.storagePath.endsWith(sha)).toBe(true);
    const mode = require('node:fs').statSync(att.storagePath).mode & 0o777;
    expect(mode & 0o111).toBe(0);
  });

  it('accepts a body above the global 1 MB limit (attachments up to 10 MB) and refuses more', async () => {
    setNow('2030-03-06T15:11:00Z');
    const big = Buffer.alloc(3 * 1024 * 1024, 'a');
    const ok = await post(form({ attachments: [{ filename: 'big.txt', mimeType: 'text/plain', contentBase64: big.toString('base64') }] }));
    expect(ok.statusCode).toBe(201);
    const huge = Buffer.alloc(4 * 1024 * 1024, 'b').toString('base64');
    const tooMuch = await post(form({ attachments: [0, 1, 2].map((i) => ({ filename: `h${i}.txt`, mimeType: 'text/plain', contentBase64: huge })) }));
    expect(tooMuch.statusCode).toBe(413);
  });

  it.each([
    ['honeypot', { website: 'http://spam.example' }],
    ['too fast', { formStartedAt: Date.parse('2030-03-06T15:19:59Z') }],
    ['links', { details: 'buy http://a.example http://b.example http://c.example www.d.example now' }],
  ])('rejects obvious spam (%s)', async (_label, over) => {
    setNow('2030-03-06T15:20:00Z');
    const res = await post(form(over));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/rejected/);
  });

  it('rate-limits one IP (10 per 10 minutes) with 429', async () => {
    setNow('2030-03-06T15:30:00Z');
    const codes: number[] = [];
    for (let i = 0; i < 11; i++) codes.push((await post(form(), '10.99.99.99')).statusCode);
    expect(codes.slice(0, 10).every((c) => c === 201)).toBe(true);
    expect(codes[10]).toBe(429);
  });
});

describe('QR numbering', () => {
  it('gives 200 parallel requests 200 distinct, gap-free numbers', async () => {
    setNow('2031-06-10T14:00:00Z');
    const results = await Promise.all(Array.from({ length: 200 }, () => post(form())));
    expect(results.map((r) => r.statusCode).filter((c) => c !== 201)).toEqual([]);
    const numbers = results.map((r) => r.json().number as string).sort();
    expect(new Set(numbers).size).toBe(200);
    expect(numbers).toEqual(Array.from({ length: 200 }, (_, i) => `QR-2031-${String(i + 1).padStart(4, '0')}`));
  }, 120_000);

  it('restarts each year in the business time zone', async () => {
    setNow('2033-01-01T01:00:00Z'); // still 31 Dec 2032, 20:00 in Toronto
    expect((await post(form())).json().number).toBe('QR-2032-0001');
    setNow('2033-01-02T15:00:00Z');
    expect((await post(form())).json().number).toBe('QR-2033-0001');
    expect((await post(form())).json().number).toBe('QR-2033-0002');
  });
});

describe('response-time commitment', () => {
  it('records breaches, lists them, and carries breached on Inquiry Responded', async () => {
    const staff = await staffToken(app, 'operations');
    setNow('2034-02-03T20:00:00Z'); // Fri 15:00 Toronto → due Mon 11:00 (16:00Z)
    const late = (await post(form())).json();
    expect(late.firstResponseDueAt).toBe('2034-02-06T16:00:00.000Z');
    const onTime = (await post(form())).json();

    setNow('2034-02-06T15:00:00Z'); // Mon 10:00: on time
    const r1 = await app.inject({ method: 'POST', url: `/intake/quote-requests/${onTime.id}/first-response`, payload: {}, headers: staff.headers });
    expect(r1.statusCode).toBe(200);
    expect(r1.json()).toMatchObject({ breached: false, businessMinutes: 180, status: 'responded' });

    setNow('2034-02-06T17:00:00Z'); // Mon 12:00: an hour late
    const list = await app.inject({ method: 'GET', url: '/intake/quote-requests?breached=true', headers: staff.headers });
    expect(list.statusCode).toBe(200);
    const ids = list.json().items.map((i: { id: string }) => i.id);
    expect(ids).toContain(late.id);
    expect(ids).not.toContain(onTime.id);

    const r2 = await app.inject({ method: 'POST', url: `/intake/quote-requests/${late.id}/first-response`, payload: {}, headers: staff.headers });
    expect(r2.json()).toMatchObject({ breached: true, businessMinutes: 300 });
    const ev = await prisma.outboxEvent.findFirstOrThrow({ where: { aggregateId: late.id, eventName: 'Inquiry Responded' } });
    expect(ev.payload).toMatchObject({ breached: true, businessMinutes: 300, responseMinutes: 69 * 60 });

    const again = await app.inject({ method: 'POST', url: `/intake/quote-requests/${late.id}/first-response`, payload: {}, headers: staff.headers });
    expect(again.statusCode).toBe(409);
  });

  it('keeps staff endpoints closed to anonymous callers', async () => {
    const res = await app.inject({ method: 'GET', url: '/intake/quote-requests' });
    expect(res.statusCode).toBe(401);
  });
});

describe('mail delivery', () => {
  it('survives an SMTP outage: the job is retried and the mail arrives afterwards', async () => {
    smtp.setOutage(true);
    setNow('2035-03-07T15:00:00Z');
    const body = form();
    const res = await post(body);
    expect(res.statusCode).toBe(201);
    await new Promise((r) => setTimeout(r, 1000));
    expect(smtp.received.some((m) => m.to.includes(body.email as string))).toBe(false);
    smtp.setOutage(false);
    const ack = await smtp.waitFor((m) => m.to.includes(body.email as string), 30_000);
    expect(decodeQp(ack.raw)).toContain(res.json().number);
  }, 45_000);
});
