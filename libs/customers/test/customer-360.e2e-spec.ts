import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AuthService, UsersService, type StaffRole } from '@northstar/access';
import { ClickhouseService } from '@northstar/clickhouse';
import { LifecycleEvent } from '@northstar/contracts';
import { LifecycleStageService } from '@northstar/lifecycle-stage';
import { createApiApp } from '@northstar/platform';
import { PrismaService } from '@northstar/prisma';
import { createTestEnvironment, type TestEnvironment } from '@northstar/testing';

/**
 * The 360 against the timeline: inquiry → quote → accepted → deposit paid → project →
 * ticket → feedback over HTTP; the 360 shows both stages with their entry dates,
 * customer since, last service and every record; the stored stages and the
 * Customer Stage Changed events in ClickHouse say the same; PATCH validates and audits.
 */
describe('customer 360: stages, dates and service history agree with the records and the timeline', () => {
  let env: TestEnvironment;
  let app: NestFastifyApplication;
  const tokens: Record<string, string> = {};
  const as = (who: string) => ({ authorization: `Bearer ${tokens[who]}` });

  beforeAll(async () => {
    env = await createTestEnvironment({ QUOTE_REVIEW_THRESHOLD_MINOR: '100000000', OUTBOX_RELAY_INTERVAL_MS: '50', EVENTS_FLUSH_INTERVAL_MS: '50' });
    app = await createApiApp();
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    const users = app.get(UsersService);
    const auth = app.get(AuthService);
    for (const [key, role] of [['ops', 'operations'], ['cs', 'customer_success'], ['admin', 'admin']] as [string, StaffRole][]) {
      const u = await users.create({ email: `${key}@northstar.test`, name: key, role });
      tokens[key] = (await auth.startSession({ id: u.user.id, role, email: u.user.email })).accessToken;
    }
  });

  afterAll(async () => {
    await app?.close();
    await env?.teardown();
  });

  const ok = async (res: { statusCode: number; json(): ReturnType<typeof JSON.parse>; body: string }, status = [200, 201]) => {
    if (!status.includes(res.statusCode)) throw new Error(`${res.statusCode}: ${res.body}`);
    return res.json();
  };
  const post = (url: string, who: string | null, payload?: object) => app.inject({ method: 'POST', url, headers: who ? as(who) : {}, payload });

  async function until<T>(what: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let v = await what();
    while (!done(v) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      v = await what();
    }
    return v;
  }

  it('tells the same story in the 360, the stored stages and the timeline', async () => {
    const form = await ok(await post('/intake/quote-requests', null, { name: 'Robin Record', email: 'robin@client.test', phone: '+14165550142', contactPreference: 'email', category: 'web_development', complexity: 'standard', details: 'A new site for the bakery.' }));
    const qr = await ok(await app.inject({ method: 'GET', url: `/intake/quote-requests/${form.id}`, headers: as('ops') }));
    const customerId: string = qr.customerId;
    const quote = await ok(
      await post('/quotes', 'ops', {
        customerId,
        quoteRequestId: qr.id,
        title: 'Bakery site',
        executiveSummary: 'A site with online orders.',
        scope: 'Design, build, launch.',
        milestones: [{ name: 'Launch', dueDate: '2099-02-15' }],
        lines: [{ kind: 'service', service: 'development', hours: '10', complexity: 'standard' }],
        taxLocation: { country: 'CA', region: 'ON' },
      }),
    );
    const sent = await ok(await post(`/quotes/${quote.id}/send`, 'ops'));
    const token = new URL(sent.customerLink).searchParams.get('token')!;
    await ok(await post(`/customer/quotes/${quote.id}/accept?token=${token}`, null, { name: 'Robin Record', agree: true }));
    const [deposit] = await ok(await app.inject({ method: 'GET', url: `/invoices?customerId=${customerId}`, headers: as('ops') }));
    await ok(await post(`/invoices/${deposit.id}/issue`, 'ops'));
    const payment = await ok(await post('/payments/manual', 'ops', { invoiceId: deposit.id, method: 'e_transfer', amountMinor: deposit.totalMinor, currency: deposit.currency, reference: 'ET-360' }));
    await ok(await post(`/payments/${payment.id}/confirm`, 'admin'));
    const ticket = await ok(await post('/tickets', 'ops', { customerId, subject: 'Order form question', description: 'Where do orders arrive?' }));

    const prisma = app.get(PrismaService);
    const accepted = await prisma.quote.findUniqueOrThrow({ where: { id: quote.id } });
    const project = await prisma.project.findFirstOrThrow({ where: { customerId } });
    expect(project.activatedAt).not.toBeNull();
    const customer = await prisma.customer.findUniqueOrThrow({ where: { id: customerId } });

    const profile = await ok(await app.inject({ method: 'GET', url: `/customers/${customerId}`, headers: as('cs') }));
    // Seed 001: prospect from registration, opportunity when the quote was sent, new customer on acceptance.
    expect(profile.stages.sales).toEqual({ stage: 'new-customer', enteredAt: accepted.decidedAt!.toISOString() });
    expect(profile.stages.history.sales.map((p: { stage: string }) => p.stage)).toEqual(['prospect', 'opportunity', 'new-customer']);
    expect(profile.stages.history.sales[1].enteredAt).toBe(accepted.sentAt!.toISOString());
    // Seed 003: prospect, then new with the first purchase.
    expect(profile.stages.relationship).toEqual({ stage: 'new', enteredAt: accepted.decidedAt!.toISOString() });
    expect(profile.lifecycleStage).toBe('customer');
    expect(profile.customerSince).toBe(customer.createdAt.toISOString());
    expect(profile.lastServiceAt).toBe(project.activatedAt!.toISOString());
    const kinds = new Set(profile.serviceHistory.map((r: { kind: string }) => r.kind));
    expect([...kinds].sort()).toEqual(['invoice', 'payment', 'project', 'quote', 'quote_request', 'ticket']);
    expect(profile.serviceHistory.find((r: { id: string }) => r.id === ticket.id)).toMatchObject({ kind: 'ticket', reference: ticket.number });
    expect(profile.serviceHistory.find((r: { id: string }) => r.id === deposit.id)).toMatchObject({ kind: 'invoice', status: 'paid', amountMinor: deposit.totalMinor });

    // The worker job stored the same and announced each current stage with its entry date.
    const ch = app.get(ClickhouseService);
    const stageEvents = await until(
      () => ch.query<{ props: string; ts: string }>(`SELECT properties AS props, toString(timestamp) AS ts FROM events FINAL WHERE customer_id = {c:String} AND event = {e:String} ORDER BY timestamp`, { c: customerId, e: LifecycleEvent.CustomerStageChanged }),
      (rows) => rows.map((r) => JSON.parse(r.props)).some((p) => p.scheme === 'sales' && p.stage === 'new-customer') && rows.map((r) => JSON.parse(r.props)).some((p) => p.scheme === 'relationship' && p.stage === 'new'),
    );
    const latest = (scheme: string) => stageEvents.map((r) => JSON.parse(r.props)).filter((p) => p.scheme === scheme).pop();
    expect(latest('sales')).toMatchObject({ stage: 'new-customer', enteredAt: accepted.decidedAt!.toISOString() });
    expect(latest('relationship')).toMatchObject({ stage: 'new', enteredAt: accepted.decidedAt!.toISOString() });
    const stored = await until(
      () => prisma.customerLifecycle.findUnique({ where: { customerId } }),
      (s) => s?.salesStage === 'new-customer' && s.lastServiceAt?.getTime() === project.activatedAt!.getTime(),
    );
    expect(stored).toMatchObject({ salesStage: 'new-customer', relationshipStage: 'new', customerSince: customer.createdAt, lastServiceAt: project.activatedAt });

    // A refresh with nothing new announces nothing.
    expect(await app.get(LifecycleStageService).refresh([customerId])).toEqual({ customers: 1, changed: 0 });
  });

  it('PATCH /customers/:id validates, normalises and audits master data corrections', async () => {
    const c = await ok(await post('/customers', 'cs', { name: 'Pat Patch', email: 'pat@client.test', phone: '+14165550177', preferredContact: 'email', channel: 'phone', address: { country: 'CA', city: 'Toronto' } }));
    const patch = (payload: object, who = 'cs') => app.inject({ method: 'PATCH', url: `/customers/${c.id}`, headers: as(who), payload });

    const bad = await patch({ email: 'not-an-email', phone: '12', lifecycleStage: 'customer' });
    expect(bad.statusCode).toBe(400);
    expect(await ok(await patch({}), [400])).toBeTruthy();

    const taken = await patch({ email: 'robin@client.test' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error).toMatchObject({ code: 'duplicate_email', details: [{ field: 'email' }] });

    expect((await patch({ name: 'Pat Corrected' }, 'ops')).statusCode).toBe(403);

    const done = await ok(await patch({ name: 'Pat Corrected', phone: '416 555 0199', address: { city: 'Ottawa', line1: '1 Wellington St' }, occupation: null }));
    expect(done).toMatchObject({ name: 'Pat Corrected', phone: '+14165550199', city: 'Ottawa', addressLine1: '1 Wellington St', country: 'CA', occupation: null });
    const audit = await app.get(PrismaService).auditLog.findMany({ where: { action: 'customer.update', resourceId: c.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0].metadata).toEqual({ fields: ['name', 'phone', 'addressLine1', 'city', 'occupation'] });
  });
});
