import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import fc from 'fast-check';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { CustomerLinkService, type AccessRule } from '@northstar/access';
import { jsonShapeProblems } from '@northstar/http';
import { staffAuthHeader } from '@northstar/access/testing';
import { TrackingMessageSchema, WriteKeyService } from '@northstar/ingestion';
import { createReadyApiApp } from '@northstar/platform';
import { PrismaService } from '@northstar/prisma';
import { createTestEnvironment, type TestEnvironment } from '@northstar/testing';
import { mutationsOf, RawJson, type Mutation, type RequestParts } from './support/input-mutations';
import { routeInputs, type RouteInputs } from './support/route-inputs';
import { validSample } from './support/zod-samples';

/**
 * Every route that takes input, walked from the app itself: for each, a valid request is
 * built from the zod schemas its pipes validate with, and fast-check makes it invalid one
 * field at a time (NUL and control characters, ANSI escapes, lone surrogates, numbers past
 * their column, 1e400, impossible dates, unknown zones and countries, 5,000-level nesting,
 * __proto__ and constructor keys, wrong types, missing fields). Every such request must be
 * answered 400, naming the field, and must change nothing: the row count of every
 * Postgres table (the outbox included) and the jobs ever queued in Redis stay as they
 * were. The audit trail is the exception by design: it records refused writes too.
 */
const SEED = Number(process.env.FC_SEED ?? 15_2026);
const RUNS_PER_ROUTE = Number(process.env.FC_RUNS_PER_ROUTE ?? 6);

/** Routes whose body is validated by hand rather than by a zod pipe: the schema they apply. */
const SEGMENT_TYPES = ['track', 'identify', 'page', 'screen', 'group', 'alias'] as const;
const HAND_VALIDATED: Record<string, z.ZodType> = {
  'POST /v1/batch': z.object({ batch: z.array(TrackingMessageSchema).min(1) }),
  ...Object.fromEntries(SEGMENT_TYPES.map((t) => [`POST /v1/${t}`, TrackingMessageSchema])),
};

/** Webhooks are authenticated by a signature over the exact bytes: a changed body is refused before any field is read. */
const exercised = (r: RouteInputs) => r.rule?.kind !== 'webhook' && (r.readsBody || r.query || Object.keys(r.queryKeys).length || Object.keys(r.params).length);

interface Case {
  route: RouteInputs;
  base: RequestParts;
  mutations: Mutation[];
  headers: () => Promise<Record<string, string>>;
}

describe('input validation: no malformed input reaches a 5xx or the database (property)', () => {
  let env: TestEnvironment;
  let app: NestFastifyApplication;
  let redis: Redis;
  let admin: Record<string, string>;
  let writeKey: string;
  let countAll: () => Promise<Record<string, number>>;
  const cases: Case[] = [];

  beforeAll(async () => {
    env = await createTestEnvironment();
    app = await createReadyApiApp();
    redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    admin = await staffAuthHeader(app, 'admin');
    writeKey = (await app.get(WriteKeyService).create({ source: 'property' })).key;
    countAll = await rowAndJobCounter(app.get(PrismaService), redis, env.queuePrefix);
    process.stdout.write(`input-validation property: fast-check seed ${SEED}, ${RUNS_PER_ROUTE} runs per route (FC_SEED / FC_RUNS_PER_ROUTE to change)\n`);
    for (const route of routeInputs(app).filter(exercised)) cases.push(await caseOf(route));
  });

  afterAll(async () => {
    redis?.disconnect();
    await app?.close();
    await env?.teardown();
  });

  async function caseOf(route: RouteInputs): Promise<Case> {
    const key = `${route.method} ${route.path}`;
    const bodySchema = route.body ?? HAND_VALIDATED[key];
    const params = Object.fromEntries(Object.entries(route.params).map(([name, schema]) => [name, schema ? String(validSample(schema)) : randomUUID()]));
    const query = Object.fromEntries(Object.entries(route.query ? (validSample(route.query) as Record<string, unknown>) : {}).map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : String(v)]));
    for (const k of Object.keys(route.queryKeys)) query[k] = '10';
    let body = bodySchema ? validSample(bodySchema) : undefined;
    const segmentType = /^\/v1\/(track|identify|page|screen|group|alias)$/.exec(route.path)?.[1];
    if (segmentType) body = { ...(body as object), type: segmentType };
    const rule: AccessRule | undefined = route.rule;
    const fixedQuery = new Set<string>();
    let headers = async () => ({ ...admin });
    if (rule?.kind === 'customer-link') {
      // The link token binds the resource id: a valid one is minted for the id in the path.
      query.token = await app.get(CustomerLinkService).sign(rule.resource, params.id);
      fixedQuery.add('token');
      headers = async () => ({});
    } else if (rule?.kind === 'write-key') {
      headers = async () => ({ authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}` });
    }
    const base: RequestParts = { params, query, body };
    return { route, base, headers, mutations: mutationsOf(route, base, bodySchema, { query: fixedQuery, params: rule?.kind === 'customer-link' }) };
  }

  async function send(c: Case, parts: RequestParts) {
    const url = c.route.path.replace(/:(\w+)/g, (_m, p: string) => encodeURIComponent(parts.params[p]));
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(parts.query)) for (const one of ([] as string[]).concat(v)) qs.append(k, one);
    const hasBody = parts.body !== undefined && c.route.method !== 'GET';
    return app.inject({
      method: c.route.method as never,
      url: qs.size ? `${url}?${qs}` : url,
      // A fresh client address per request: the per-IP limits of public routes must not answer first.
      headers: { ...(await c.headers()), 'x-forwarded-for': `10.${(Math.random() * 250) | 0}.${(Math.random() * 250) | 0}.${(Math.random() * 250) | 0}`, ...(hasBody ? { 'content-type': 'application/json' } : {}) },
      ...(hasBody ? { payload: serialize(parts.body) } : {}),
    });
  }

  it('walks every route that takes input, with a valid request for each that the inputs layer accepts', () => {
    expect(cases.length).toBeGreaterThan(100);
    const paths = cases.map((c) => `${c.route.method} ${c.route.path}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        'POST /intake/quote-requests',
        'POST /customers',
        'GET /customers',
        'POST /quotes',
        'POST /payments/manual',
        'POST /projects/:id/time-logs',
        'POST /tickets',
        'POST /appointments',
        'GET /analytics/kpis',
        'POST /analytics/funnels',
        'GET /analytics/retention',
        'GET /v1/events/counts',
        'POST /v1/batch',
      ]),
    );
    // Only a customer link's own id can be left unmutated: the signed token binds it, so a changed id is refused as a credential.
    const unmutated = cases.filter((c) => !c.mutations.length);
    expect(unmutated.filter((c) => c.route.rule?.kind !== 'customer-link').map((c) => `${c.route.method} ${c.route.path}`)).toEqual([]);
    for (const c of cases) expect({ route: `${c.route.method} ${c.route.path}`, shapeProblems: jsonShapeProblems(c.base) }).toEqual({ route: `${c.route.method} ${c.route.path}`, shapeProblems: [] });
  });

  it('answers every malformed request 400 naming the field, and changes nothing', async () => {
    const failures: string[] = [];
    // Each request's "before" is the previous one's "after": one count per request.
    let counts = await countAll();
    for (const c of cases.filter((x) => x.mutations.length)) {
      const route = `${c.route.method} ${c.route.path}`;
      const property = fc.asyncProperty(fc.nat(c.mutations.length - 1), fc.nat(), fc.nat(), async (i, pick, at) => {
        const mutation = c.mutations[i];
        const before = counts;
        const res = await send(c, mutation.make(c.base, pick, at));
        const after = (counts = await countAll());
        const fields = ((res.json().error?.details ?? []) as { field: string }[]).map((d) => d.field);
        const { audit_log: auditBefore = 0, ...restBefore } = before;
        const { audit_log: auditAfter = 0, ...restAfter } = after;
        const changed = changedCounts(restBefore, restAfter);
        const problems = [
          res.statusCode !== 400 && `answered ${res.statusCode} ${res.body.slice(0, 200)}`,
          res.statusCode === 400 && !fields.some((f) => related(f, mutation.field)) && `named ${JSON.stringify(fields)}`,
          Object.keys(changed).length && `changed ${JSON.stringify(changed)}`,
          auditAfter - auditBefore > 1 && `wrote ${auditAfter - auditBefore} audit rows`,
        ].filter(Boolean);
        if (problems.length) failures.push(`${route} — ${mutation.input} ${mutation.field || '(body)'} (${mutation.kind}, pick ${pick}, at ${at}): ${problems.join('; ')}`);
        return !problems.length;
      });
      await fc.check(property, { numRuns: RUNS_PER_ROUTE, seed: SEED, endOnFailure: true });
    }
    expect(failures).toEqual([]);
  }, 10 * 60_000);

  // Last, as these are accepted and write: the unmutated requests, which the refusals above are measured against.
  // A 503 is a dependency's answer (the test has no Google Calendar), not the input's; an unknown error is a 500.
  it('answers the valid requests themselves without an unknown error', async () => {
    const failed: string[] = [];
    for (const c of cases) {
      const res = await send(c, c.base);
      if (res.statusCode >= 500 && res.statusCode !== 503) failed.push(`${c.route.method} ${c.route.path}: ${res.statusCode} ${res.body.slice(0, 200)}`);
    }
    expect(failed).toEqual([]);
  }, 5 * 60_000);
});

/** Row counts of every table of the test database, plus the jobs ever added to each queue (BullMQ's id counters). */
async function rowAndJobCounter(prisma: PrismaService, redis: Redis, prefix: string) {
  const tables = (await prisma.$queryRawUnsafe<{ t: string }[]>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations'`)).map((r) => r.t);
  const sql = tables.map((t) => `SELECT '${t}' AS t, count(*)::int AS n FROM "${t}"`).join(' UNION ALL ');
  return async () => {
    const rows = await prisma.$queryRawUnsafe<{ t: string; n: number }[]>(sql);
    const jobKeys = await redis.keys(`${prefix}:*:id`);
    const jobs = jobKeys.length ? await redis.mget(jobKeys) : [];
    return { ...Object.fromEntries(rows.map((r) => [r.t, r.n])), ...Object.fromEntries(jobKeys.map((k, i) => [`redis ${k}`, Number(jobs[i])])) };
  };
}

function changedCounts(before: Record<string, number>, after: Record<string, number>) {
  return Object.fromEntries(Object.keys({ ...before, ...after }).filter((k) => (before[k] ?? 0) !== (after[k] ?? 0)).map((k) => [k, `${before[k] ?? 0} → ${after[k] ?? 0}`]));
}

/** The 400 names the mutated field, one inside it (deep nesting: where the walk stopped) or the object holding it (a union branch); any, for the body as a whole. */
const related = (reported: string, field: string) => !field || reported === field || reported.startsWith(`${field}.`) || field.startsWith(`${reported}.`);

/** JSON with RawJson pieces spliced in as they are. */
function serialize(body: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(body, (_k, v) => (v instanceof RawJson ? `@@raw${raws.push(v.text) - 1}@@` : v));
  return text.replace(/"@@raw(\d+)@@"/g, (_m, i: string) => raws[Number(i)]);
}
