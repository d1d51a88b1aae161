import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AuthService, UsersService, type StaffRole } from '@northstar/access';
import { ClickhouseService } from '@northstar/clickhouse';
import { LifecycleEvent as L } from '@northstar/contracts';
import { createTestEnvironment, type TestEnvironment } from '@northstar/testing';
import { createApiApp } from '@northstar/platform';
import { ev, insertEvents, rng } from '@northstar/analytics/testing';

let env: TestEnvironment;
let app: NestFastifyApplication;
const tokens: Partial<Record<StaffRole, string>> = {};

const r = rng(1);
const t0 = Date.UTC(2024, 5, 3, 12);
const H = 3_600_000;
// c1 goes all the way to Quote Accepted, c2 stops at Quote Sent, c3 only inquires.
const EVENTS = [
  ev(r, { event: L.InquiryReceived, ts: t0, customer_id: 'c1', properties: { quoteRequestId: 'qr1', channel: 'web' } }),
  ev(r, { event: L.QuoteSent, ts: t0 + 2 * H, customer_id: 'c1', properties: { quoteId: 'q1', quoteRequestId: 'qr1', amountMinor: 1000, currency: 'CAD' } }),
  ev(r, { event: L.QuoteAccepted, ts: t0 + 30 * H, customer_id: 'c1', properties: { quoteId: 'q1' } }),
  ev(r, { event: L.InquiryReceived, ts: t0 + H, customer_id: 'c2', properties: { quoteRequestId: 'qr2', channel: 'phone' } }),
  ev(r, { event: L.QuoteSent, ts: t0 + 7 * H, customer_id: 'c2', properties: { quoteId: 'q2', quoteRequestId: 'qr2', amountMinor: 1000, currency: 'CAD' } }),
  ev(r, { event: L.InquiryReceived, ts: t0 + 2 * H, customer_id: 'c3', properties: { quoteRequestId: 'qr3', channel: 'web' } }),
  ev(r, { event: L.PaymentReceived, ts: t0, customer_id: 'c1', amount_minor: 5000, currency: 'CAD', properties: { paymentId: 'p1', invoiceId: 'i1' } }),
  ev(r, { event: L.PaymentReceived, ts: t0 + 40 * 86_400_000, customer_id: 'c1', amount_minor: 7000, currency: 'CAD', properties: { paymentId: 'p2', invoiceId: 'i2' } }),
];

beforeAll(async () => {
  env = await createTestEnvironment();
  app = await createApiApp();
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const users = app.get(UsersService);
  const auth = app.get(AuthService);
  for (const role of ['management', 'customer_success', 'operations'] as StaffRole[]) {
    const u = await users.create({ email: `${role}@example.test`, name: role, role, password: 'correct horse battery staple 1' });
    tokens[role] = (await auth.startSession({ id: u.user.id, role, email: `${role}@example.test` })).accessToken;
  }
  const ch = app.get(ClickhouseService);
  await insertEvents(await ch.writer(), EVENTS);
  await insertEvents(await ch.writer(), EVENTS.slice(0, 3)); // redelivered
});
afterAll(async () => {
  await app?.close();
  await env?.teardown();
});

const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, role: StaffRole | null, payload?: object) =>
  app.inject({ method, url, payload, headers: role ? { authorization: `Bearer ${tokens[role]}` } : {} });

describe('analytics HTTP API', () => {
  const funnel = {
    steps: [{ event: L.InquiryReceived }, { event: L.QuoteSent }, { event: L.QuoteAccepted }],
    window: { value: 7, unit: 'day' },
    from: '2024-06-01',
    to: '2024-07-01',
    timezone: 'America/Toronto',
    breakdown: { property: 'channel' },
  };

  it('POST /analytics/funnels computes counts, conversions and times', async () => {
    const res = await call('POST', '/analytics/funnels', 'management', funnel);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.steps.map((s: { count: number }) => s.count)).toEqual([3, 2, 1]);
    expect(body.steps[1].conversionFromPrevious).toBeCloseTo(2 / 3);
    expect(body.steps[2].conversionFromFirst).toBeCloseTo(1 / 3);
    expect(body.steps[1].medianSecondsToConvert).toBe(4 * 3600); // (2h + 6h) / 2
    expect(body.steps[2].meanSecondsToConvert).toBe(28 * 3600);
    expect(body.breakdown.find((b: { value: string }) => b.value === 'web').steps[0].count).toBe(2);
    expect(body.overTime).toEqual([{ bucket: '2024-06-03', entered: 3, converted: 1, conversion: 1 / 3, reached: [3, 2, 1] }]);
  });

  it('rejects bad input with 400 and field details, and SQL-looking input stays data', async () => {
    const bad = await call('POST', '/analytics/funnels', 'management', { ...funnel, steps: [{ event: 'x' }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe('steps');
    const inj = await call('POST', '/analytics/funnels', 'management', {
      ...funnel,
      steps: [{ event: "x' OR 1=1 --" }, { event: L.QuoteSent, filters: [{ property: "a') OR (1=1", value: "'; DROP TABLE events; --" }] }],
    });
    expect(inj.statusCode).toBe(200);
    expect(inj.json().steps[0].count).toBe(0);
  });

  it('guards by role: operations is refused, customer success may read dropped lists only', async () => {
    expect((await call('POST', '/analytics/funnels', null, funnel)).statusCode).toBe(401);
    expect((await call('POST', '/analytics/funnels', 'operations', funnel)).statusCode).toBe(403);
    expect((await call('GET', '/analytics/kpis?from=2024-06-01&to=2024-07-01', 'customer_success')).statusCode).toBe(403);
  });

  it('saved funnels CRUD, results and dropped list', async () => {
    const { from, to, timezone, ...shape } = funnel;
    const created = await call('POST', '/analytics/funnels/saved', 'management', { ...shape, name: 'Sales' });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    expect((await call('GET', '/analytics/funnels/saved', 'management')).json().map((f: { id: string }) => f.id)).toContain(id);
    const q = `from=${from}&to=${to}&timezone=${encodeURIComponent(timezone)}`;
    const results = await call('GET', `/analytics/funnels/saved/${id}/results?${q}`, 'management');
    expect(results.json().steps.map((s: { count: number }) => s.count)).toEqual([3, 2, 1]);
    const dropped = await call('GET', `/analytics/funnels/${id}/dropped?${q}&step=2`, 'customer_success');
    expect(dropped.statusCode).toBe(200);
    expect(dropped.json().units.map((u: { unit: string }) => u.unit)).toEqual(['c2']);
    const upd = await call('PUT', `/analytics/funnels/saved/${id}`, 'management', { ...shape, name: 'Renamed' });
    expect(upd.json().name).toBe('Renamed');
    expect((await call('DELETE', `/analytics/funnels/saved/${id}`, 'management')).statusCode).toBe(204);
    expect((await call('GET', `/analytics/funnels/saved/${id}`, 'management')).statusCode).toBe(404);
  });

  it('lifecycle preset, retention and the KPI summary with stored targets', async () => {
    const life = await call('GET', '/analytics/funnels/lifecycle?from=2024-06-01&to=2024-07-01', 'management');
    expect(life.statusCode).toBe(200);
    expect(life.json().steps).toHaveLength(8);
    expect(life.json().steps.slice(0, 3).map((s: { count: number }) => s.count)).toEqual([3, 2, 1]);

    const ret = await call('GET', '/analytics/retention?from=2024-06-01&to=2024-07-01&interval=month&periods=3', 'management');
    expect(ret.statusCode).toBe(200);
    expect(ret.json().cohorts).toEqual([
      expect.objectContaining({ cohort: '2024-06-01', size: 1, recurring: expect.arrayContaining([{ period: 1, units: 1, rate: 1 }]) }),
    ]);

    expect((await call('PUT', '/analytics/kpis/targets/referral_rate', 'management', { target: 0.5 })).statusCode).toBe(200);
    const k = await call('GET', '/analytics/kpis?from=2024-06-01&to=2024-07-01&tz=UTC&currency=CAD', 'management');
    expect(k.statusCode).toBe(200);
    const kpis = Object.fromEntries(k.json().kpis.map((f: { key: string }) => [f.key, f]));
    expect(kpis.quote_to_customer_conversion).toMatchObject({ value: 0.5, target: 0.4, onTarget: true, previous: null });
    expect(kpis.time_to_quote_mean_hours.value).toBe(4);
    expect(kpis.time_to_quote_within_4h.value).toBeCloseTo(1 / 3);
    expect(kpis.revenue.value).toBe(5000);
    expect(kpis.referral_rate.target).toBe(0.5);
  });
});
