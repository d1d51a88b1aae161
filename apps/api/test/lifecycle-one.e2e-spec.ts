import { mailJobId } from '@northstar/mail';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { createTestEnvironment, type TestEnvironment } from '@northstar/testing';
import { QueueName } from '@northstar/queues';
import { AuthService, UsersService } from '@northstar/access';
import { ClickhouseService } from '@northstar/clickhouse';
import { FakeGoogleCalendar } from '@northstar/calendar';
import { pdfText } from '@northstar/documents';
import { createApiApp } from '@northstar/platform';

/**
 * Lifecycle I over HTTP, the way the website, staff and the customer drive it:
 * form → QR number → quote built, reviewed and sent (PDF + link) → viewed →
 * revision → v2 sent → accepted → appointment booked on Google (local fake) →
 * reminder jobs scheduled; then the lifecycle events are in ClickHouse in order.
 */
describe('lifecycle I: intake → quote → appointment', () => {
  let env: TestEnvironment;
  let app: NestFastifyApplication;
  let google: FakeGoogleCalendar;
  let author: string;
  let reviewer: string;

  const staff = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    google = await new FakeGoogleCalendar().start();
    env = await createTestEnvironment({
      GOOGLE_API_ROOT: google.rootUrl,
      GOOGLE_TOKEN_URL: google.tokenUrl,
      GOOGLE_CLIENT_ID: 'test-client',
      GOOGLE_CLIENT_SECRET: 'test-secret',
      GOOGLE_REFRESH_TOKEN: 'test-refresh-token',
      APPOINTMENT_CALENDAR_IDS: 'alice@team.test',
      QUOTE_REVIEW_THRESHOLD_MINOR: '500000',
      BRAND_NAME: 'Maple & Birch Studio',
      OUTBOX_RELAY_INTERVAL_MS: '50',
      EVENTS_FLUSH_INTERVAL_MS: '50',
    });
    app = await createApiApp();
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    const users = app.get(UsersService);
    const auth = app.get(AuthService);
    const a = await users.create({ email: 'author@northstar.test', name: 'Ann Author', role: 'operations' });
    const r = await users.create({ email: 'reviewer@northstar.test', name: 'Rob Reviewer', role: 'management' });
    author = (await auth.startSession({ id: a.user.id, role: 'operations', email: a.user.email })).accessToken;
    reviewer = (await auth.startSession({ id: r.user.id, role: 'management', email: r.user.email })).accessToken;
  });

  afterAll(async () => {
    await app?.close();
    await env?.teardown();
    await google?.stop();
  });

  const quoteBody = (customerId: string, quoteRequestId: string) => ({
    customerId,
    quoteRequestId,
    title: 'Customer portal rebuild',
    executiveSummary: 'Rebuild the customer portal on a modern stack with single sign-on.',
    scope: 'Discovery, design, development of the portal and SSO, launch support.',
    milestones: [
      { name: 'Design sign-off', dueDate: '2026-05-01' },
      { name: 'Launch', dueDate: '2026-07-15' },
    ],
    timeline: 'Twelve weeks from kickoff.',
    lines: [
      { kind: 'service', service: 'development', hours: '32.5', complexity: 'complex' }, // 14500 × 32.5 × 1.35 = 636 187.5 → 636 188
      { kind: 'service', service: 'design', hours: 10, complexity: 'standard' }, // 138 000
      { kind: 'fixed', item: 'hosting_setup', quantity: 1 }, // 45 000
    ],
    discount: { kind: 'percent', bps: 500, reason: 'returning customer' },
  });

  it('runs the whole flow and streams it to ClickHouse in order', async () => {
    // 1. public form
    const form = await app.inject({
      method: 'POST',
      url: '/intake/quote-requests',
      payload: {
        name: 'Dana Whitfield',
        email: 'dana@whitfield.test',
        phone: '+14165550199',
        contactPreference: 'email',
        category: 'web_development',
        complexity: 'complex',
        details: 'We need our customer portal rebuilt with SSO.',
        budget: { minMinor: 500_000, maxMinor: 1_500_000, currency: 'CAD' },
      },
    });
    expect(form.statusCode).toBe(201);
    const qr = form.json();
    expect(qr.number).toMatch(/^QR-\d{4}-\d{4}$/);
    const qrFull = (await app.inject({ method: 'GET', url: `/intake/quote-requests/${qr.id}`, headers: staff(author) })).json();
    const customerId: string = qrFull.customerId;
    expect(customerId).toBeTruthy();

    // 2. quote built from the rate card
    const created = await app.inject({ method: 'POST', url: '/quotes', headers: staff(author), payload: quoteBody(customerId, qr.id) });
    expect(created.statusCode).toBe(201);
    const v1 = created.json();
    expect(v1).toMatchObject({ number: qr.number, version: 1, status: 'draft', currency: 'CAD' });
    expect(v1.lines.map((l: { amountMinor: number }) => l.amountMinor)).toEqual([636_188, 138_000, 45_000]);
    expect(v1.subtotalMinor).toBe(819_188);
    expect(v1.discountMinor).toBe(40_959); // 5 % of 819 188 = 40 959.4
    expect(v1.taxableMinor).toBe(778_229);
    // The phone number makes the customer Canadian, with no province on file: GST 5 %.
    expect(v1.taxMinor).toBe(38_911); // 778 229 × 5 % = 38 911.45
    expect(v1.totalMinor).toBe(817_140); // 778 229 + 38 911
    expect(v1.depositMinor).toBe(204_285); // 25 % for an individual: 817 140 / 4

    // 3. above the review threshold: sending a draft is refused and names the way forward
    const early = await app.inject({ method: 'POST', url: `/quotes/${v1.id}/send`, headers: staff(author) });
    expect(early.statusCode).toBe(409);
    expect(early.json().error).toMatchObject({ code: 'review_required', allowed: ['edit', 'submit_for_review'] });
    expect((await app.inject({ method: 'POST', url: `/quotes/${v1.id}/submit`, headers: staff(author) })).statusCode).toBe(200);
    const selfApprove = await app.inject({ method: 'POST', url: `/quotes/${v1.id}/approve`, headers: staff(author) });
    expect(selfApprove.statusCode).toBe(409);
    expect(selfApprove.json().error.code).toBe('peer_review_required');
    expect((await app.inject({ method: 'POST', url: `/quotes/${v1.id}/approve`, headers: staff(reviewer) })).json().status).toBe('approved');

    // 4. sent: a customer link and a PDF mail
    const sent = await app.inject({ method: 'POST', url: `/quotes/${v1.id}/send`, headers: staff(author) });
    expect(sent.statusCode).toBe(200);
    expect(sent.json().status).toBe('sent');
    const token1 = new URL(sent.json().customerLink).searchParams.get('token')!;
    const notifications = app.get<Queue>(getQueueToken(QueueName.Notifications));
    const mailJob = await notifications.getJob(mailJobId(`quote-sent:${v1.id}`));
    expect(mailJob?.data).toMatchObject({ to: 'dana@whitfield.test', tags: { kind: 'quote-sent', number: qr.number } });

    // the PDF prints the API's totals to the cent
    const pdf = await app.inject({ method: 'GET', url: `/customer/quotes/${v1.id}/pdf?token=${token1}` });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = pdfText(pdf.rawPayload);
    // subtotal, discount, GST, total, deposit and the development line, as the customer reads them
    for (const printed of ['CAD 8,191.88', 'CAD 409.59', 'CAD 389.11', 'CAD 8,171.40', 'CAD 2,042.85', 'CAD 6,361.88']) expect(text).toContain(printed);
    expect(text).toContain(qr.number);
    expect(text).toContain('Maple & Birch Studio'); // the business's brand from the settings, not a default
    const attached = Buffer.from(mailJob!.data.attachments[0].contentBase64, 'base64');
    expect(pdfText(attached)).toContain('CAD 8,171.40');

    // a link opens only its own quote
    expect((await app.inject({ method: 'GET', url: `/customer/quotes/${v1.id}` })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: `/customer/quotes/${v1.id}?token=${token1}x` })).statusCode).toBe(401);

    // 5. viewed (twice: one state change, two recorded views)
    const viewed = await app.inject({ method: 'GET', url: `/customer/quotes/${v1.id}?token=${token1}`, headers: { 'user-agent': 'jest' } });
    expect(viewed.statusCode).toBe(200);
    expect(viewed.json()).toMatchObject({ status: 'viewed', totalMinor: v1.totalMinor });
    expect(viewed.json().authorId).toBeUndefined();
    await app.inject({ method: 'GET', url: `/customer/quotes/${v1.id}?token=${token1}` });
    expect((await app.inject({ method: 'GET', url: `/quotes/${v1.id}`, headers: staff(author) })).json().viewCount).toBe(2);

    // 6. revision requested → v2 under the same number, cheaper, sent without review (below threshold)
    const rr = await app.inject({ method: 'POST', url: `/customer/quotes/${v1.id}/request-revision?token=${token1}`, payload: { note: 'Can we drop the design work?' } });
    expect(rr.json().status).toBe('revision_requested');
    const revised = await app.inject({
      method: 'POST',
      url: `/quotes/${v1.id}/revise`,
      headers: staff(author),
      payload: { lines: [{ kind: 'service', service: 'development', hours: '20', complexity: 'complex' }, { kind: 'fixed', item: 'hosting_setup', quantity: 1 }] },
    });
    expect(revised.statusCode).toBe(201);
    const v2 = revised.json();
    expect(v2).toMatchObject({ number: qr.number, version: 2, status: 'draft', previousVersionId: v1.id, subtotalMinor: 436_500 });
    expect((await app.inject({ method: 'GET', url: `/quotes/${v1.id}`, headers: staff(author) })).json().status).toBe('superseded');
    // the old link can no longer decide anything
    const stale = await app.inject({ method: 'POST', url: `/customer/quotes/${v1.id}/accept?token=${token1}`, payload: { name: 'Dana Whitfield', agree: true } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'invalid_transition', state: 'superseded', allowed: [] });

    const sent2 = await app.inject({ method: 'POST', url: `/quotes/${v2.id}/send`, headers: staff(author) });
    expect(sent2.statusCode).toBe(200);
    const token2 = new URL(sent2.json().customerLink).searchParams.get('token')!;
    // v1's token does not open v2
    expect((await app.inject({ method: 'GET', url: `/customer/quotes/${v2.id}?token=${token1}` })).statusCode).toBe(403);
    await app.inject({ method: 'GET', url: `/customer/quotes/${v2.id}?token=${token2}` });

    // 7. accepted with a typed signature; then locked
    const badSig = await app.inject({ method: 'POST', url: `/customer/quotes/${v2.id}/accept?token=${token2}`, payload: { name: 'D' } });
    expect(badSig.statusCode).toBe(400);
    expect(badSig.json().error.details.map((d: { field: string }) => d.field).sort()).toEqual(['agree', 'name']);
    const accepted = await app.inject({
      method: 'POST',
      url: `/customer/quotes/${v2.id}/accept?token=${token2}`,
      payload: { name: 'Dana Whitfield', agree: true },
      headers: { 'x-forwarded-for': '203.0.113.7' },
    });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({ status: 'accepted', acceptedName: 'Dana Whitfield' });
    const stored = (await app.inject({ method: 'GET', url: `/quotes/${v2.id}`, headers: staff(author) })).json();
    expect(stored.acceptedIp).toBe('203.0.113.7');
    expect(stored.allowedActions).toEqual([]);
    const again = await app.inject({ method: 'POST', url: `/customer/quotes/${v2.id}/reject?token=${token2}`, payload: { reason: 'changed my mind' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain('locked');
    expect((await app.inject({ method: 'PATCH', url: `/quotes/${v2.id}`, headers: staff(author), payload: { title: 'x' } })).statusCode).toBe(409);

    // 8. appointment: slots on the customer's clock, booking with a Meet link on Google
    const slotsRes = await app.inject({ method: 'GET', url: `/appointments/slots?type=project_kickoff&customerId=${customerId}&timeZone=America/Vancouver`, headers: staff(author) });
    expect(slotsRes.statusCode).toBe(200);
    const slots = slotsRes.json().slots;
    expect(slots.length).toBeGreaterThan(10);
    expect(slots[0].localStart).toMatch(/-0[78]:00$/);
    const slot = slots[slots.length > 40 ? 40 : 0]; // well past the 24 h mark, so both reminders apply
    const booked = await app.inject({
      method: 'POST',
      url: '/appointments',
      headers: staff(author),
      payload: { customerId, quoteId: v2.id, type: 'project_kickoff', startsAt: slot.startsAt, timeZone: 'America/Vancouver' },
    });
    expect(booked.statusCode).toBe(201);
    const appt = booked.json();
    expect(appt).toMatchObject({ status: 'booked', startsAt: slot.startsAt, meetUrl: expect.stringMatching(/^https:\/\/meet\.google\.com\//) });
    const ev = google.liveEvents();
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ calendarId: 'alice@team.test', start: slot.startsAt, attendees: [expect.objectContaining({ email: 'dana@whitfield.test' })], sendUpdates: 'all' });

    // 9. reminders: delayed jobs 24 h and 1 h before, deterministic ids
    const reminders = app.get<Queue>(getQueueToken(QueueName.Reminders));
    const start = Date.parse(slot.startsAt);
    for (const offset of [1440, 60]) {
      const job = await reminders.getJob(`appointment-${appt.id}-reminder-${offset}m`);
      expect(job).toBeTruthy();
      expect(await job!.getState()).toBe('delayed');
      expect(Math.abs(job!.timestamp + job!.opts.delay! - (start - offset * 60_000))).toBeLessThan(5_000);
    }

    // 10. the stream: every step in ClickHouse, in order
    const ch = app.get(ClickhouseService);
    const expected = [
      'Customer Registered',
      'Inquiry Received',
      'Quote Created',
      'Quote Submitted For Review',
      'Quote Sent',
      'Quote Viewed',
      'Quote Revision Requested',
      'Quote Revised',
      'Quote Sent',
      'Quote Viewed',
      'Quote Accepted',
      'Appointment Booked',
    ];
    let events: { event: string; amount_minor: number | string | null }[] = [];
    for (let i = 0; i < 150; i++) {
      // Stage changes are derived by a worker from these events, at its own pace (asserted in libs/customers' 360 test).
      events = await ch.query(
        `SELECT event, amount_minor FROM events FINAL WHERE customer_id = {c:String} AND event != 'Customer Stage Changed' ORDER BY timestamp, received_at`,
        { c: customerId },
      );
      if (events.length >= expected.length) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(events.map((e) => e.event)).toEqual(expected);
    const acceptedRow = events.find((e) => e.event === 'Quote Accepted')!;
    expect(Number(acceptedRow.amount_minor)).toBe(stored.totalMinor);
  });
});
