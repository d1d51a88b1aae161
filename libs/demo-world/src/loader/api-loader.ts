import fs from 'node:fs';
import path from 'node:path';
import { Analytics } from '@segment/analytics-node';
import { createStaffUser } from '@northstar/access/src/cli/create-admin';
import { hashPassword, generatePassword } from '@northstar/access';
import type { PrismaService } from '@northstar/prisma';
import { customerWebEvents } from '../world-events';
import type { CustomerPlan, World } from '../world.types';
import type { CustomerReplay } from '../replay/history-replay.service';
import { requestInput } from '../replay/replay-inputs';
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
  /** Customers replayed at once by the server (per request; two requests run at a time). */
  concurrency?: number;
  log?: (line: string) => void;
}

export interface LoadReport {
  /** Customers whose history was replayed by this load. */
  customersCreated: number;
  customersExisting: number;
  /** Customers with some history but no completed replay (an interrupted load): left as they are. */
  customersIncomplete: number;
  /** Service steps performed by the replay, and those the services refused (each stops its job). */
  historySteps: number;
  refusedSteps: string[];
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

/** Customers per replay request: a request stays well inside HTTP timeouts. */
const REPLAY_BATCH = 20;

/**
 * Loads a world through the running API:
 *  1. demo staff users (Postgres, access lib) and an admin session;
 *  2. every customer and their whole history through POST /admin/demo/replay: the
 *     server runs each step through the domain services, back-dated to when it
 *     happened, so Postgres holds the records and ClickHouse their events (outbox);
 *  3. website tracking through /v1/batch with @segment/analytics-node, skipping
 *     message ids the events table already has;
 *  4. the most recent customers' latest requests through the live intake form and
 *     staff first response (stamped now; the replay leaves those jobs out), and the
 *     live slice of current quotes;
 *  5. the intervention rules and one run of the intelligence jobs.
 * Every step re-checks the databases, so a second load adds nothing.
 */
export async function loadWorldThroughApi(o: LoadOptions): Promise<LoadReport> {
  const t0 = Date.now();
  const log = o.log ?? (() => undefined);
  const report: LoadReport = { customersCreated: 0, customersExisting: 0, customersIncomplete: 0, historySteps: 0, refusedSteps: [], webSent: 0, webSkipped: 0, liveRequests: 0, liveQuotes: 0, rulesCreated: 0, newCredentials: [], seconds: 0 };
  const { creds, fresh } = await ensureDemoStaff(o.prisma, o.dataDir, o.world.options.seed);
  report.newCredentials = fresh;
  sessions.clear();
  const admin = await session(o.api, creds.admin);

  // 2. customers and their history; the live jobs go through the live paths instead.
  const live = liveSelection(o.world, o.liveCustomers ?? 8);
  const keyToId = await replayHistory(o, admin, live, report);
  log(`history: ${report.customersCreated} customers replayed (${report.historySteps} steps), ${report.customersExisting} already there${report.customersIncomplete ? `, ${report.customersIncomplete} incomplete (an interrupted load; reset the data to load them)` : ''}`);
  if (report.refusedSteps.length) log(`history: ${report.refusedSteps.length} step(s) refused by the services: ${report.refusedSteps.slice(0, 5).join('; ')}`);

  // 3. website tracking through the Segment endpoint
  await sendWebEvents(o, admin, keyToId, report);
  log(`website tracking: ${report.webSent} sent, ${report.webSkipped} already there`);

  // 4. live paths
  await liveRequests(o, creds, live, report, log);
  await liveSlice(o, creds, keyToId, report, log);
  await intelligence(o, admin, report, log);
  report.seconds = Math.round((Date.now() - t0) / 100) / 10;
  return report;
}

/** Replays the world's customers in batches, two requests at a time; returns each key's customer id. */
async function replayHistory(o: LoadOptions, admin: Api, live: { c: CustomerPlan; jobIndex: number }[], report: LoadReport): Promise<Map<string, string>> {
  const { seed, customers, end, spanDays, currency } = o.world.options;
  const skipJobs = live.map(({ c, jobIndex }) => c.jobs[jobIndex].key);
  const batches: string[][] = [];
  for (let i = 0; i < o.world.customers.length; i += REPLAY_BATCH) batches.push(o.world.customers.slice(i, i + REPLAY_BATCH).map((c) => c.key));
  const keyToId = new Map<string, string>();
  await pool(batches, 2, async (keys) => {
    const r = await admin.ok<{ customers: CustomerReplay[] }>('POST', '/admin/demo/replay', { seed, customers, end: end.toISOString(), spanDays, currency, keys, skipJobs, concurrency: o.concurrency ?? 3 });
    for (const c of r.customers) {
      keyToId.set(c.key, c.customerId);
      if (c.outcome === 'replayed') report.customersCreated++;
      else if (c.outcome === 'existing') report.customersExisting++;
      else report.customersIncomplete++;
      report.historySteps += c.steps;
      report.refusedSteps.push(...c.refused.map((x) => `${c.key} ${x}`));
    }
  });
  return keyToId;
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

async function liveRequests(o: LoadOptions, creds: Creds, live: { c: CustomerPlan; jobIndex: number }[], report: LoadReport, log: (s: string) => void) {
  if (!live.length) return;
  const ops = await session(o.api, creds.operations);
  for (const { c, jobIndex } of live) {
    const j = c.jobs[jobIndex];
    const marker = `[demo ${j.key}]`;
    const already = await o.prisma.quoteRequest.findFirst({ where: { details: { contains: marker } }, select: { id: true } });
    if (!already) {
      // The public website form: stamped "now" (a public caller cannot back-date).
      const qr = await ops.ok<{ id: string }>('POST', '/intake/quote-requests', {
        ...requestInput(c, j),
        details: `Please quote ${j.category.replace('_', ' ')} work for us. ${marker}`,
      });
      await ops.ok('POST', `/intake/quote-requests/${qr.id}/first-response`, { note: 'Thanks, we will send a quote shortly.' });
      report.liveRequests++;
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
