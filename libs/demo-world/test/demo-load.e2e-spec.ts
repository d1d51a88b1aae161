import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestEnvironment, type TestEnvironment } from '@northstar/testing';
import { PrismaService } from '@northstar/prisma';
import { ClickhouseService } from '@northstar/clickhouse';
import { createApiApp } from '@northstar/platform';
import { generateWorld, loadWorldThroughApi, worldLifecycleEvents, worldWebEvents } from '../src';

let env: TestEnvironment;
let app: NestFastifyApplication;
let api: string;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-load-'));
// Ends "today" so the live intake path (latest requests in the last 30 days) is exercised.
const world = generateWorld({ seed: 99, customers: 30 });

beforeAll(async () => {
  env = await createTestEnvironment();
  app = await createApiApp();
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.getHttpServer().address() as { port: number };
  api = `http://127.0.0.1:${addr.port}`;
}, 120_000);

afterAll(async () => {
  await app?.close();
  await env?.teardown();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function counts() {
  const prisma = app.get(PrismaService);
  const ch = app.get(ClickhouseService);
  const [ev] = await ch.query<{ lifecycle: number; web: number; imported: number }>(
    `SELECT countIf(type = 'lifecycle') AS lifecycle, countIf(type != 'lifecycle') AS web, countIf(source = 'import') AS imported FROM events`,
  );
  return {
    customers: await prisma.customer.count(),
    staff: await prisma.staffUser.count(),
    quoteRequests: await prisma.quoteRequest.count(),
    tickets: await prisma.supportTicket.count(),
    lifecycle: Number(ev.lifecycle),
    web: Number(ev.web),
    imported: Number(ev.imported),
  };
}

async function settled(expectWeb: number) {
  // Segment batches and outbox events reach ClickHouse through the in-process workers.
  for (let i = 0; i < 120; i++) {
    const c = await counts();
    if (c.web >= expectWeb) {
      await new Promise((r) => setTimeout(r, 1500));
      return counts();
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return counts();
}

it('loads a small world through the real API, twice, without duplicating anything', async () => {
  const prisma = app.get(PrismaService);
  const first = await loadWorldThroughApi({ api, prisma, world, dataDir, liveCustomers: 2 });
  expect(first.customersCreated).toBe(30);
  expect(first.newCredentials.map((c) => c.role).sort()).toEqual(['admin', 'customer_success', 'management', 'operations']);
  for (const c of first.newCredentials) expect(c.password.length).toBeGreaterThanOrEqual(12);
  const webTotal = worldWebEvents(world).length;
  const after1 = await settled(webTotal);
  expect(after1.customers).toBe(30);
  expect(after1.staff).toBe(4);
  expect(after1.web).toBe(webTotal);
  // History is in ClickHouse with its historical timestamps, not "now".
  const expectedImported = first.lifecycleInserted;
  expect(after1.imported).toBe(expectedImported);
  expect(expectedImported).toBeGreaterThan(worldLifecycleEvents(world).length * 0.8);
  const ch = app.get(ClickhouseService);
  const [span] = await ch.query<{ oldest: string; registered: number; registeredOld: number }>(
    `SELECT min(timestamp) AS oldest, countIf(event = 'Customer Registered') AS registered,
            countIf(event = 'Customer Registered' AND timestamp < now() - INTERVAL 40 DAY) AS registeredOld FROM events FINAL`,
  );
  expect(new Date(span.oldest.replace(' ', 'T') + 'Z').getTime()).toBeLessThan(Date.now() - 365 * 86_400_000);
  // Customer Registered came from POST /customers, back-dated by the admin-only header.
  expect(Number(span.registered)).toBe(30);
  expect(Number(span.registeredOld)).toBeGreaterThan(20);

  const second = await loadWorldThroughApi({ api, prisma, world, dataDir, liveCustomers: 2 });
  expect(second.customersCreated).toBe(0);
  expect(second.lifecycleInserted).toBe(0);
  expect(second.webSent).toBe(0);
  expect(second.liveRequests).toBe(0);
  expect(second.newCredentials).toEqual([]);
  await new Promise((r) => setTimeout(r, 2000));
  expect(await counts()).toEqual(after1);
}, 300_000);

it('refuses the back-dating header from non-admins and future times', async () => {
  const creds = JSON.parse(fs.readFileSync(path.join(dataDir, 'demo-credentials.json'), 'utf8'));
  const login = async (role: string) =>
    (await app.inject({ method: 'POST', url: '/auth/login', payload: { email: creds[role].email, password: creds[role].password } })).json().accessToken as string;
  const ops = await login('operations');
  const admin = await login('admin');
  const body = { customerId: 'x', subject: 'Back-dated?', description: 'no' };
  const asOps = await app.inject({ method: 'POST', url: '/tickets', headers: { authorization: `Bearer ${ops}`, 'x-occurred-at': '2024-01-01T00:00:00Z' }, payload: body });
  expect(asOps.statusCode).toBe(403);
  const future = await app.inject({ method: 'POST', url: '/tickets', headers: { authorization: `Bearer ${admin}`, 'x-occurred-at': '2999-01-01T00:00:00Z' }, payload: body });
  expect(future.statusCode).toBe(400);
  const importAsOps = await app.inject({ method: 'POST', url: '/admin/import/lifecycle-events', headers: { authorization: `Bearer ${ops}` }, payload: { events: [] } });
  expect(importAsOps.statusCode).toBe(403);
});
