import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { SmsService, type LoggingSmsService } from '@northstar/appointments';
import { InvoicesService } from '@northstar/invoices';
import { MAIL_TRANSPORT, type LogMailTransport } from '@northstar/mail';
import { LifecycleTransaction } from '@northstar/outbox';
import { createReadyApiApp } from '@northstar/platform';
import { PrismaService } from '@northstar/prisma';
import { QueueName } from '@northstar/queues';
import { PrivateRedis, createTestEnvironment, type TestEnvironment } from '@northstar/testing';
import { JobReconciler } from '../src';

const DAY = 86_400_000;
const MIN = 60_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(what: string, fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const start = Date.now();
  let last: T | undefined;
  while (Date.now() - start < timeoutMs) {
    last = await fn();
    if (ok(last)) return last;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}; last value ${JSON.stringify(last)}`);
}

/**
 * Redis is lost while reminders are planned: an invoice's next collections step is a
 * delayed job, an appointment's one-hour reminder falls due during the outage. Redis
 * comes back with nothing (a new empty server; then a FLUSHALL over live connections),
 * and the reconciler — triggered by the in-process watch, not by anything kept in Redis —
 * brings back what Postgres says is due: the step fires on time, the late reminder at
 * once, what was sent already is not sent again, and the schedulers are declared again.
 *
 * The whole platform runs as `npm start` runs it (all-in-one), consuming the queues the
 * reminders need; analytics and interventions are left out so their own schedules
 * (declared again here like every other) do not load the test.
 */
describe('job reconciler: reminders still fire after Redis lost everything', () => {
  let env: TestEnvironment;
  let app: NestFastifyApplication;
  let redis: PrivateRedis;
  let prisma: PrismaService;
  const run = randomUUID().slice(0, 8);

  beforeAll(async () => {
    redis = await PrivateRedis.create({ durable: true });
    await redis.start();
    env = await createTestEnvironment({
      REDIS_URL: redis.url,
      JOB_RECONCILE_WATCH_MS: '250',
      WORKER_QUEUES: 'events,outbox,reminders,notifications,system',
      OUTBOX_RELAY_INTERVAL_MS: '50',
      EVENTS_FLUSH_INTERVAL_MS: '50',
    });
    app = await createReadyApiApp();
    prisma = app.get(PrismaService);
  });

  afterAll(async () => {
    await app?.close();
    await env?.teardown();
    await redis?.discard();
  });

  const queue = (name: QueueName) => app.get<Queue>(getQueueToken(name));
  const mails = () => (app.get(MAIL_TRANSPORT) as LogMailTransport).sent;
  const texts = () => (app.get(SmsService) as LoggingSmsService).sent;
  const step = (invoiceId: string, name: string) => prisma.invoiceReminder.findUniqueOrThrow({ where: { invoiceId_step: { invoiceId, step: name } } });
  const schedulers = async (name: QueueName) => (await queue(name).getJobSchedulers()).map((s) => s.key).sort();

  let invoiceId: string;
  let appointmentId: string;

  it('a new empty Redis: the next collections step fires on time, the overdue appointment reminder at once, nothing sent twice', async () => {
    const customer = await prisma.customer.create({
      data: {
        customerNumber: `C-${run}`,
        name: 'Grace Hopper',
        email: `grace-${run}@example.com`,
        phone: `+1416${Math.floor(Math.random() * 1e7).toString().padStart(7, '0')}`,
        phoneDigits: '1416',
        preferredContact: 'sms',
        channel: 'web_form',
      },
    });

    // Issued (due on receipt) 7 days ago less 15 s: its "due" step is past and runs now,
    // its "after_7d" step waits 15 s in Redis as a delayed job.
    const issuedAt = new Date(Date.now() - 7 * DAY + 15_000);
    const invoices = app.get(InvoicesService);
    const invoice = await app.get(LifecycleTransaction).run((tx, emit) =>
      invoices.createIssued(tx, emit, { customerId: customer.id, kind: 'other', currency: 'CAD', grossMinor: 50_000, taxPpm: 0, taxJurisdiction: 'CA-ON', terms: 'due_on_receipt', lines: [{ description: 'Server migration', amountMinor: 50_000 }] }, issuedAt),
    );
    invoiceId = invoice.id;
    await invoices.scheduleCollections(invoice, issuedAt);
    const due = await waitFor('the due step sent', () => step(invoice.id, 'due'), (r) => r.sentAt !== null);
    await waitFor('its mail delivered', async () => mails().filter((m) => m.tags?.number === invoice.number).length, (n) => n === 1);
    const next = await queue(QueueName.Reminders).getJob(`invoice-reminder:${invoice.id}:after_7d`);
    expect(await next?.getState()).toBe('delayed');

    // Booked two hours ago for 50 minutes from now: its one-hour reminder fell due 10
    // minutes ago, while Redis is gone; its 24-hour one was never planned (booked too late).
    const startsAt = new Date(Date.now() + 50 * MIN);
    const appointment = await prisma.appointment.create({
      data: {
        customerId: customer.id,
        type: 'status_review',
        startsAt,
        endsAt: new Date(startsAt.getTime() + 30 * MIN),
        blockedFrom: startsAt,
        blockedUntil: new Date(startsAt.getTime() + 30 * MIN),
        timeZone: 'America/Toronto',
        hostCalendarId: 'primary',
        createdAt: new Date(Date.now() - 120 * MIN),
        updatedAt: new Date(Date.now() - 120 * MIN),
      },
    });
    appointmentId = appointment.id;

    await redis.restartEmpty();
    expect(await queue(QueueName.Reminders).getJob(`invoice-reminder:${invoice.id}:after_7d`)).toBeUndefined();

    const reminded = await waitFor('the appointment reminder', async () => texts().filter((t) => t.tags?.appointmentId === appointment.id), (t) => t.length > 0);
    expect(reminded).toEqual([expect.objectContaining({ to: customer.phone, tags: expect.objectContaining({ offsetMinutes: '60' }) })]);
    expect(await prisma.appointmentReminder.findMany({ where: { appointmentId: appointment.id }, select: { offsetMinutes: true, startsAt: true } })).toEqual([{ offsetMinutes: 60, startsAt }]);

    const after7 = await waitFor('the after_7d step sent', () => step(invoice.id, 'after_7d'), (r) => r.sentAt !== null);
    // On time, not early: the restored job kept its due time.
    expect(after7.sentAt!.getTime()).toBeGreaterThanOrEqual(after7.scheduledAt.getTime());
    await waitFor('its mail delivered', async () => mails().filter((m) => m.tags?.number === invoice.number).length, (n) => n === 2);

    // What was sent before the loss was not sent again.
    expect((await step(invoice.id, 'due')).sentAt).toEqual(due.sentAt);
    await sleep(1000);
    expect(mails().filter((m) => m.tags?.number === invoice.number).map((m) => m.tags?.step)).toEqual(['due', 'after_7d']);
    expect(texts().filter((t) => t.tags?.appointmentId === appointment.id)).toHaveLength(1);

    // The schedulers are back too, the reconciler's own among them.
    expect(await schedulers(QueueName.Reminders)).toEqual(['loyalty-maintenance', 'sweep-quotes']);
    expect(await schedulers(QueueName.System)).toEqual(['reconcile-jobs']);
  });

  it('a FLUSHALL over live connections is noticed too; a reconcile of a Redis that lost nothing changes nothing', async () => {
    const direct = new Redis(redis.url);
    try {
      await direct.flushall();
    } finally {
      direct.disconnect();
    }
    const reminders = queue(QueueName.Reminders);
    // The two later steps come back as delayed jobs, due weeks ahead.
    const later = await waitFor(
      'the later steps back',
      () => Promise.all(['after_14d', 'after_30d'].map((s) => reminders.getJob(`invoice-reminder:${invoiceId}:${s}`))),
      (jobs) => jobs.every(Boolean),
      10_000,
    );
    expect(await Promise.all(later.map((j) => j!.getState()))).toEqual(['delayed', 'delayed']);
    await waitFor('the schedulers back', () => schedulers(QueueName.System), (s) => s.includes('reconcile-jobs'), 10_000);

    const report = await app.get(JobReconciler).reconcile();
    expect(report).toMatchObject({ due: 2, restored: 0 });
    await sleep(500);
    expect(texts().filter((t) => t.tags?.appointmentId === appointmentId)).toHaveLength(1);
  });
});
