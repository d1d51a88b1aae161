import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Writable } from 'node:stream';
import type { ArgumentsHost } from '@nestjs/common';
import { createTestEnvironment, type TestEnvironment } from '@northstar/testing';
import { AllExceptionsFilter, createPino } from '@northstar/http';
import { createReadyApiApp } from '@northstar/platform';

let env: TestEnvironment;
let app: NestFastifyApplication;

beforeAll(async () => {
  env = await createTestEnvironment({ CORS_ORIGINS: 'https://app.example.com' });
  app = await createReadyApiApp();
});
afterAll(async () => {
  await app?.close();
  await env?.teardown();
});

describe('security headers', () => {
  it('helmet headers are present and the framework is not advertised', async () => {
    const res = await app.inject({ method: 'GET', url: '/health/live' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['x-request-id']).toBeTruthy();
  });
});

describe('CORS allow-list', () => {
  it('an allowed origin is echoed; a disallowed origin gets no CORS header (also on preflight)', async () => {
    const ok = await app.inject({ method: 'GET', url: '/health/live', headers: { origin: 'https://app.example.com' } });
    expect(ok.headers['access-control-allow-origin']).toBe('https://app.example.com');
    const evil = await app.inject({ method: 'GET', url: '/health/live', headers: { origin: 'https://evil.example' } });
    expect(evil.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await app.inject({
      method: 'OPTIONS',
      url: '/auth/login',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('body limit and uniform errors', () => {
  it('an oversize body → 413 in the uniform error shape', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/auth/login',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.9.0.1' },
      payload: JSON.stringify({ email: 'a@b.test', password: 'x'.repeat(1024 * 1024 + 10) }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toEqual({ error: { status: 413, code: 'payload_too_large', message: expect.any(String), requestId: expect.any(String) } });
  });

  it('malformed JSON → 400 uniform, no stack', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/auth/login',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.9.0.2' },
      payload: '{"email": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ status: 400, code: 'bad_request' });
    expect(res.body).not.toMatch(/stack|at .*\.(t|j)s:\d+/);
  });

  it('validation errors name the fields', async () => {
    const res = await app.inject({ method: 'POST', url: '/auth/login', headers: { 'x-forwarded-for': '10.9.0.3' }, payload: { email: 'nope' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.map((d: { field: string }) => d.field).sort()).toEqual(['email', 'password']);
  });

  it('an unexpected error becomes a bare 500: no message, no stack, no SQL', () => {
    let sent: unknown;
    let status = 0;
    const reply = { header: () => reply, status: (s: number) => ((status = s), reply), send: (b: unknown) => ((sent = b), reply) };
    const host = { switchToHttp: () => ({ getResponse: () => reply, getRequest: () => ({ id: 'req-1' }) }) } as unknown as ArgumentsHost;
    const filter = new AllExceptionsFilter();
    (filter as unknown as { logger: { error: () => void } }).logger = { error: () => undefined };
    filter.catch(new Error('relation "staff_users" violates constraint; password=hunter2'), host);
    expect(status).toBe(500);
    expect(sent).toEqual({ error: { status: 500, code: 'internal_error', message: 'Internal server error', requestId: 'req-1' } });
  });
});

describe('no secrets in logs', () => {
  it('passwords, tokens, keys and link tokens in URLs are redacted', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, cb) => (lines.push(chunk.toString()), cb()) });
    const log = createPino('info', sink);
    log.info({ req: { method: 'GET', url: '/quotes/q1?token=eyJhbGciOi.secret.sig&x=1', headers: { authorization: 'Bearer abc.def' } } }, 'incoming');
    log.info({ body: { email: 'a@b.test', password: 'hunter2hunter2', refreshToken: 'nsr_secret', accessToken: 'eyJaccess' }, writeKey: 'wk_secret' }, 'x');
    const out = lines.join('\n');
    for (const secret of ['eyJhbGciOi.secret.sig', 'hunter2hunter2', 'nsr_secret', 'eyJaccess', 'wk_secret']) expect(out).not.toContain(secret);
    expect(out).toContain('token=[redacted]&x=1');
  });
});
