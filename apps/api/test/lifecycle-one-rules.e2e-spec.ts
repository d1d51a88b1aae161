import { mailJobId } from '@northstar/mail';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { createTestEnvironment, type TestEnvironment } from '@northstar/testing';
import { QueueName, queueProcessor } from '@northstar/queues';
import { AuthService, UsersService } from '@northstar/access';
import { PrismaService } from '@northstar/prisma';
import { FakeGoogleCalendar } from '@northstar/calendar';
import { QuoteAcceptedHandlers, QuoteService, SweepQuotesJob } from '@northstar/quotes';
import { AppointmentReminderJob, SmsService, type LoggingSmsService } from '@northstar/appointments';
import { createApiApp } from '@northstar/platform';

/** Focused rules of quotes and appointments over HTTP (transitions, validation, races, reminders, expiry). */
describe('lifecycle I rules: quotes and appointments', () => {
  let env: TestEnvironment;
  let app: NestFastifyApplication;
  let google: FakeGoogleCalendar;
  let prisma: PrismaService;
  let token: string;
  let n = 0;
  const h = () => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    google = await new FakeGoogleCalendar().start();
    env = await createTestEnvironment({
      GOOGLE_API_ROOT: google.rootUrl,
      GOOGLE_TOKEN_URL: google.tokenUrl,
      GOOGLE_CLIENT_ID: 'c',
      GOOGLE_CLIENT_SECRET: 's',
      GOOGLE_REFRESH_TOKEN: 'r',
      APPOINTMENT_CALENDAR_IDS: 'solo@team.test',
      QUOTE_REVIEW_THRESHOLD_MINOR: '100000000',
    });
    app = await createApiApp();
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    prisma = app.get(PrismaService);
    const u = await app.get(UsersService).create({ email: 'ops@northstar.test', name: 'Ops', role: 'operations' });
    token = (await app.get(AuthService).startSession({ id: u.user.id, role: 'operations', email: u.user.email })).accessToken;
  });

  afterAll(async () => {
    await app?.close();
    await env?.teardown();
    await google?.stop();
  });

  async function customer(patch: Record<string, unknown> = {}) {
    n++;
    return prisma.customer.create({
      data: {
        customerNumber: `T-${process.pid}-${n}`,
        name: `Test Customer ${n}`,
        email: `c${n}-${process.pid}@example.test`,
        phone: `+1416555${String(1000 + n).padStart(4, '0')}`,
        phoneDigits: `1416555${String(1000 + n).padStart(4, '0')}`,
        preferredContact: 'email',
        channel: 'web_form',
        country: 'CA',
        region: 'QC',
        timeZone: 'America/Toronto',
        ...patch,
      },
    });
  }

  async function sentQuote(customerId: string) {
    const q = await app.inject({
      method: 'POST',
      url: '/quotes',
      headers: h(),
      payload: { customerId, title: 'T', executiveSummary: 'S', scope: 'Scope', lines: [{ kind: 'custom', description: 'Work', unitMinor: 100_000, quantity: 1 }] },
    });
    expect(q.statusCode).toBe(201);
    const s = await app.inject({ method: 'POST', url: `/quotes/${q.json().id}/send`, headers: h() });
    expect(s.statusCode).toBe(200);
    return { quote: s.json(), token: new URL(s.json().customerLink).searchParams.get('token')! };
  }

  describe('quotes', () => {
    it('numbers quotes without a request Q-YYYY-NNNN and taxes by the customer location (QC 14.975 %)', async () => {
      const c = await customer();
      const { quote } = await sentQuote(c.id);
      expect(quote.number).toMatch(/^Q-\d{4}-\d{4}$/);
      expect(quote).toMatchObject({ taxRegion: 'CA-QC', taxPpm: 149_750, taxMinor: 14_975, totalMinor: 114_975 });
      expect(new Date(quote.validUntil).getTime() - new Date(quote.sentAt).getTime()).toBe(30 * 86_400_000);
    });

    it('answers 400 naming each bad field, and 401/403 for missing or wrong roles', async () => {
      const c = await customer();
      const bad = await app.inject({
        method: 'POST',
        url: '/quotes',
        headers: h(),
        payload: { customerId: c.id, title: '', executiveSummary: 'S', scope: 'x', lines: [{ kind: 'service', service: 'design', hours: '1.234', complexity: 'simple' }], discount: { kind: 'percent', bps: 20_000 } },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.details.map((d: { field: string }) => d.field).sort()).toEqual(['discount.bps', 'lines.0.hours', 'title']);
      const unknown = await app.inject({
        method: 'POST',
        url: '/quotes',
        headers: h(),
        payload: { customerId: c.id, title: 'T', executiveSummary: 'S', scope: 'x', lines: [{ kind: 'service', service: 'astrology', hours: 1, complexity: 'simple' }] },
      });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json().error.details[0].field).toBe('lines.0.service');
      expect((await app.inject({ method: 'POST', url: '/quotes', payload: {} })).statusCode).toBe(401);
      const cs = await app.get(UsersService).create({ email: `cs${Date.now()}@northstar.test`, name: 'CS', role: 'customer_success' });
      const csToken = (await app.get(AuthService).startSession({ id: cs.user.id, role: 'customer_success', email: cs.user.email })).accessToken;
      expect((await app.inject({ method: 'POST', url: '/quotes', headers: { authorization: `Bearer ${csToken}` }, payload: {} })).statusCode).toBe(403);
    });

    it('rejects with a reason; a reason is required; then only revise is allowed', async () => {
      const c = await customer();
      const { quote, token: t } = await sentQuote(c.id);
      expect((await app.inject({ method: 'POST', url: `/customer/quotes/${quote.id}/reject?token=${t}`, payload: { reason: '' } })).statusCode).toBe(400);
      const r = await app.inject({ method: 'POST', url: `/customer/quotes/${quote.id}/reject?token=${t}`, payload: { reason: 'Too expensive for us' } });
      expect(r.json().status).toBe('rejected');
      const staffView = (await app.inject({ method: 'GET', url: `/quotes/${quote.id}`, headers: h() })).json();
      expect(staffView).toMatchObject({ rejectionReason: 'Too expensive for us', allowedActions: ['revise'] });
      const send = await app.inject({ method: 'POST', url: `/quotes/${quote.id}/send`, headers: h() });
      expect(send.statusCode).toBe(409);
      expect(send.json().error).toMatchObject({ code: 'invalid_transition', state: 'rejected', allowed: ['revise'] });
    });

    it('runs accepted-quote handlers inside the acceptance transaction (a failing handler rolls acceptance back)', async () => {
      const hooks = app.get(QuoteAcceptedHandlers);
      const c = await customer();
      const { quote, token: t } = await sentQuote(c.id);
      hooks.register('test-fail', async () => {
        throw new Error('deposit invoice failed');
      });
      const failed = await app.inject({ method: 'POST', url: `/customer/quotes/${quote.id}/accept?token=${t}`, payload: { name: 'Test Customer', agree: true } });
      expect(failed.statusCode).toBe(500);
      expect((await prisma.quote.findUniqueOrThrow({ where: { id: quote.id } })).status).toBe('sent');
      const seen: string[] = [];
      hooks.register('test-fail', async (tx, q) => {
        seen.push(`${q.id}:${q.status}:${q.depositMinor}`);
        expect(await tx.quote.count({ where: { id: q.id } })).toBe(1);
      });
      const ok = await app.inject({ method: 'POST', url: `/customer/quotes/${quote.id}/accept?token=${t}`, payload: { name: 'Test Customer', agree: true } });
      expect(ok.statusCode).toBe(200);
      expect(seen).toEqual([`${quote.id}:accepted:${quote.depositMinor}`]);
      hooks.register('test-fail', async () => undefined);
    });

    it('the sweep expires quotes past validity and follows up viewed, undecided ones once', async () => {
      const c = await customer();
      const a = await sentQuote(c.id);
      const b = await sentQuote(c.id);
      await app.inject({ method: 'GET', url: `/customer/quotes/${b.quote.id}?token=${b.token}` });
      await prisma.quote.update({ where: { id: a.quote.id }, data: { validUntil: new Date(Date.now() - 1000) } });
      await prisma.quote.update({ where: { id: b.quote.id }, data: { firstViewedAt: new Date(Date.now() - 4 * 86_400_000) } });
      const sweep = app.get(SweepQuotesJob);
      const first = await sweep.run();
      expect(first.expired).toBeGreaterThanOrEqual(1);
      expect(first.followedUp).toBeGreaterThanOrEqual(1);
      expect((await prisma.quote.findUniqueOrThrow({ where: { id: a.quote.id } })).status).toBe('expired');
      expect(await prisma.outboxEvent.count({ where: { aggregateId: a.quote.id, eventName: 'Quote Expired' } })).toBe(1);
      const mail = await app.get<Queue>(getQueueToken(QueueName.Notifications)).getJob(mailJobId(`quote-follow-up:${b.quote.id}`));
      expect(mail?.data.to).toBe(c.email);
      expect(await sweep.run()).toEqual({ expired: 0, followedUp: 0 });
      // the sweep's schedule (from the quotes settings) is declared on the Reminders queue;
      // tests boot without schedules, so declare them as a worker does at start-up
      await app.get(queueProcessor(QueueName.Reminders)).declareSchedules();
      const schedulers = await app.get<Queue>(getQueueToken(QueueName.Reminders)).getJobSchedulers();
      expect(schedulers.find((s) => s.key === 'sweep-quotes')).toMatchObject({ name: 'sweep-quotes', every: app.get(QuoteService).settings.sweepEveryMs });
      // an expired quote cannot be accepted
      const late = await app.inject({ method: 'POST', url: `/customer/quotes/${a.quote.id}/accept?token=${a.token}`, payload: { name: 'Test Customer', agree: true } });
      expect(late.statusCode).toBe(409);
    });
  });

  describe('appointments', () => {
    async function firstSlots(type = 'discovery_consultation') {
      const r = await app.inject({ method: 'GET', url: `/appointments/slots?type=${type}`, headers: h() });
      expect(r.statusCode).toBe(200);
      return r.json().slots as { startsAt: string }[];
    }

    it('two bookings of the same slot at once: one wins, the other gets 409 with fresh slots', async () => {
      const [c1, c2] = [await customer(), await customer()];
      const slots = await firstSlots();
      const target = slots[5].startsAt;
      const [r1, r2] = await Promise.all(
        [c1, c2].map((c) => app.inject({ method: 'POST', url: '/appointments', headers: h(), payload: { customerId: c.id, type: 'discovery_consultation', startsAt: target } })),
      );
      const codes = [r1.statusCode, r2.statusCode].sort();
      expect(codes).toEqual([201, 409]);
      const loser = r1.statusCode === 409 ? r1 : r2;
      expect(loser.json().error.code).toBe('slot_taken');
      const fresh = loser.json().error.slots as { startsAt: string }[];
      expect(fresh.length).toBeGreaterThan(0);
      expect(fresh.map((s) => s.startsAt)).not.toContain(target);
      expect(google.liveEvents().filter((e) => e.start === target)).toHaveLength(1);
      expect(await prisma.appointment.count({ where: { startsAt: new Date(target), status: 'booked' } })).toBe(1);
    });

    it('rejects unknown types, unaligned or unavailable times', async () => {
      const c = await customer();
      const bad = await app.inject({ method: 'POST', url: '/appointments', headers: h(), payload: { customerId: c.id, type: 'spa_day', startsAt: 'tomorrow' } });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.details.map((d: { field: string }) => d.field).sort()).toEqual(['startsAt', 'type']);
      const slots = await firstSlots();
      const off = new Date(Date.parse(slots[0].startsAt) + 7 * 60_000).toISOString();
      const r = await app.inject({ method: 'POST', url: '/appointments', headers: h(), payload: { customerId: c.id, type: 'discovery_consultation', startsAt: off } });
      expect(r.statusCode).toBe(409);
      expect(r.json().error.code).toBe('slot_taken');
    });

    it('reschedule moves the Google event and the reminders; cancel removes both', async () => {
      const c = await customer({ preferredContact: 'sms' });
      const slots = await firstSlots('status_review');
      const [a, b] = [slots[slots.length - 1], slots[slots.length - 10]];
      const booked = (await app.inject({ method: 'POST', url: '/appointments', headers: h(), payload: { customerId: c.id, type: 'status_review', startsAt: a.startsAt } })).json();
      const reminders = app.get<Queue>(getQueueToken(QueueName.Reminders));
      const id24 = `appointment-${booked.id}-reminder-1440m`;
      const before = (await reminders.getJob(id24))!;
      const moved = await app.inject({ method: 'POST', url: `/appointments/${booked.id}/reschedule`, headers: h(), payload: { startsAt: b.startsAt } });
      expect(moved.statusCode).toBe(200);
      expect(moved.json()).toMatchObject({ startsAt: b.startsAt, rescheduleCount: 1 });
      expect(google.events.get(google.liveEvents().find((e) => e.start === b.startsAt)!.id)).toBeTruthy();
      const after = (await reminders.getJob(id24))!;
      expect(after.data.startsAt).toBe(b.startsAt);
      expect(after.timestamp + after.opts.delay!).not.toBe(before.timestamp + before.opts.delay!);

      // the reminder goes by the customer's preferred channel (SMS here); a stale one does nothing
      const sms = app.get(SmsService) as LoggingSmsService;
      const sender = app.get(AppointmentReminderJob);
      expect(await sender.handle({ appointmentId: booked.id, offsetMinutes: 60, startsAt: a.startsAt })).toEqual({ sent: false, why: 'moved' });
      expect(await sender.handle({ appointmentId: booked.id, offsetMinutes: 60, startsAt: b.startsAt })).toEqual({ sent: true, channel: 'sms' });
      expect(sms.sent.at(-1)).toMatchObject({ to: c.phone, tags: { kind: 'appointment-reminder', appointmentId: booked.id } });

      const cancelled = await app.inject({ method: 'POST', url: `/appointments/${booked.id}/cancel`, headers: h(), payload: { reason: 'Customer travelling' } });
      expect(cancelled.json().status).toBe('cancelled');
      expect(await reminders.getJob(id24)).toBeUndefined();
      expect(await reminders.getJob(`appointment-${booked.id}-reminder-60m`)).toBeUndefined();
      expect(google.liveEvents().find((e) => e.start === b.startsAt)).toBeUndefined();
      const twice = await app.inject({ method: 'POST', url: `/appointments/${booked.id}/cancel`, headers: h(), payload: { reason: 'again please' } });
      expect(twice.statusCode).toBe(409);
      expect(await prisma.outboxEvent.findMany({ where: { aggregateId: booked.id }, orderBy: { seq: 'asc' }, select: { eventName: true } })).toEqual([
        { eventName: 'Appointment Booked' },
        { eventName: 'Appointment Rescheduled' },
        { eventName: 'Appointment Cancelled' },
      ]);
    });

    it('answers 503 when Google is down, without booking anything', async () => {
      const c = await customer();
      const [slot] = await firstSlots(); // free while Google is up
      google.failNext = { count: 100, status: 503 };
      const listed = await app.inject({ method: 'GET', url: '/appointments/slots?type=discovery_consultation', headers: h() });
      const booked = await app.inject({ method: 'POST', url: '/appointments', headers: h(), payload: { customerId: c.id, type: 'discovery_consultation', startsAt: slot.startsAt } });
      google.failNext = { count: 0, status: 503 };
      expect(listed.statusCode).toBe(503);
      expect(booked.statusCode).toBe(503);
      expect(booked.json().error.code).toBe('unavailable');
      expect(await prisma.appointment.count({ where: { customerId: c.id } })).toBe(0);
      expect(await prisma.outboxEvent.count({ where: { customerId: c.id, eventName: 'Appointment Booked' } })).toBe(0);
      expect(google.liveEvents().filter((e) => e.start === slot.startsAt)).toEqual([]);
    });
  });
});
