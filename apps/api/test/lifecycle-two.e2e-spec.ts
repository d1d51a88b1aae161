import { mailJobId } from '@northstar/mail';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import Stripe from 'stripe';
import { createTestEnvironment, type TestEnvironment } from '@northstar/testing';
import { QueueName } from '@northstar/queues';
import { AuthService, UsersService, type StaffRole } from '@northstar/access';
import { ClickhouseService } from '@northstar/clickhouse';
import { pdfText } from '@northstar/documents';
import { PrismaService } from '@northstar/prisma';
import { InvoicesService } from '@northstar/invoices';
import { createApiApp } from '@northstar/platform';
import { FakeStripe, stripeEvent } from './support/fake-stripe';
import { overlapSettlements } from './support/settlement-overlap';

const WEBHOOK_SECRET = 'whsec_test_lifecycle_two';

/**
 * Lifecycle II over HTTP: accepted quote → deposit invoice → Stripe payment by signed
 * webhook (reordered and duplicated) → project active → milestones, time, change order →
 * sign-off → final invoice → final payment → feedback; then the events in ClickHouse.
 * Plus the payment edge cases: tampered signature, concurrent manual confirmations,
 * under/overpayment, wrong currency, refunds, totals to the cent.
 */
describe('lifecycle II: invoices, payments, projects, after-care', () => {
  let env: TestEnvironment;
  let app: NestFastifyApplication;
  let stripeFake: FakeStripe;
  let prisma: PrismaService;
  const stripe = new Stripe('sk_test_signer');
  const tokens: Record<string, string> = {};
  const staff = (who: string) => ({ authorization: `Bearer ${tokens[who]}` });
  let seq = 0;

  beforeAll(async () => {
    stripeFake = await new FakeStripe().start();
    env = await createTestEnvironment({
      STRIPE_SECRET_KEY: 'sk_test_northstar',
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      STRIPE_API_BASE: stripeFake.url,
      PUBLIC_BASE_URL: 'https://app.northstar.test',
      QUOTE_REVIEW_THRESHOLD_MINOR: '100000000',
      BRAND_NAME: 'Maple & Birch Studio',
      OUTBOX_RELAY_INTERVAL_MS: '50',
      EVENTS_FLUSH_INTERVAL_MS: '50',
    });
    app = await createApiApp();
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    prisma = app.get(PrismaService);
    const users = app.get(UsersService);
    const auth = app.get(AuthService);
    const make = async (key: string, role: StaffRole) => {
      const u = await users.create({ email: `${key}@northstar.test`, name: key, role });
      tokens[key] = (await auth.startSession({ id: u.user.id, role, email: u.user.email })).accessToken;
    };
    await make('ops', 'operations');
    await make('cs', 'customer_success');
    await make('admin1', 'admin');
    await make('admin2', 'admin');
  });

  afterAll(async () => {
    await app?.close();
    await env?.teardown();
    await stripeFake?.stop();
  });

  const webhook = (event: object, secret = WEBHOOK_SECRET) => {
    const payload = JSON.stringify(event);
    const signature = stripe.webhooks.generateTestHeaderString({ payload, secret });
    return app.inject({ method: 'POST', url: '/webhooks/stripe', headers: { 'content-type': 'application/json', 'stripe-signature': signature }, payload });
  };

  /** Intake → quote → sent → accepted, over HTTP. Returns the quote, customer and acceptance response. */
  async function acceptedQuote(opts: { lines?: object[]; milestones?: object[] } = {}) {
    seq++;
    const form = await app.inject({
      method: 'POST',
      url: '/intake/quote-requests',
      payload: { name: `Casey Client ${seq}`, email: `casey${seq}@client.test`, phone: `+1416555${String(1000 + seq).slice(-4)}`, contactPreference: 'email', category: 'web_development', complexity: 'standard', details: 'A new booking site for our studio.' },
    });
    expect(form.statusCode).toBe(201);
    const qr = (await app.inject({ method: 'GET', url: `/intake/quote-requests/${form.json().id}`, headers: staff('ops') })).json();
    const created = await app.inject({
      method: 'POST',
      url: '/quotes',
      headers: staff('ops'),
      payload: {
        customerId: qr.customerId,
        quoteRequestId: qr.id,
        title: 'Studio booking site',
        executiveSummary: 'A booking site with payments.',
        scope: 'Design, build, launch.',
        milestones: opts.milestones ?? [
          { name: 'Design', dueDate: '2099-01-15' },
          { name: 'Launch', dueDate: '2099-02-15' },
        ],
        lines: opts.lines ?? [{ kind: 'service', service: 'development', hours: '12.5', complexity: 'standard' }],
        taxLocation: { country: 'CA', region: 'QC' },
      },
    });
    expect(created.statusCode).toBe(201);
    const quote = created.json();
    const sent = await app.inject({ method: 'POST', url: `/quotes/${quote.id}/send`, headers: staff('ops') });
    expect(sent.statusCode).toBe(200);
    const token = new URL(sent.json().customerLink).searchParams.get('token')!;
    const accepted = await app.inject({ method: 'POST', url: `/customer/quotes/${quote.id}/accept?token=${token}`, payload: { name: `Casey Client ${seq}`, agree: true } });
    expect(accepted.statusCode).toBe(200);
    return { quote, customerId: qr.customerId as string };
  }

  async function issuedDeposit(customerId: string) {
    const list = (await app.inject({ method: 'GET', url: `/invoices?customerId=${customerId}`, headers: staff('ops') })).json();
    expect(list).toHaveLength(1);
    const issued = await app.inject({ method: 'POST', url: `/invoices/${list[0].id}/issue`, headers: staff('ops') });
    expect(issued.statusCode).toBe(200);
    return issued.json();
  }

  async function waitForEvents(customerId: string, expected: string[], timeoutMs = 20_000) {
    const ch = app.get(ClickhouseService);
    const deadline = Date.now() + timeoutMs;
    let seen: string[] = [];
    while (Date.now() < deadline) {
      const rows = await ch.query<{ event: string }>('SELECT event FROM events FINAL WHERE customer_id = {c:String} ORDER BY timestamp', { c: customerId });
      seen = rows.map((r) => r.event);
      if (expected.every((e) => seen.includes(e))) return seen;
      await new Promise((r) => setTimeout(r, 200));
    }
    return seen;
  }

  it('runs the whole lifecycle over HTTP, to the cent, and streams it to ClickHouse', async () => {
    const { quote, customerId } = await acceptedQuote();

    // Deposit invoice: created by the acceptance, draft until issued; 25 % for an individual.
    const [draft] = (await app.inject({ method: 'GET', url: `/invoices?customerId=${customerId}`, headers: staff('ops') })).json();
    expect(draft).toMatchObject({ kind: 'deposit', status: 'draft', quoteId: quote.id, currency: quote.currency, depositBps: 2500 });
    expect(draft.number).toMatch(/^INV-\d{4}-\d{4}$/);
    // Quote: 14 500 × 12.5 h × 1.15 = 208 437.5 → 208 438 (half to even); QC 14.975 % of it
    // = 31 213.59 → 31 214; total 239 652; deposit 25 % = 59 913.
    expect(quote).toMatchObject({ subtotalMinor: 208_438, taxMinor: 31_214, totalMinor: 239_652, depositMinor: 59_913 });
    expect(draft.totalMinor).toBe(59_913);
    // Split, not re-taxed: 59 913 × 149 750 / 1 149 750 = 7 803.42 → 7 803 tax, 52 110 net.
    expect(draft).toMatchObject({ subtotalMinor: 52_110, taxMinor: 7_803 });
    expect(draft.subtotalMinor + draft.taxMinor).toBe(draft.totalMinor);

    // No deposit, no active project.
    const [waiting] = (await app.inject({ method: 'GET', url: `/projects?customerId=${customerId}`, headers: staff('ops') })).json();
    expect(waiting).toMatchObject({ status: 'awaiting_deposit', quoteId: quote.id, quotedMinor: quote.totalMinor, estimatedHundredths: 1250 });
    const early = await app.inject({ method: 'POST', url: `/projects/${waiting.id}/time-logs`, headers: staff('ops'), payload: { hours: 1, workedOn: '2026-01-05' } });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('project_not_active');

    // Issue: emailed with the PDF and a payment link; the PDF prints the totals to the cent.
    const deposit = await issuedDeposit(customerId);
    expect(deposit.status).toBe('issued');
    const notifications = app.get<Queue>(getQueueToken(QueueName.Notifications));
    const mail = await notifications.getJob(mailJobId(`invoice-issued:${deposit.id}`));
    expect(mail?.data).toMatchObject({ subject: `Invoice ${deposit.number}`, tags: { kind: 'invoice-issued' } });
    const attached = pdfText(Buffer.from(mail!.data.attachments[0].contentBase64, 'base64'));
    for (const printed of ['Subtotal: CAD 521.10', 'Tax (CA-QC): CAD 78.03', 'Total: CAD 599.13']) expect(attached).toContain(printed);
    expect(attached).toContain('Maple & Birch Studio'); // the same brand, from the settings, as the quote's PDF
    const payUrl = new URL(/Pay online: (\S+)/.exec(mail!.data.text)![1]);
    const invoiceToken = payUrl.searchParams.get('token')!;
    expect((await app.inject({ method: 'GET', url: `/invoices/${deposit.id}/view?token=${invoiceToken}` })).json()).toMatchObject({ number: deposit.number, totalMinor: deposit.totalMinor });
    expect((await app.inject({ method: 'GET', url: `/invoices/${deposit.id}` })).statusCode).toBe(401);
    const reminders = app.get<Queue>(getQueueToken(QueueName.Reminders));
    expect((await reminders.getDelayed()).filter((j) => j.name === 'invoice-reminder' && j.data.invoiceId === deposit.id).length).toBeGreaterThanOrEqual(3);

    // The customer pays through Stripe Checkout (the SDK talks to the local fake).
    const checkout = await app.inject({ method: 'POST', url: `${payUrl.pathname}${payUrl.search}` });
    expect(checkout.statusCode).toBe(200);
    const { sessionId, paymentId, amountMinor } = checkout.json();
    expect(amountMinor).toBe(deposit.totalMinor);
    const session = stripeFake.sessions.get(sessionId)!;
    expect(session).toMatchObject({ amount_total: deposit.totalMinor, currency: 'cad', metadata: { paymentId, invoiceId: deposit.id } });

    // Out of order: payment_intent.succeeded before checkout.session.completed; then a duplicate.
    const pi = { id: 'pi_lifecycle_1', object: 'payment_intent', amount: deposit.totalMinor, amount_received: deposit.totalMinor, currency: 'cad', status: 'succeeded', metadata: session.payment_intent_metadata };
    const piEvent = stripeEvent('payment_intent.succeeded', pi);
    const first = await webhook(piEvent);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ duplicate: false, applied: 'payment_succeeded' });
    const completed = await webhook(stripeEvent('checkout.session.completed', { ...session, payment_intent: pi.id, payment_status: 'paid', status: 'complete' }));
    expect(completed.json()).toMatchObject({ duplicate: false, applied: 'already_applied' });
    expect((await webhook(piEvent)).json()).toMatchObject({ duplicate: true });
    const paidDeposit = (await app.inject({ method: 'GET', url: `/invoices/${deposit.id}`, headers: staff('ops') })).json();
    expect(paidDeposit).toMatchObject({ status: 'paid', paidMinor: deposit.totalMinor });
    const history = (await app.inject({ method: 'GET', url: `/payments/history/${customerId}`, headers: staff('ops') })).json();
    expect(history.payments).toHaveLength(1);
    expect(history.payments[0]).toMatchObject({ status: 'succeeded', amountMinor: deposit.totalMinor, stripePaymentIntentId: pi.id });
    expect(await notifications.getJob(mailJobId(`receipt:${paymentId}`))).toBeTruthy();

    // Deposit paid → project authorized: active, milestones activated, team notified.
    const project = (await app.inject({ method: 'GET', url: `/projects/${waiting.id}`, headers: staff('ops') })).json();
    expect(project.status).toBe('active');
    expect(project.milestones.map((m: { status: string }) => m.status)).toEqual(['active', 'active']);
    expect(await notifications.getJob(mailJobId(`project-activated:${project.id}`))).toBeTruthy();

    // Work: tasks, time logs, milestones approved by the customer, a change order.
    const link = (await app.inject({ method: 'POST', url: `/projects/${project.id}/customer-link`, headers: staff('ops') })).json();
    const task = (await app.inject({ method: 'POST', url: `/projects/${project.id}/tasks`, headers: staff('ops'), payload: { title: 'Build booking form' } })).json();
    for (const [hours, day] of [[6.5, '2026-01-05'], [7.25, '2026-01-06']] as const) {
      const log = await app.inject({ method: 'POST', url: `/projects/${project.id}/time-logs`, headers: staff('ops'), payload: { hours, workedOn: day, taskId: task.id } });
      expect(log.statusCode).toBe(201);
    }
    const co = await app.inject({ method: 'POST', url: `/projects/${project.id}/change-orders`, headers: staff('ops'), payload: { title: 'Gift cards', amountMinor: 45_001, hours: 2 } });
    expect(co.statusCode).toBe(201);
    const coDecision = await app.inject({ method: 'POST', url: `/projects/${project.id}/change-orders/${co.json().id}/decision?token=${link.token}`, payload: { approve: true } });
    expect(coDecision.json().status).toBe('approved');
    const earlySignOff = await app.inject({ method: 'POST', url: `/projects/${project.id}/sign-off?token=${link.token}`, payload: { name: 'Casey' } });
    expect(earlySignOff.json().error.code).toBe('milestones_open');
    for (const m of project.milestones) {
      expect((await app.inject({ method: 'POST', url: `/projects/${project.id}/milestones/${m.id}/submit`, headers: staff('ops') })).statusCode).toBe(200);
      const ok = await app.inject({ method: 'POST', url: `/projects/${project.id}/milestones/${m.id}/approve?token=${link.token}` });
      expect(ok.json().status).toBe('approved');
    }

    // Sign-off: completed, warranty, final invoice = quote total + change order − payments.
    const signed = await app.inject({ method: 'POST', url: `/projects/${project.id}/sign-off?token=${link.token}`, payload: { name: 'Casey Client' } });
    expect(signed.statusCode).toBe(200);
    const { project: done, finalInvoice, reconciliation } = signed.json();
    expect(done.status).toBe('completed');
    expect(new Date(done.warrantyEndsAt).getTime() - new Date(done.completedAt).getTime()).toBe(30 * 86_400_000);
    const coGross = 51_740; // 45 001 net + QC 14.975 % = 6 738.90 → 6 739 tax
    expect(finalInvoice.totalMinor).toBe(231_479); // 239 652 + 51 740 − 59 913
    expect(finalInvoice.subtotalMinor + finalInvoice.taxMinor).toBe(finalInvoice.totalMinor);
    expect(reconciliation).toMatchObject({ estimatedHours: 14.5, actualHours: 13.75, billedMinor: quote.totalMinor + coGross });
    expect(reconciliation.variancePct).toBe(-5.2);
    // The invoices add up to the quote plus the change order, to the cent, and so does the PDF.
    expect(deposit.totalMinor + finalInvoice.totalMinor).toBe(quote.totalMinor + coGross);
    const finalPdf = await app.inject({ method: 'GET', url: `/invoices/${finalInvoice.id}/pdf`, headers: staff('ops') });
    const finalText = pdfText(finalPdf.rawPayload);
    for (const printed of ['CAD 2,396.52', 'CAD 517.40', '-CAD 599.13', 'Total: CAD 2,314.79']) expect(finalText).toContain(printed);

    // Final payment through Stripe (session completed only).
    const fc = (await app.inject({ method: 'POST', url: '/payments/checkout', headers: staff('ops'), payload: { invoiceId: finalInvoice.id } })).json();
    const fs = stripeFake.sessions.get(fc.sessionId)!;
    const finalHook = await webhook(stripeEvent('checkout.session.completed', { ...fs, payment_intent: 'pi_lifecycle_final', payment_status: 'paid', status: 'complete' }));
    expect(finalHook.json().applied).toBe('payment_succeeded');
    const paidFinal = (await app.inject({ method: 'GET', url: `/invoices/${finalInvoice.id}`, headers: staff('ops') })).json();
    expect(paidFinal.status).toBe('paid');
    const allPayments = (await app.inject({ method: 'GET', url: `/payments/history/${customerId}`, headers: staff('ops') })).json().payments;
    expect(allPayments.reduce((s: number, p: { appliedMinor: number }) => s + p.appliedMinor, 0)).toBe(quote.totalMinor + coGross);

    // Feedback request mailed after completion; the customer answers it.
    const fr = await prisma.feedbackRequest.findFirstOrThrow({ where: { projectId: project.id } });
    const fmail = await notifications.getJob(mailJobId(`feedback:${fr.id}`));
    const surveyToken = /feedback\/(\S+)/.exec(fmail!.data.text)![1];
    expect((await app.inject({ method: 'POST', url: `/feedback/${surveyToken}`, payload: { csat: 5, nps: 9, ces: 2 } })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: `/feedback/${surveyToken}`, payload: { csat: 1 } })).statusCode).toBe(409);
    const loyalty = (await app.inject({ method: 'GET', url: `/loyalty/${customerId}`, headers: staff('ops') })).json();
    expect(loyalty.account.balance).toBe(Math.floor(quote.totalMinor / 100) + 50);
    const redeemed = await app.inject({ method: 'POST', url: `/loyalty/${customerId}/redeem`, headers: staff('cs'), payload: { points: 40, note: 'discount' } });
    expect(redeemed.json().balance).toBe(loyalty.account.balance - 40);
    expect((await app.inject({ method: 'POST', url: `/loyalty/${customerId}/redeem`, headers: staff('cs'), payload: { points: 10_000_000 } })).statusCode).toBe(409);

    const expected = [
      'Quote Accepted', 'Invoice Issued', 'Payment Received', 'Invoice Paid', 'Deposit Paid', 'Project Activated', 'Time Logged',
      'Change Order Approved', 'Milestone Completed', 'Project Completed', 'Final Invoice Paid', 'Feedback Submitted', 'Loyalty Points Earned',
    ];
    const seen = await waitForEvents(customerId, expected);
    expect(seen).toEqual(expect.arrayContaining(expected));
    expect(seen.filter((e) => e === 'Payment Received')).toHaveLength(2); // the reordered + duplicated webhooks applied once
    expect(seen.filter((e) => e === 'Invoice Paid')).toHaveLength(2);
    expect(seen.filter((e) => e === 'Feedback Submitted')).toHaveLength(3);
  });

  it('refuses a tampered signature with 400 and changes nothing', async () => {
    const { customerId } = await acceptedQuote();
    const inv = await issuedDeposit(customerId);
    const co = (await app.inject({ method: 'POST', url: '/payments/checkout', headers: staff('ops'), payload: { invoiceId: inv.id } })).json();
    const session = stripeFake.sessions.get(co.sessionId)!;
    const event = stripeEvent('checkout.session.completed', { ...session, payment_intent: 'pi_tampered', payment_status: 'paid' });
    const payload = JSON.stringify(event);
    const signature = stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
    const tampered = payload.replace(`"amount_total":${inv.totalMinor}`, `"amount_total":${inv.totalMinor * 10}`);
    const res = await app.inject({ method: 'POST', url: '/webhooks/stripe', headers: { 'content-type': 'application/json', 'stripe-signature': signature }, payload: tampered });
    expect(res.statusCode).toBe(400);
    expect((await webhook(event, 'whsec_wrong')).statusCode).toBe(400);
    expect((await app.inject({ method: 'POST', url: '/webhooks/stripe', headers: { 'content-type': 'application/json' }, payload })).statusCode).toBe(400);
    expect(await prisma.processedStripeEvent.findUnique({ where: { id: event.id } })).toBeNull();
    expect((await prisma.invoice.findUniqueOrThrow({ where: { id: inv.id } })).paidMinor).toBe(0);
    expect((await prisma.payment.findUniqueOrThrow({ where: { id: co.paymentId } })).status).toBe('pending');
    // the genuine delivery still applies
    expect((await webhook(event)).json().applied).toBe('payment_succeeded');
  });

  it('applies the same event delivered concurrently once, and records failures and tells the customer', async () => {
    const { customerId } = await acceptedQuote();
    const inv = await issuedDeposit(customerId);
    const co = (await app.inject({ method: 'POST', url: '/payments/checkout', headers: staff('ops'), payload: { invoiceId: inv.id } })).json();
    const session = stripeFake.sessions.get(co.sessionId)!;
    const failed = await webhook(stripeEvent('payment_intent.payment_failed', { id: 'pi_conc', object: 'payment_intent', amount: inv.totalMinor, currency: 'cad', status: 'requires_payment_method', metadata: session.payment_intent_metadata, last_payment_error: { code: 'card_declined', message: 'Your card was declined.' } }));
    expect(failed.json().applied).toBe('payment_failed');
    expect((await prisma.payment.findUniqueOrThrow({ where: { id: co.paymentId } })).failureReason).toBe('Your card was declined.');
    const notifications = app.get<Queue>(getQueueToken(QueueName.Notifications));
    expect(await notifications.getJob(mailJobId(`payment-failed:${co.paymentId}`))).toBeTruthy();
    // The customer retries in the same session and succeeds; Stripe delivers twice at once.
    const ok = stripeEvent('payment_intent.succeeded', { id: 'pi_conc', object: 'payment_intent', amount: inv.totalMinor, amount_received: inv.totalMinor, currency: 'cad', status: 'succeeded', metadata: session.payment_intent_metadata });
    const overlap = overlapSettlements(app, inv.id, 3);
    const results = await Promise.all([webhook(ok), webhook(ok), webhook(ok)]);
    overlap.dispose();
    expect(overlap.arrived()).toBe(1);
    expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    expect(results.filter((r) => r.json().duplicate === false)).toHaveLength(1);
    const after = await prisma.invoice.findUniqueOrThrow({ where: { id: inv.id } });
    expect(after).toMatchObject({ status: 'paid', paidMinor: inv.totalMinor });
    expect(await prisma.outboxEvent.count({ where: { eventName: 'Payment Received', customerId } })).toBe(1);
  });

  it('two admins confirming one manual payment at once apply it once; staff cannot confirm', async () => {
    const { customerId } = await acceptedQuote();
    const inv = await issuedDeposit(customerId);
    const rec = await app.inject({ method: 'POST', url: '/payments/manual', headers: staff('ops'), payload: { invoiceId: inv.id, method: 'e_transfer', amountMinor: inv.totalMinor, currency: 'CAD', reference: 'ET-88812' } });
    expect(rec.statusCode).toBe(201);
    expect(rec.json().status).toBe('pending');
    expect((await app.inject({ method: 'POST', url: `/payments/${rec.json().id}/confirm`, headers: staff('ops') })).statusCode).toBe(403);
    const overlap = overlapSettlements(app, inv.id, 2);
    const [a, b] = await Promise.all([
      app.inject({ method: 'POST', url: `/payments/${rec.json().id}/confirm`, headers: staff('admin1') }),
      app.inject({ method: 'POST', url: `/payments/${rec.json().id}/confirm`, headers: staff('admin2') }),
    ]);
    overlap.dispose();
    expect(overlap.arrived()).toBe(1);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const after = await prisma.invoice.findUniqueOrThrow({ where: { id: inv.id } });
    expect(after).toMatchObject({ status: 'paid', paidMinor: inv.totalMinor });
    expect(await prisma.outboxEvent.count({ where: { eventName: 'Payment Received', customerId } })).toBe(1);
    expect((await prisma.project.findFirstOrThrow({ where: { customerId } })).status).toBe('active');
  });

  it('underpayment leaves a balance, overpayment becomes credit, a wrong currency is refused, refunds reopen the balance', async () => {
    const { customerId } = await acceptedQuote({ lines: [{ kind: 'service', service: 'development', hours: '3.33', complexity: 'standard' }] });
    const inv = await issuedDeposit(customerId);
    const pay = async (amountMinor: number, currency = 'CAD') => {
      const r = await app.inject({ method: 'POST', url: '/payments/manual', headers: staff('ops'), payload: { invoiceId: inv.id, method: 'cash', amountMinor, currency, reference: `cash-${amountMinor}` } });
      if (r.statusCode !== 201) return r;
      return app.inject({ method: 'POST', url: `/payments/${r.json().id}/confirm`, headers: staff('admin1') });
    };
    const wrong = await pay(1000, 'USD');
    expect(wrong.statusCode).toBe(409);
    expect(wrong.json().error.code).toBe('currency_mismatch');

    const under = inv.totalMinor - 1001;
    expect((await pay(under)).statusCode).toBe(200);
    let cur = await prisma.invoice.findUniqueOrThrow({ where: { id: inv.id } });
    expect(cur).toMatchObject({ status: 'partially_paid', paidMinor: under });
    expect((await prisma.project.findFirstOrThrow({ where: { customerId } })).status).toBe('awaiting_deposit');

    const over = await pay(5000);
    expect(over.json()).toMatchObject({ appliedMinor: 1001, creditedMinor: 3999 });
    cur = await prisma.invoice.findUniqueOrThrow({ where: { id: inv.id } });
    expect(cur).toMatchObject({ status: 'paid', paidMinor: inv.totalMinor });
    expect((await prisma.customerCredit.findFirstOrThrow({ where: { customerId } })).balanceMinor).toBe(3999);
    expect((await prisma.project.findFirstOrThrow({ where: { customerId } })).status).toBe('active');

    // Partial refund of the over-payment: it comes off the invoice first (reopening its balance), then off the credit.
    const refund = await app.inject({ method: 'POST', url: `/payments/${over.json().id}/refunds`, headers: staff('admin1'), payload: { amountMinor: 2000, reason: 'customer asked' } });
    expect(refund.statusCode).toBe(201);
    cur = await prisma.invoice.findUniqueOrThrow({ where: { id: inv.id } });
    expect(cur).toMatchObject({ status: 'partially_paid', paidMinor: inv.totalMinor - 1001 + 0 });
    expect((await prisma.customerCredit.findFirstOrThrow({ where: { customerId } })).balanceMinor).toBe(3999 - 999);
    const full = await app.inject({ method: 'POST', url: `/payments/${over.json().id}/refunds`, headers: staff('admin1'), payload: { reason: 'rest of it' } });
    expect(full.statusCode).toBe(201);
    expect((await prisma.payment.findUniqueOrThrow({ where: { id: over.json().id } })).status).toBe('refunded');
    expect((await prisma.customerCredit.findFirstOrThrow({ where: { customerId } })).balanceMinor).toBe(0);
    const tooMuch = await app.inject({ method: 'POST', url: `/payments/${over.json().id}/refunds`, headers: staff('admin1'), payload: { amountMinor: 1, reason: 'again' } });
    expect(tooMuch.statusCode).toBe(409);
  });

  it('credit notes correct an issued invoice; void only without payments; every route is guarded and documented', async () => {
    const { customerId } = await acceptedQuote();
    const inv = await issuedDeposit(customerId);
    const cn = await app.inject({ method: 'POST', url: `/invoices/${inv.id}/credit-notes`, headers: staff('admin1'), payload: { amountMinor: 100, reason: 'rounding goodwill' } });
    expect(cn.statusCode).toBe(201);
    expect(cn.json().creditNote.number).toMatch(/^CN-\d{4}-\d{4}$/);
    expect(cn.json().invoice).toMatchObject({ creditedMinor: 100, totalMinor: inv.totalMinor, status: 'partially_paid' });
    expect((await app.inject({ method: 'POST', url: `/invoices/${inv.id}/void`, headers: staff('admin1'), payload: { reason: 'mistake' } })).statusCode).toBe(409);
    expect((await app.inject({ method: 'POST', url: `/invoices/${inv.id}/issue`, headers: staff('ops') })).statusCode).toBe(409);
    expect((await app.inject({ method: 'POST', url: `/invoices/${inv.id}/credit-notes`, headers: staff('ops'), payload: { amountMinor: 1, reason: 'nope' } })).statusCode).toBe(403);
    for (const [method, url] of [['GET', '/invoices'], ['POST', '/payments/manual'], ['GET', '/projects'], ['POST', '/tickets'], ['GET', `/payments/history/${customerId}`]] as const) {
      expect((await app.inject({ method, url, payload: method === 'POST' ? {} : undefined })).statusCode).toBe(401);
    }
    const doc = (await app.inject({ method: 'GET', url: '/docs/json' })).json();
    for (const p of ['/invoices/{id}/issue', '/webhooks/stripe', '/payments/{id}/confirm', '/projects/{id}/sign-off', '/tickets', '/feedback/{token}']) expect(doc.paths[p]).toBeDefined();
  });

  it('support tickets: numbers, response targets, warranty link, escalation, resolution, survey, reopen; referrals rewarded on the first paid project', async () => {
    const { customerId } = await acceptedQuote();
    const t = await app.inject({ method: 'POST', url: '/tickets', headers: staff('ops'), payload: { customerId, subject: 'Site down', description: 'The booking page errors', priority: 'critical', tier: 3 } });
    expect(t.statusCode).toBe(201);
    const ticket = t.json();
    expect(ticket.number).toMatch(/^TKT-\d{4}-\d{4}$/);
    expect(new Date(ticket.responseDueAt).getTime() - new Date(ticket.createdAt).getTime()).toBe(60 * 60_000);
    const normal = (await app.inject({ method: 'POST', url: '/tickets', headers: staff('ops'), payload: { customerId, subject: 'Question', description: 'How do I export?', tier: 2 } })).json();
    expect(new Date(normal.responseDueAt).getTime() - new Date(normal.createdAt).getTime()).toBe(4 * 3600_000);
    expect((await app.inject({ method: 'POST', url: `/tickets/${ticket.id}/escalate`, headers: staff('ops'), payload: { note: 'needs a supervisor' } })).json()).toMatchObject({ escalationLevel: 1, status: 'escalated' });
    const resolved = await app.inject({ method: 'POST', url: `/tickets/${ticket.id}/status`, headers: staff('ops'), payload: { status: 'resolved', note: 'fixed DNS' } });
    expect(resolved.json()).toMatchObject({ status: 'resolved' });
    expect(resolved.json().resolutionMinutes).toBeGreaterThanOrEqual(0);
    expect(await prisma.feedbackRequest.count({ where: { ticketId: ticket.id, trigger: 'ticket_resolved' } })).toBe(1);
    expect((await app.inject({ method: 'POST', url: `/tickets/${ticket.id}/status`, headers: staff('ops'), payload: { status: 'open', note: 'came back' } })).statusCode).toBe(200);
    const full = (await app.inject({ method: 'GET', url: `/tickets/${ticket.id}`, headers: staff('ops') })).json();
    expect(full.history.map((h: { toStatus: string }) => h.toStatus)).toEqual(['open', 'escalated', 'resolved', 'open']);

    // Referral: the referred customer's first paid project rewards the referrer.
    const code = (await app.inject({ method: 'POST', url: `/referrals/codes/${customerId}`, headers: staff('ops') })).json().code;
    const referred = await acceptedQuote({ milestones: [{ name: 'All', dueDate: '2099-01-01' }] });
    expect((await app.inject({ method: 'POST', url: '/referrals', headers: staff('ops'), payload: { code, referredCustomerId: referred.customerId } })).statusCode).toBe(201);
    const dep = await issuedDeposit(referred.customerId);
    const r1 = (await app.inject({ method: 'POST', url: '/payments/manual', headers: staff('ops'), payload: { invoiceId: dep.id, method: 'bank_transfer', amountMinor: dep.totalMinor, currency: 'CAD', reference: 'BT-1' } })).json();
    await app.inject({ method: 'POST', url: `/payments/${r1.id}/confirm`, headers: staff('admin1') });
    const proj = await prisma.project.findFirstOrThrow({ where: { customerId: referred.customerId } });
    const link = (await app.inject({ method: 'POST', url: `/projects/${proj.id}/customer-link`, headers: staff('ops') })).json();
    const ms = await prisma.milestone.findFirstOrThrow({ where: { projectId: proj.id } });
    await app.inject({ method: 'POST', url: `/projects/${proj.id}/milestones/${ms.id}/submit`, headers: staff('ops') });
    await app.inject({ method: 'POST', url: `/projects/${proj.id}/milestones/${ms.id}/approve?token=${link.token}` });
    const fin = (await app.inject({ method: 'POST', url: `/projects/${proj.id}/sign-off?token=${link.token}`, payload: { name: 'Referred' } })).json().finalInvoice;
    const r2 = (await app.inject({ method: 'POST', url: '/payments/manual', headers: staff('ops'), payload: { invoiceId: fin.id, method: 'cash', amountMinor: fin.totalMinor, currency: 'CAD', reference: 'C-2' } })).json();
    await app.inject({ method: 'POST', url: `/payments/${r2.id}/confirm`, headers: staff('admin1') });
    expect((await prisma.referral.findUniqueOrThrow({ where: { referredCustomerId: referred.customerId } })).rewardedAt).not.toBeNull();
    expect((await app.inject({ method: 'GET', url: `/loyalty/${customerId}`, headers: staff('ops') })).json().account.balance).toBe(500);
    expect(await prisma.outboxEvent.count({ where: { eventName: { in: ['Referral Made', 'Referral Rewarded'] }, customerId } })).toBe(2);
  });
  it('collections: reminders before the due date, then overdue with late fees, escalation and the suspension flag', async () => {
    const { customerId } = await acceptedQuote();
    const inv = await issuedDeposit(customerId);
    const steps = await prisma.invoiceReminder.findMany({ where: { invoiceId: inv.id }, orderBy: { offsetDays: 'asc' } });
    expect(steps.map((s) => s.step)).toEqual(['before_3d', 'due', 'after_7d', 'after_14d', 'after_30d']);
    const service = app.get(InvoicesService);
    const due = new Date(inv.dueAt).getTime();
    expect(await service.runCollectionsStep(steps[0].id, new Date(due - 3 * 86_400_000))).toEqual({ outcome: 'sent' });
    expect((await prisma.invoice.findUniqueOrThrow({ where: { id: inv.id } })).status).toBe('issued');
    await service.runCollectionsStep(steps[2].id, new Date(due + 7 * 86_400_000));
    let cur = await prisma.invoice.findUniqueOrThrow({ where: { id: inv.id } });
    expect(cur).toMatchObject({ status: 'overdue', escalationLevel: 1, lateFeeMinor: Math.round((inv.totalMinor * 150) / 10_000) });
    expect(await service.runCollectionsStep(steps[2].id, new Date(due + 8 * 86_400_000))).toEqual({ outcome: 'skipped' }); // a redelivered job
    await service.runCollectionsStep(steps[4].id, new Date(due + 31 * 86_400_000));
    cur = await prisma.invoice.findUniqueOrThrow({ where: { id: inv.id } });
    expect(cur.escalationLevel).toBe(3);
    const standing = (await app.inject({ method: 'GET', url: `/invoices/customers/${customerId}/billing-status`, headers: staff('ops') })).json();
    expect(standing).toMatchObject({ suspended: true });
    expect(await prisma.outboxEvent.count({ where: { eventName: 'Invoice Overdue', customerId } })).toBe(1);
    // once paid, the remaining steps are skipped
    const r = (await app.inject({ method: 'POST', url: '/payments/manual', headers: staff('ops'), payload: { invoiceId: inv.id, method: 'cash', amountMinor: cur.totalMinor + cur.lateFeeMinor, currency: 'CAD', reference: 'late' } })).json();
    expect((await app.inject({ method: 'POST', url: `/payments/${r.id}/confirm`, headers: staff('admin2') })).json().status).toBe('succeeded');
    expect((await prisma.invoice.findUniqueOrThrow({ where: { id: inv.id } })).status).toBe('paid');
    expect(await service.runCollectionsStep(steps[3].id, new Date(due + 14 * 86_400_000))).toEqual({ outcome: 'skipped' });
  });
});
