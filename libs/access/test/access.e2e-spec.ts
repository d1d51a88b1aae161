import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SignJWT } from 'jose';
import { createTestEnvironment, type TestEnvironment } from '@northstar/testing';
import { PrismaService } from '@northstar/prisma';
import { TokenKeys, hashPassword } from '@northstar/access';
import { createApiApp, DASHBOARD_DIST } from '@northstar/platform';
import { routeTable, routesOutsideNest, servedRoutes } from './route-table';
import { staffFixtures } from './fixtures';

let env: TestEnvironment;
let app: NestFastifyApplication;
let fx: Awaited<ReturnType<typeof staffFixtures>>;

beforeAll(async () => {
  // With the dashboard served, the routes it adds outside Nest are part of the walk.
  if (!fs.existsSync(path.join(DASHBOARD_DIST, 'index.html'))) throw new Error('Build the dashboard first: npx vite build --config apps/dashboard/vite.config.ts');
  env = await createTestEnvironment({ SERVE_DASHBOARD: 'true' });
  app = await createApiApp();
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  fx = await staffFixtures(app);
});

afterAll(async () => {
  await app?.close();
  await env?.teardown();
});

const call = (method: string, url: string, headers: Record<string, string> = {}, payload?: unknown) =>
  app.inject({ method: method as never, url, headers, ...(method === 'GET' || method === 'DELETE' ? {} : { payload: (payload ?? {}) as never }) });

describe('route table', () => {
  it('every registered route declares who may call it', () => {
    const routes = routeTable(app);
    expect(routes.length).toBeGreaterThan(5);
    const undeclared = routes.filter((r) => !r.rule).map((r) => `${r.method} ${r.path} (${r.handler})`);
    expect(undeclared).toEqual([]);
  });

  it('includes the access routes themselves', () => {
    const paths = routeTable(app).map((r) => `${r.method} ${r.path}`);
    expect(paths).toEqual(expect.arrayContaining(['POST /auth/login', 'GET /admin/users', 'POST /admin/api-keys', 'GET /admin/audit']));
  });

  it('walks every route Fastify serves, Nest\'s and those registered on Fastify directly', () => {
    const served = servedRoutes(app);
    expect(routeTable(app).map((r) => `${r.method} ${r.path}`).filter((k) => !served.has(k))).toEqual([]);
    expect(routesOutsideNest(app)).toEqual(expect.arrayContaining(['OPTIONS *', 'GET /', 'GET /app/*', 'GET /docs', 'GET /docs/json']));
  });

  it('every route outside Nest (so outside the access guard) is a deliberately public one, and answers without credentials', async () => {
    expect(routesOutsideNest(app).filter((k) => !DELIBERATELY_PUBLIC(k))).toEqual([]);
    const root = await call('GET', '/');
    expect(root.statusCode).toBe(302);
    expect(root.headers.location).toBe('/app/');
    const page = await call('GET', '/app/');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect((await call('GET', '/docs')).statusCode).toBe(200);
    const openapi = await call('GET', '/docs/json');
    expect(openapi.statusCode).toBe(200);
    expect(openapi.json().openapi).toMatch(/^3\./);
  });
});

/**
 * Served by Fastify itself, with no access rule, on purpose: CORS preflights, the redirect to
 * the dashboard, the dashboard's static bundle (it signs in through the API) and the API docs.
 */
const DELIBERATELY_PUBLIC = (route: string) => route === 'OPTIONS *' || route === 'GET /' || /^(GET|HEAD) \/(app\/|docs($|\/|-yaml$))/.test(route);

describe('tokens', () => {
  const me = (token: string) => call('GET', '/auth/me', { authorization: `Bearer ${token}` });

  it('a valid token reaches /auth/me', async () => {
    const res = await me(await fx.tokenFor('operations'));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: fx.users.operations.id, role: 'operations' });
    expect(res.json().passwordHash).toBeUndefined();
  });

  it('tampered token → 401 token_invalid', async () => {
    const token = await fx.tokenFor('operations');
    const [h, p, s] = token.split('.');
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    payload.sub = fx.users.admin.id; // try to become admin
    const forged = [h, Buffer.from(JSON.stringify(payload)).toString('base64url'), s].join('.');
    const res = await me(forged);
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('token_invalid');
    const unsigned = [Buffer.from('{"alg":"none"}').toString('base64url'), p, ''].join('.');
    expect((await me(unsigned)).statusCode).toBe(401);
  });

  it('expired token → 401 token_expired', async () => {
    const token = await fx.tokenFor('management');
    const sid = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).sid;
    const expired = await new SignJWT({ sid })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(fx.users.management.id)
      .setIssuer('northstar')
      .setAudience('northstar:staff')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(app.get(TokenKeys).access);
    const res = await me(expired);
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('token_expired');
  });

  it('revoked (logged-out) token → 401 at once', async () => {
    const token = await fx.tokenFor('customer_success');
    expect((await me(token)).statusCode).toBe(200);
    expect((await call('POST', '/auth/logout', { authorization: `Bearer ${token}` })).statusCode).toBe(204);
    const res = await me(token);
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('session_revoked');
  });

  it('admin revoking a user\'s sessions and deactivating a user take effect at once', async () => {
    const admin = { authorization: `Bearer ${await fx.tokenFor('admin')}` };
    const t1 = await fx.tokenFor('operations');
    const r = await call('POST', `/admin/users/${fx.users.operations.id}/revoke-sessions`, admin);
    expect(r.statusCode).toBe(200);
    expect(r.json().revoked).toBeGreaterThanOrEqual(1);
    expect((await me(t1)).statusCode).toBe(401);

    const t2 = await fx.tokenFor('management');
    const off = await call('PATCH', `/admin/users/${fx.users.management.id}`, admin, { active: false });
    expect(off.statusCode).toBe(200);
    expect((await me(t2)).statusCode).toBe(401);
    expect((await call('PATCH', `/admin/users/${fx.users.management.id}`, admin, { active: true })).statusCode).toBe(200);
    // A role change applies on the next request: the session row, not the token, carries the role.
    const t3 = await fx.tokenFor('operations');
    expect((await call('GET', '/admin/users', { authorization: `Bearer ${t3}` })).statusCode).toBe(403);
    await call('PATCH', `/admin/users/${fx.users.operations.id}`, admin, { role: 'admin' });
    expect((await call('GET', '/admin/users', { authorization: `Bearer ${t3}` })).statusCode).toBe(200);
    await call('PATCH', `/admin/users/${fx.users.operations.id}`, admin, { role: 'operations' });
  });
});

describe('login, refresh rotation, reuse detection, lockout, rate limit', () => {
  const email = `login-${randomUUID().slice(0, 6)}@example.test`;
  const password = 'correct horse battery staple';
  beforeAll(async () => {
    await app.get(PrismaService).staffUser.create({ data: { email, name: 'Login', role: 'management', passwordHash: await hashPassword(password) } });
  });
  const login = (ip: string, e: string, p: string) => call('POST', '/auth/login', { 'x-forwarded-for': ip }, { email: e, password: p });

  it('login → access + refresh; refresh rotates; reusing a used refresh token revokes the family', async () => {
    const res = await login('10.0.0.1', email.toUpperCase(), password);
    expect(res.statusCode).toBe(200);
    const first = res.json();
    expect(first).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
    expect(first.refreshToken).toMatch(/^nsr_/);

    const r2 = await call('POST', '/auth/refresh', {}, { refreshToken: first.refreshToken });
    expect(r2.statusCode).toBe(200);
    const second = r2.json();
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect((await call('GET', '/auth/me', { authorization: `Bearer ${second.accessToken}` })).statusCode).toBe(200);

    // The old refresh token again: theft assumed, the whole session dies.
    const reuse = await call('POST', '/auth/refresh', {}, { refreshToken: first.refreshToken });
    expect(reuse.statusCode).toBe(401);
    expect(reuse.json().error.code).toBe('refresh_token_reused');
    expect((await call('POST', '/auth/refresh', {}, { refreshToken: second.refreshToken })).statusCode).toBe(401);
    expect((await call('GET', '/auth/me', { authorization: `Bearer ${second.accessToken}` })).statusCode).toBe(401);
    expect((await call('GET', '/auth/me', { authorization: `Bearer ${first.accessToken}` })).statusCode).toBe(401);

    const garbage = await call('POST', '/auth/refresh', {}, { refreshToken: 'nsr_nope' });
    expect(garbage.statusCode).toBe(401);
  });

  it('wrong password → 401 with the same answer as an unknown e-mail', async () => {
    const a = await login('10.0.0.2', email, 'wrong password!');
    const b = await login('10.0.0.2', `nobody-${randomUUID()}@example.test`, 'wrong password!');
    expect(a.statusCode).toBe(401);
    expect(b.statusCode).toBe(401);
    expect(a.json().error.code).toBe(b.json().error.code);
    expect(a.json().error.message).toBe(b.json().error.message);
  });

  it('5 failures lock the account (423 + Retry-After), even for the right password; admin unlock lifts it', async () => {
    const lockEmail = `lock-${randomUUID().slice(0, 6)}@example.test`;
    const user = await app.get(PrismaService).staffUser.create({
      data: { email: lockEmail, name: 'Lock', role: 'operations', passwordHash: await hashPassword(password) },
    });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await login('10.0.0.3', lockEmail, `bad-${i}-password`)).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 423]);
    const locked = await login('10.0.0.3', lockEmail, password);
    expect(locked.statusCode).toBe(423);
    expect(locked.json().error.code).toBe('account_locked');
    const retryAfter = Number(locked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(800);
    expect(retryAfter).toBeLessThanOrEqual(900);

    const admin = { authorization: `Bearer ${await fx.tokenFor('admin')}` };
    expect((await call('POST', `/admin/users/${user.id}/unlock`, admin)).statusCode).toBe(204);
    expect((await login('10.0.0.3', lockEmail, password)).statusCode).toBe(200);
  });

  it('login is rate limited per IP: the 11th request in a minute → 429 with Retry-After; other IPs unaffected', async () => {
    const statuses: number[] = [];
    // Invalid bodies are cheap (no password hashing) and still count: the guard runs before validation.
    for (let i = 0; i < 11; i++) statuses.push((await call('POST', '/auth/login', { 'x-forwarded-for': '10.0.0.4' }, {})).statusCode);
    expect(statuses.slice(0, 10).every((s) => s === 400)).toBe(true);
    expect(statuses[10]).toBe(429);
    const limited = await call('POST', '/auth/login', { 'x-forwarded-for': '10.0.0.4' }, {});
    expect(limited.json().error).toMatchObject({ status: 429, code: 'rate_limited' });
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await call('POST', '/auth/login', { 'x-forwarded-for': '10.0.0.5' }, {})).statusCode).toBe(400);
  });
});

describe('users and API keys (admin)', () => {
  it('creates a user with a generated password shown once, who can then sign in', async () => {
    const admin = { authorization: `Bearer ${await fx.tokenFor('admin')}` };
    const email = `new-${randomUUID().slice(0, 6)}@example.test`;
    const res = await call('POST', '/admin/users', admin, { email, name: 'New Person', role: 'customer_success' });
    expect(res.statusCode).toBe(201);
    const { user, generatedPassword } = res.json();
    expect(user).toMatchObject({ email, role: 'customer_success', active: true });
    expect(generatedPassword).toHaveLength(20);
    expect((await call('POST', '/auth/login', { 'x-forwarded-for': '10.0.1.1' }, { email, password: generatedPassword })).statusCode).toBe(200);
    const dup = await call('POST', '/admin/users', admin, { email, name: 'Again', role: 'operations' });
    expect(dup.statusCode).toBe(409);
    const list = await call('GET', '/admin/users', admin);
    expect(JSON.stringify(list.json())).not.toContain('scrypt$');
  });

  it('API key: secret shown once, stored hashed, listed without secret, revocable', async () => {
    const admin = { authorization: `Bearer ${await fx.tokenFor('admin')}` };
    const created = await call('POST', '/admin/api-keys', admin, { name: 'CRM sync', scopes: ['customers:read'] });
    expect(created.statusCode).toBe(201);
    const { id, key, prefix } = created.json();
    expect(key).toMatch(new RegExp(`^nsk_${prefix}_`));
    const row = await app.get(PrismaService).apiKey.findUniqueOrThrow({ where: { id } });
    expect(row.keyHash).not.toContain(key);
    expect(JSON.stringify(row)).not.toContain(key.split('_')[2]);
    const list = (await call('GET', '/admin/api-keys', admin)).json() as Record<string, unknown>[];
    const listed = list.find((k) => k.id === id)!;
    expect(listed).toMatchObject({ name: 'CRM sync', prefix, scopes: ['customers:read'], revokedAt: null });
    expect(listed.key).toBeUndefined();
    expect(listed.keyHash).toBeUndefined();
    expect((await call('DELETE', `/admin/api-keys/${id}`, admin)).statusCode).toBe(204);
    expect((await call('DELETE', `/admin/api-keys/${randomUUID()}`, admin)).statusCode).toBe(404);
    const bad = await call('POST', '/admin/api-keys', admin, { name: 'x', scopes: ['root'] });
    expect(bad.statusCode).toBe(400);
  });
});
