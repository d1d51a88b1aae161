import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DiscoveryService, ModulesContainer } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { AuthService, STAFF_ROLES, UsersService, declaredRoutes, roleMatrixRoutes, staffMayCall, type StaffRole } from '@northstar/access';
import { ClickhouseService } from '@northstar/clickhouse';
import { loadConfig } from '@northstar/config';
import { PrismaService } from '@northstar/prisma';
import { createReadyApiApp, registeredRoutes } from '@northstar/platform';
import { createTestEnvironment, type TestEnvironment } from '@northstar/testing';
import { FakeGoogleCalendar } from '@northstar/calendar';
import { FakeStripe } from './support/fake-stripe';
import { seedRoleMatrixWorld, writeProbes, type Probe } from './support/role-matrix-world';

/**
 * The role matrix walked end to end: every staff route × every role, against the table
 * the AccessGuard reads (libs/access/src/role-matrix.ts). A refused role gets 403 and
 * changes nothing (every Postgres table but the audit log, which records the refusal,
 * the queues in Redis and the events in ClickHouse), for the same request that, sent by
 * an allowed role, does write. An allowed role is never refused.
 *
 * The API runs without its in-process workers, so nothing changes the data between two
 * refused calls but the calls themselves.
 */

const PASSWORD = 'correct horse battery staple 15';
/** Write routes whose effect is not stored where the walk looks (nothing to compare before and after), and why. */
const STORES_NOTHING = new Set<string>([
  // Queries sent as POST (a funnel definition, a list of message ids): they answer and keep nothing.
  'POST /analytics/funnels',
  'POST /admin/import/existing-messages',
  // A signed link is computed from the record and the key; nothing is stored until the customer uses it.
  'POST /invoices/:id/payment-link',
  'POST /projects/:id/customer-link',
]);

let env: TestEnvironment;
let app: NestFastifyApplication;
let stripe: FakeStripe;
let google: FakeGoogleCalendar;
let redis: Redis;
let probes: Record<string, () => Probe>;
const sessionTokens = {} as Record<StaffRole, string>;
const users = {} as Record<StaffRole, { id: string; role: StaffRole; email: string }>;
/** Every `role METHOD /path` pair called with that role's token, refused or allowed. */
const exercised = new Set<string>();

const call = (method: string, url: string, headers: Record<string, string>, payload?: unknown) =>
  app.inject({ method: method as never, url, headers, ...(payload === undefined ? {} : { payload: payload as never }) });
/** A new session per call where the call itself may end sessions (logout, password change, admin revocations). */
const freshSession = async (role: StaffRole) => ({ authorization: `Bearer ${(await app.get(AuthService).startSession(users[role])).accessToken}` });
const bearer = (role: StaffRole) => ({ authorization: `Bearer ${sessionTokens[role]}` });

const isRead = (route: string) => route.startsWith('GET ');
const split = (route: string) => route.split(' ') as [string, string];
/** Reads need no particular record: a route is refused or admitted before its handler looks anything up. */
const readProbe = (path: string): Probe => ({ url: path.replace(/:[A-Za-z]+/g, () => randomUUID()) });
const probeFor = (route: string): Probe => (isRead(route) ? readProbe(split(route)[1]) : probes[route]());

beforeAll(async () => {
  stripe = await new FakeStripe().start();
  google = await new FakeGoogleCalendar().start();
  env = await createTestEnvironment({
    RUN_MODE: 'api',
    GOOGLE_API_ROOT: google.rootUrl,
    GOOGLE_TOKEN_URL: google.tokenUrl,
    GOOGLE_CLIENT_ID: 'test-client',
    GOOGLE_CLIENT_SECRET: 'test-secret',
    GOOGLE_REFRESH_TOKEN: 'test-refresh-token',
    APPOINTMENT_CALENDAR_IDS: 'alice@team.test',
    STRIPE_SECRET_KEY: 'sk_test_role_matrix',
    STRIPE_API_BASE: stripe.url,
    PUBLIC_BASE_URL: 'https://app.northstar.test',
    QUOTE_REVIEW_THRESHOLD_MINOR: '100000000',
  });
  app = await createReadyApiApp();
  // Without its workers the API does not migrate the embedded ClickHouse: the test does.
  const ch = app.get(ClickhouseService);
  await ch.migrator(await ch.writer()).up();
  redis = new Redis(loadConfig().REDIS_URL);
  for (const role of STAFF_ROLES) {
    users[role] = (await app.get(UsersService).create({ email: `${role.replace('_', '-')}@role-matrix.test`, name: role, role, password: PASSWORD })).user;
    sessionTokens[role] = (await app.get(AuthService).startSession(users[role])).accessToken;
  }
  probes = writeProbes(await seedRoleMatrixWorld(app, call, bearer('admin')), PASSWORD);
}, 120_000);

afterAll(async () => {
  await app?.close();
  await env?.teardown();
  await stripe?.stop();
  await google?.stop();
  redis?.disconnect();
});

/** Per table (or queue key, or ClickHouse table), a digest of its rows; equal fingerprints mean nothing was written. */
async function fingerprint(): Promise<Map<string, string>> {
  const prisma = app.get(PrismaService);
  const tables = await prisma.$queryRaw<{ t: string }[]>`SELECT tablename AS t FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'audit_log' ORDER BY 1`;
  // An order-free digest (row count and sum of row hashes): no sort, so one cheap query for the whole database.
  const sql = tables.map(({ t }) => `SELECT '${t}' AS t, count(*) || ':' || coalesce(sum(hashtextextended(x::text, 0)), 0) AS h FROM "${t}" x`).join(' UNION ALL ');
  const rows = await prisma.$queryRawUnsafe<{ t: string; h: string }[]>(sql);
  // Rate-limit windows count requests, refused ones too; login lockouts are data an admin changes.
  const keys = (await redis.keys(`${env.queuePrefix}:*`)).filter((k) => !k.startsWith(`${env.queuePrefix}:access:`) || k.startsWith(`${env.queuePrefix}:access:login:`)).sort();
  const [events] = await app.get(ClickhouseService).query<{ n: string }>('SELECT count() AS n FROM events');
  return new Map([...rows.map((r): [string, string] => [`postgres ${r.t}`, r.h]), ['redis keys', keys.join(',')], ['clickhouse events', String(events.n)]]);
}
const changed = (a: Map<string, string>, b: Map<string, string>) => [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k));

describe('role matrix', () => {
  it('lists exactly the staff routes the app serves, and has a probe for every write among them', () => {
    const staff = declaredRoutes(new DiscoveryService(app.get(ModulesContainer)))
      .filter((r) => r.rule?.kind === 'staff')
      .map((r) => r.key);
    expect([...staff].sort()).toEqual(roleMatrixRoutes().sort());
    const served = new Set(registeredRoutes(app).map((r) => `${r.method} ${r.url}`));
    expect(roleMatrixRoutes().filter((k) => !served.has(k))).toEqual([]);
    const writes = roleMatrixRoutes().filter((k) => !isRead(k));
    expect(Object.keys(probes).sort()).toEqual(writes.sort());
  });

  it('401 without a token on every staff route', async () => {
    const failures: string[] = [];
    for (const route of roleMatrixRoutes()) {
      const { url, payload } = probeFor(route);
      const res = await call(split(route)[0], url, {}, payload);
      if (res.statusCode !== 401 || res.json().error.code !== 'unauthorized') failures.push(`${route} → ${res.statusCode}`);
    }
    expect(failures).toEqual([]);
  });

  it('a refused role gets 403 and changes nothing, reads and writes alike', async () => {
    const failures: string[] = [];
    const refused: string[] = [];
    let before = await fingerprint();
    for (const route of roleMatrixRoutes()) {
      for (const role of STAFF_ROLES.filter((r) => !staffMayCall(r, route))) {
        const { url, payload } = probeFor(route);
        const res = await call(split(route)[0], url, bearer(role), payload);
        const after = await fingerprint();
        refused.push(`${role} ${route}`);
        exercised.add(`${role} ${route}`);
        if (res.statusCode !== 403) failures.push(`${role} ${route} → ${res.statusCode} (should be 403)`);
        const diff = changed(before, after);
        if (diff.length) failures.push(`${role} ${route} changed ${diff.join(', ')}`);
        before = after;
      }
    }
    process.stdout.write(`role matrix: ${refused.length} refused route × role pairs, ${refused.filter((p) => !/ GET /.test(p)).length} of them writes\n`);
    expect(refused).toEqual(expect.arrayContaining(['management POST /payments/:id/refunds', 'management POST /invoices/:id/void', 'management DELETE /customers/:id', 'customer_success POST /payments/manual', 'operations POST /customers']));
    expect(failures).toEqual([]);
  }, 120_000);

  it('an allowed role is never refused, and the first allowed call of each write does write', async () => {
    const failures: string[] = [];
    const allowed: string[] = [];
    for (const route of roleMatrixRoutes()) {
      // admin last: the roles the matrix names are the ones the probe must work for.
      const roles = [...STAFF_ROLES.filter((r) => r !== 'admin' && staffMayCall(r, route)), 'admin' as const];
      for (const [i, role] of roles.entries()) {
        const { url, payload } = probeFor(route);
        const headers = await freshSession(role);
        const probing = i === 0 && !isRead(route);
        const before = probing ? await fingerprint() : new Map<string, string>();
        const res = await call(split(route)[0], url, headers, payload);
        allowed.push(`${role} ${route}`);
        exercised.add(`${role} ${route}`);
        if ([401, 403].includes(res.statusCode)) failures.push(`${role} ${route} → ${res.statusCode} (should pass)`);
        else if (probing && res.statusCode >= 300) failures.push(`${role} ${route} → ${res.statusCode} ${res.body.slice(0, 200)} (the probe should write)`);
        else if (probing && (changed(before, await fingerprint()).length > 0) === STORES_NOTHING.has(route)) failures.push(`${role} ${route}: the probe ${STORES_NOTHING.has(route) ? 'wrote, yet is listed as storing nothing' : 'wrote nothing'}`);
      }
    }
    expect(allowed).toEqual(expect.arrayContaining(['admin POST /payments/:id/refunds', 'operations POST /payments/manual', 'customer_success POST /customers', 'management GET /analytics/kpis']));
    expect([...exercised].sort()).toEqual(roleMatrixRoutes().flatMap((route) => STAFF_ROLES.map((role) => `${role} ${route}`)).sort());
    expect(failures).toEqual([]);
  }, 120_000);
});
