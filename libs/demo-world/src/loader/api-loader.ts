import fs from 'node:fs';
import path from 'node:path';
import { Analytics } from '@segment/analytics-node';
import { LifecycleEvent as L } from '@northstar/contracts';
import { createStaffUser } from '@northstar/access/src/cli/create-admin';
import { hashPassword, generatePassword } from '@northstar/access';
import type { PrismaService } from '@northstar/prisma';
import { stableUuid } from '../prng';
import { customerLifecycleEvents, customerWebEvents, referralEvents } from '../world-events';
import type { CustomerPlan, LifecycleEventPlan, World } from '../world.types';
import { DEFAULT_RULES, driveLiveQuote, liveSliceSelection } from './live-slice';

export const DEMO_ROLES = ['admin', 'management', 'customer_success', 'operations'] as const;
const DAY = 86_400_000;

export interface LoadOptions {
  api: string;
  prisma: PrismaService;
  world: World;
  /** Where demo-credentials.json and demo-state.json live (git-ignored .data). */
  dataDir: string;
  /** How many of the most recent customers also get their latest request through intake + tickets (live paths). */
  liveCustomers?: number;
  /** How many recently active customers get current quotes/invoices/payments through the real endpoints (default 40). */
  liveSlice?: number;
  /** Run health, churn (train + score), segments and rule evaluation after the load (default true). */
  runIntelligence?: boolean;
  concurrency?: number;
  log?: (line: string) => void;
}

export interface LoadReport {
  customersCreated: number;
  customersExisting: number;
  lifecycleInserted: number;
  lifecycleSkipped: number;
  webSent: number;
  webSkipped: number;
  liveRequests: number;
  liveQuotes: number;
  rulesCreated: number;
  newCredentials: { role: string; email: string; password: string }[];
  seconds: number;
}

type Creds = Record<string, { email: string; password: string }>;

function readJson<T>(file: string, fallback: T): T {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return fallback;
  }
}

/**
 * Demo staff users, one per role, with generated passwords. The loader is a trusted
 * local script, so it creates them with the access lib's own function against
 * Postgres; a user that exists but whose password we no longer have (the file was
 * deleted) gets a fresh generated one. Never a fixed default password.
 */
export async function ensureDemoStaff(prisma: PrismaService, dataDir: string, seed: number) {
  const file = path.join(dataDir, 'demo-credentials.json');
  const creds = readJson<Creds>(file, {});
  const fresh: { role: string; email: string; password: string }[] = [];
  for (const role of DEMO_ROLES) {
    const email = `demo-${role.replace('_', '-')}@demo.northstar.test`;
    const existing = await prisma.staffUser.findUnique({ where: { email } });
    if (existing && creds[role]?.email === email) continue;
    if (existing) {
      const password = generatePassword();
      await prisma.staffUser.update({ where: { email }, data: { passwordHash: await hashPassword(password) } });
      creds[role] = { email, password };
    } else {
      const r = await createStaffUser(prisma, { email, name: `Demo ${role.replace('_', ' ')}`, role });
      creds[role] = { email, password: r.password };
    }
    fresh.push({ role, ...creds[role] });
  }
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ ...creds, seed }, null, 2), { mode: 0o600 });
  return { creds, fresh };
}

class Api {
  token = '';
  constructor(readonly base: string) {}
  async call<T>(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
    for (let attempt = 0; ; attempt++) {
      const res = await fetch(this.base + url, {
        method,
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(this.token ? { authorization: `Bearer ${this.token}` } : {}), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      if ((res.status === 429 || res.status === 503) && attempt < 5) {
        await new Promise((r) => setTimeout(r, 500 * (attempt + 1)));
        continue;
      }
      return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
    }
  }
  async ok<T>(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
    const r = await this.call<T>(method, url, body, headers);
    if (r.status >= 300) throw new Error(`${method} ${url} → ${r.status} ${JSON.stringify(r.body).slice(0, 400)}`);
    return r.body;
  }
  async login(email: string, password: string) {
    this.token = '';
    this.token = (await this.ok<{ accessToken: string }>('POST', '/auth/login', { email, password })).accessToken;
    return this;
  }
}

async function pool<T>(items: T[], n: number, work: (item: T) => Promise<void>) {
  let i = 0;
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (i < items.length) await work(items[i++]);
  }));
}

/** One session per role and load: the login endpoint is rate-limited. */
const sessions = new Map<string, Promise<Api>>();
function session(api: string, c: { email: string; password: string }): Promise<Api> {
  const key = `${api} ${c.email}`;
  if (!sessions.has(key)) sessions.set(key, new Api(api).login(c.email, c.password).catch((e) => { sessions.delete(key); throw e; }));
  return sessions.get(key)!;
}

const back = (at: Date) => ({ 'x-occurred-at': new Date(Math.min(at.getTime(), Date.now() - 1000)).toISOString() });

/**
 * Loads a world through the running API:
 *  1. demo staff users (Postgres, access lib) and an admin session;
 *  2. every customer through POST /customers, back-dated to its sign-up with the
 *     admin-only X-Occurred-At header (an existing e-mail answers 409 with its id);
 *  3. the lifecycle history through POST /admin/import/lifecycle-events (source =
 *     import, idempotent by stable event id);
 *  4. website tracking through /v1/batch with @segment/analytics-node, skipping
 *     message ids the events table already has;
 *  5. the most recent customers' latest requests through the live intake form and
 *     staff first response, plus their support tickets, back-dated (real paths).
 * Every step re-checks the databases, so a second load adds nothing.
 */
export async function loadWorldThroughApi(o: LoadOptions): Promise<LoadReport> {
  const t0 = Date.now();
  const log = o.log ?? (() => undefined);
  const conc = o.concurrency ?? 6;
  const report: LoadReport = { customersCreated: 0, customersExisting: 0, lifecycleInserted: 0, lifecycleSkipped: 0, webSent: 0, webSkipped: 0, liveRequests: 0, liveQuotes: 0, rulesCreated: 0, newCredentials: [], seconds: 0 };
  const { creds, fresh } = await ensureDemoStaff(o.prisma, o.dataDir, o.world.options.seed);
  report.newCredentials = fresh;
  sessions.clear();
  const admin = await session(o.api, creds.admin);

  // 2. customers (re-check Postgres first: the e-mails are deterministic)
  const ids = new Map<string, string>();
  const emails = o.world.customers.map((c) => c.email);
  for (let i = 0; i < emails.length; i += 5000) {
    const found = await o.prisma.customer.findMany({ where: { email: { in: emails.slice(i, i + 5000) } }, select: { id: true, email: true } });
    for (const f of found) ids.set(f.email, f.id);
  }
  const keyToId = new Map<string, string>();
  await pool(o.world.customers, conc, async (c) => {
    let id = ids.get(c.email);
    if (id) report.customersExisting++;
    else {
      const r = await admin.call<{ id?: string; existingCustomerId?: string }>(
        'POST',
        '/customers',
        {
          type: c.type,
          name: c.name,
          email: c.email,
          phone: c.phone,
          preferredContact: 'email',
          channel: c.leadSource,
          company: c.company,
          address: { city: 'Toronto', region: 'ON', country: 'CA' },
          currency: o.world.options.currency,
          timeZone: 'America/Toronto',
        },
        back(c.signupAt),
      );
      id = r.body.id ?? r.body.existingCustomerId;
      if (!id) throw new Error(`registering ${c.email} → ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
      if (r.status === 409) report.customersExisting++;
      else report.customersCreated++;
    }
    keyToId.set(c.key, id);
  });
  log(`customers: ${report.customersCreated} created, ${report.customersExisting} already there`);

  // 5 first, to know which events the live paths produce (they are not imported).
  const live = liveSelection(o.world, o.liveCustomers ?? 8);
  const liveAggregates = new Set(
    live.flatMap(({ c, jobIndex }) => {
      const j = c.jobs[jobIndex];
      return [stableUuid(`${j.key}:qr`), ...j.tickets.map((_, i) => stableUuid(`${j.key}:ticket${i}`))];
    }),
  );

  // 3. lifecycle history
  const history: LifecycleEventPlan[] = [...o.world.customers.flatMap((c) => customerLifecycleEvents(c, o.world)), ...referralEvents(o.world)].filter(
    (e) => e.name !== L.CustomerRegistered && !liveAggregates.has(e.aggregateId),
  );
  const batches: LifecycleEventPlan[][] = [];
  for (let i = 0; i < history.length; i += 2500) batches.push(history.slice(i, i + 2500));
  await pool(batches, 2, async (batch) => {
    const r = await admin.ok<{ inserted: number; skipped: number }>('POST', '/admin/import/lifecycle-events', {
      events: batch.map((e) => ({
        eventId: e.id,
        name: e.name,
        customerId: keyToId.get(e.customerKey)!,
        occurredAt: e.at.toISOString(),
        aggregateType: e.aggregateType,
        aggregateId: e.aggregateId,
        properties: withIds(e.properties, keyToId),
      })),
    });
    report.lifecycleInserted += r.inserted;
    report.lifecycleSkipped += r.skipped;
  });
  log(`lifecycle history: ${report.lifecycleInserted} imported, ${report.lifecycleSkipped} already there`);

  // 4. website tracking through the Segment endpoint
  await sendWebEvents(o, admin, keyToId, report);
  log(`website tracking: ${report.webSent} sent, ${report.webSkipped} already there`);

  // 5. live paths
  await liveRequests(o, creds, keyToId, live, report, log);
  await liveSlice(o, creds, keyToId, report, log);
  await intelligence(o, admin, report, log);
  report.seconds = Math.round((Date.now() - t0) / 100) / 10;
  return report;
}

/** Referral properties name customers by key; the stored events carry Postgres ids. */
function withIds(props: Record<string, unknown>, keyToId: Map<string, string>): Record<string, unknown> {
  if (typeof props.referredCustomerKey !== 'string') return props;
  const { referredCustomerKey, ...rest } = props;
  return { ...rest, referredCustomerId: keyToId.get(referredCustomerKey as string) };
}

/** The customers whose latest quote request falls in the last 30 days, newest first. */
export function liveSelection(world: World, n: number): { c: CustomerPlan; jobIndex: number }[] {
  const since = world.options.end.getTime() - 30 * DAY;
  return world.customers
    .map((c) => ({ c, jobIndex: c.jobs.length - 1 }))
    .filter(({ c, jobIndex }) => jobIndex >= 0 && c.jobs[jobIndex].requestedAt.getTime() >= since)
    .sort((a, b) => b.c.jobs[b.jobIndex].requestedAt.getTime() - a.c.jobs[a.jobIndex].requestedAt.getTime())
    .slice(0, n);
}

async function sendWebEvents(o: LoadOptions, admin: Api, keyToId: Map<string, string>, report: LoadReport) {
  const statePath = path.join(o.dataDir, 'demo-state.json');
  const state = readJson<{ writeKey?: string }>(statePath, {});
  if (!state.writeKey) {
    state.writeKey = (await admin.ok<{ key: string }>('POST', '/v1/write-keys', { source: 'demo-website', name: 'Demo website (loader)' })).key;
    fs.writeFileSync(statePath, JSON.stringify(state, null, 2), { mode: 0o600 });
  }
  const events = o.world.customers.flatMap((c) => customerWebEvents(c, o.world));
  const analytics = new Analytics({ writeKey: state.writeKey, host: o.api, path: '/v1/batch', flushAt: 200, flushInterval: 200, maxEventsInBatch: 200 } as ConstructorParameters<typeof Analytics>[0]);
  let failed: Error | undefined;
  analytics.on('error', (e) => (failed = e as unknown as Error));
  for (let i = 0; i < events.length; i += 4000) {
    const chunk = events.slice(i, i + 4000);
    const { existing } = await admin.ok<{ existing: string[] }>('POST', '/admin/import/existing-messages', { messageIds: chunk.map((e) => e.messageId) });
    const have = new Set(existing);
    for (const e of chunk) {
      if (have.has(e.messageId)) {
        report.webSkipped++;
        continue;
      }
      const who = e.customerKey ? { userId: keyToId.get(e.customerKey)!, anonymousId: e.anonymousId } : { anonymousId: e.anonymousId };
      const base = { ...who, messageId: e.messageId, timestamp: e.at };
      if (e.type === 'page') analytics.page({ ...base, name: e.name, properties: e.properties });
      else if (e.type === 'track') analytics.track({ ...base, event: e.name, properties: e.properties });
      else analytics.identify({ ...base, traits: e.properties });
      report.webSent++;
    }
  }
  await analytics.closeAndFlush({ timeout: 120_000 });
  if (failed) throw new Error(`segment delivery failed: ${failed.message}`);
}

async function liveRequests(o: LoadOptions, creds: Creds, keyToId: Map<string, string>, live: { c: CustomerPlan; jobIndex: number }[], report: LoadReport, log: (s: string) => void) {
  if (!live.length) return;
  const ops = await session(o.api, creds.operations);
  const admin = await session(o.api, creds.admin);
  for (const { c, jobIndex } of live) {
    const j = c.jobs[jobIndex];
    const customerId = keyToId.get(c.key)!;
    const marker = `[demo ${j.key}]`;
    const already = await o.prisma.quoteRequest.findFirst({ where: { details: { contains: marker } }, select: { id: true } });
    if (!already) {
      // The public website form: stamped "now" (a public caller cannot back-date).
      const qr = await ops.ok<{ id: string }>('POST', '/intake/quote-requests', {
        name: c.name,
        email: c.email,
        phone: c.phone,
        company: c.company,
        contactPreference: 'email',
        category: j.category,
        complexity: j.complexity,
        urgent: j.urgent,
        details: `Please quote ${j.category.replace('_', ' ')} work for us. ${marker}`,
      });
      await ops.ok('POST', `/intake/quote-requests/${qr.id}/first-response`, { note: 'Thanks, we will send a quote shortly.' });
      report.liveRequests++;
    }
    for (const [i, t] of j.tickets.entries()) {
      const subject = `Support request ${i + 1} ${marker}`;
      if (await o.prisma.supportTicket.findFirst({ where: { customerId, subject }, select: { id: true } })) continue;
      await admin.ok('POST', '/tickets', { customerId, subject, description: 'Generated by the demo world.', priority: t.priority === 'urgent' ? 'critical' : t.priority }, back(t.openedAt));
    }
  }
  log(`live paths: ${report.liveRequests} quote requests through intake`);
}

async function liveSlice(o: LoadOptions, creds: Creds, keyToId: Map<string, string>, report: LoadReport, log: (s: string) => void) {
  const n = o.liveSlice ?? 40;
  if (!n) return;
  const [ops, mgmt, admin] = [await session(o.api, creds.operations), await session(o.api, creds.management), await session(o.api, creds.admin)];
  const slice = liveSliceSelection(o.world, n);
  await pool(slice, 4, async ({ c, state }) => {
    if (await driveLiveQuote({ ops, mgmt, admin, base: o.api }, o.prisma, c, keyToId.get(c.key)!, state)) report.liveQuotes++;
  });
  log(`live slice: ${report.liveQuotes} current quotes driven through the pipeline (${slice.length - report.liveQuotes} already there)`);
}

/** The default intervention rules (missing ones, by name), then the intelligence jobs once. */
async function intelligence(o: LoadOptions, admin: Api, report: LoadReport, log: (s: string) => void) {
  const have = new Set((await admin.ok<{ name: string }[]>('GET', '/intelligence/rules')).map((r) => r.name));
  for (const r of DEFAULT_RULES) {
    if (have.has(r.name)) continue;
    await admin.ok('POST', '/intelligence/rules', r);
    report.rulesCreated++;
  }
  if (o.runIntelligence === false) return;
  // A model is trained once (a re-run does not add model versions); the weekly schedule retrains.
  const trained = (await admin.ok<{ auc: number | null }[]>('GET', '/intelligence/churn/models')).some((m) => typeof m.auc === 'number' && Number.isFinite(m.auc));
  const runs = await admin.ok<{ job: string; ms: number; result: { error?: string } | null }[]>('POST', '/intelligence/jobs/run', {
    jobs: ['health-recompute-all', ...(trained ? [] : ['churn-train']), 'churn-score', 'segments-recompute', 'interventions-evaluate'],
  });
  log(`intelligence: ${report.rulesCreated} rules created; ${runs.map((r) => `${r.job} ${r.result?.error ? `failed (${r.result.error})` : `${r.ms} ms`}`).join(', ')}`);
}
