import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { staffAuthHeader } from '@northstar/access/testing';
import { WriteKeyService } from '@northstar/ingestion';
import { createReadyApiApp } from '@northstar/platform';
import { createTestEnvironment, type TestEnvironment } from '@northstar/testing';

/**
 * The malformed inputs of issue 15 that answered 5xx or were stored, one by one: each is
 * now a 400 naming the field (or, for churn training without history, a 409 saying so).
 * The property test (input-validation.property.e2e-spec.ts) covers every route; these
 * pin the cases that were found.
 */
describe('malformed input: the cases that reached the database', () => {
  let env: TestEnvironment;
  let app: NestFastifyApplication;
  let admin: Record<string, string>;
  let basic: string;
  let ip = 0;

  beforeAll(async () => {
    env = await createTestEnvironment();
    app = await createReadyApiApp();
    admin = await staffAuthHeader(app, 'admin');
    basic = `Basic ${Buffer.from(`${(await app.get(WriteKeyService).create({ source: 'malformed' })).key}:`).toString('base64')}`;
  });

  afterAll(async () => {
    await app?.close();
    await env?.teardown();
  });

  const send = (method: string, url: string, payload?: unknown, headers: Record<string, string> = admin) =>
    app.inject({
      method: method as never,
      url,
      headers: { ...headers, 'x-forwarded-for': `10.15.0.${++ip % 250}`, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(payload === undefined ? {} : { payload: typeof payload === 'string' ? payload : JSON.stringify(payload) }),
    });

  const intake = { name: 'Ana Silva', email: 'ana@example.test', phone: '+14165550123', contactPreference: 'email', category: 'web_development', details: 'A shop with twenty products and payments.' };
  const customer = { name: 'Ana Silva', email: 'ana@example.test', phone: '+14165550123', preferredContact: 'email', channel: 'phone' };
  const quote = {
    customerId: 'c1',
    title: 'Website',
    executiveSummary: 'A new website.',
    scope: 'Design and build.',
    lines: [{ kind: 'custom', description: 'Build', unitMinor: 100_00, quantity: 1 }],
  };
  const payment = { invoiceId: 'inv1', method: 'cash', amountMinor: 100_00, currency: 'CAD', reference: 'Receipt 12' };
  const track = (extra: Record<string, unknown>) => ({ type: 'track', userId: 'u1', event: 'Clicked', ...extra });
  const deep = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
  const range = 'from=2026-01-01&to=2026-02-01';

  const cases: [string, string, string, unknown, string][] = [
    ['NUL in an intake name', 'POST', '/intake/quote-requests', { ...intake, name: 'Ana\u0000' }, 'name'],
    ['NUL in a customer name', 'POST', '/customers', { ...customer, name: 'Ana\u0000Silva' }, 'name'],
    ['NUL in a quote title', 'POST', '/quotes', { ...quote, title: 'Web\u0000site' }, 'title'],
    ['NUL in a payment reference', 'POST', '/payments/manual', { ...payment, reference: 'R\u0000' }, 'reference'],
    ['NUL in a search', 'GET', '/customers?name=An%00a', undefined, 'name'],
    ['NUL in a path id', 'GET', '/customers/c1%00', undefined, 'id'],
    ['an intake budget past an integer column', 'POST', '/intake/quote-requests', { ...intake, budget: { minMinor: 5_000_000_000 } }, 'budget.minMinor'],
    ['a manual payment amount past an integer column', 'POST', '/payments/manual', { ...payment, amountMinor: 2_147_483_648 }, 'amountMinor'],
    ['a line unit price past an integer column', 'POST', '/quotes', { ...quote, lines: [{ kind: 'custom', description: 'Build', unitMinor: 99_999_999_999, quantity: 1 }] }, 'lines.0.unitMinor'],
    ['hours of 20 digits', 'POST', '/quotes', { ...quote, lines: [{ kind: 'service', service: 'web', hours: '12345678901234567890', complexity: 'standard' }] }, 'lines.0.hours'],
    ['properties nested 5,000 deep in a batch', 'POST', '/v1/batch', `{"batch":[{"type":"track","userId":"u1","event":"Clicked","properties":${deep(5000)}}]}`, 'batch.0.properties'],
    ['an impossible date in a KPI query', 'GET', '/analytics/kpis?from=2026-02-30&to=2026-03-10', undefined, 'from'],
    ['an impossible date in a funnel', 'POST', '/analytics/funnels', { steps: [{ event: 'a' }, { event: 'b' }], from: '2026-01-01', to: '2026-13-45' }, 'to'],
    ['an unknown time zone in a retention query', 'GET', `/analytics/retention?${range}&timezone=Mars/Olympus`, undefined, 'timezone'],
    ['a time zone in the wrong letter case', 'GET', `/analytics/funnels/lifecycle?${range}&timezone=america/toronto`, undefined, 'timezone'],
    ['year −271821 in event counts', 'GET', '/v1/events/counts?from=-271821-04-20T00:00:00Z&to=2026-01-01', undefined, 'from'],
    ['a milestone due 2026-13-45', 'POST', '/quotes', { ...quote, milestones: [{ name: 'Launch', dueDate: '2026-13-45' }] }, 'milestones.0.dueDate'],
    ['tax country ZZ', 'POST', '/quotes', { ...quote, taxLocation: { country: 'ZZ' } }, 'taxLocation.country'],
    ['an ANSI escape in a name', 'POST', '/customers', { ...customer, name: '\u001b[31mAna' }, 'name'],
    ['a control character in an event name', 'POST', '/v1/track', track({ event: 'Click\u0007ed' }), 'event'],
    ['a lone surrogate in an event property', 'POST', '/v1/track', track({ properties: { plan: 'pro\ud800' } }), 'properties.plan'],
    ['1e400 in an event property', 'POST', '/v1/track', '{"type":"track","userId":"u1","event":"Clicked","properties":{"amount":1e400}}', 'properties.amount'],
    ['__proto__ in a body', 'POST', '/customers', `{"__proto__":{"isAdmin":true},${JSON.stringify(customer).slice(1)}`, '__proto__'],
    ['constructor.prototype in event properties', 'POST', '/v1/track', '{"type":"track","userId":"u1","event":"Clicked","properties":{"constructor":{"prototype":{"x":1}}}}', 'properties.constructor'],
    ['a snooze until year 275760', 'POST', '/desk/tasks/t1/snooze', { until: '+275760-09-13T00:00:00.000Z' }, 'until'],
    ['an audit cursor that is not a number', 'GET', '/admin/audit?before=abc', undefined, 'before'],
  ];

  it.each(cases)('%s → 400 naming the field', async (_what, method, url, payload, field) => {
    const res = await send(method, url, payload, url.startsWith('/v1/') && !url.startsWith('/v1/events') ? { authorization: basic } : admin);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('validation_failed');
    expect(res.json().error.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^${field.replace(/[.$]/g, '\\$&')}(\\.|$)`))]));
  });

  it('churn training without history → 409 saying why, not 500', async () => {
    const res = await send('POST', '/intelligence/churn/train');
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'not_enough_history', message: expect.stringMatching(/^not enough history to train a churn model/) });
  });
});
