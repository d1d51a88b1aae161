/**
 * Funnels, retention and the KPI summary on the embedded ClickHouse engine.
 *
 *   node -r @swc-node/register tools/bench/analytics.bench.ts [--customers=100000] [--events-per-customer=100] [--pg-customers=10000] [--runs=7] [--fresh] [--only=kpi,funnel,retention,pg]
 *
 * The `kpi` section reports the KPI summary twice, labelled apart: the raw
 * computation (what every request cost before the result cache, and what a
 * snapshot refresh costs) and the served time from a warm snapshot (the result
 * cache in the local Redis at the current data version: Redis read + JSON parse,
 * no HTTP and no Postgres targets read) — the path a dashboard preset takes.
 *
 * Default: 10M events for 100k customers, generated in the engine with
 * INSERT … SELECT FROM numbers(). The generated folder (tmp/bench-analytics-chdb)
 * is kept and reused by the next run with the same sizes (generating 10M rows and
 * their lifecycle facts takes minutes on 2 cores); `--fresh` regenerates it. Baseline: the same 5-step funnel in Postgres on
 * a throwaway database holding the events of the first `pg-customers` customers
 * (1M rows by default — loading 10M rows into Postgres on 2 cores takes minutes);
 * ClickHouse runs the same funnel on the same subset for an apples-to-apples ratio,
 * and the two engines must agree on every step count.
 *
 * Identity: a fifth of the people (customer number % 5 = 0) browse anonymously first —
 * the first quarter of their history is `track` rows with only an anonymous id — and
 * one customer in a hundred was merged into its neighbour; `person_overrides` maps
 * them as the events writer would. Funnel, retention and KPIs are timed resolved (the
 * product's SQL) and raw (the same SQL without the person lookup) in the same run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { LifecycleEvent as L } from '@northstar/contracts';
import { CLICKHOUSE_MIGRATIONS_DIR, ClickhouseMigrator, openClickhouse } from '@northstar/clickhouse';
import { AnalyticsCacheService, FunnelQuerySchema, funnelStepsSql, computeKpiValues, kpiQueries, retentionSql, RetentionQuerySchema, type BuiltSql } from '@northstar/analytics';

const arg = (name: string, def: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? def);
const CUSTOMERS = arg('customers', 100_000);
const PER = arg('events-per-customer', 100);
const PG_CUSTOMERS = arg('pg-customers', 10_000);
const RUNS = arg('runs', 3);
const FRESH = process.argv.includes('--fresh');
const ONLY = new Set((process.argv.find((a) => a.startsWith('--only='))?.split('=')[1] ?? 'kpi,funnel,retention,pg').split(','));
/** Bump when generateSql changes, so a kept folder from an older generator is not reused. */
const GENERATOR_VERSION = 3;
const root = path.resolve(__dirname, '../..');
const dataDir = path.join(root, 'tmp/bench-analytics-chdb');

const EVENTS = [
  L.InquiryReceived, L.InquiryResponded, L.QuoteSent, L.QuoteAccepted, L.DepositPaid, L.InvoiceIssued, L.InvoicePaid,
  L.PaymentReceived, L.PaymentRefunded, L.ProjectCompleted, L.MilestoneCompleted, L.FeedbackSubmitted, L.TicketOpened,
  L.TicketResolved, L.CustomerRegistered, L.ReferralMade, L.RepeatBusiness, 'Page Viewed', 'Button Clicked', 'Page Viewed',
];

export function generateSql(table: string, customers: number, per: number): string {
  // number → customer = number % customers, k-th event of that customer = number / customers;
  // time advances ~1 week per event with jitter, so each customer's history is ordered-ish.
  const names = `[${EVENTS.map((e) => `'${e}'`).join(',')}]`;
  const anonymousFirst = `(number % ${customers} % 5 = 0 AND intDiv(number, ${customers}) < ${Math.ceil(per / 4)})`;
  return `
INSERT INTO ${table} (event_id, message_id, type, event, source, user_id, anonymous_id, customer_id, account_id, timestamp, received_at, properties, context, traits, amount_minor, currency)
SELECT generateUUIDv4(number) AS id, toString(id), if(ev IN ('Page Viewed', 'Button Clicked') OR ${anonymousFirst}, 'track', 'lifecycle'), ${names}[1 + cityHash64(number, 1) % ${EVENTS.length}] AS ev, 'bench', '',
  if(${anonymousFirst}, concat('anon', toString(number % ${customers})), ''),
  if(${anonymousFirst}, '', concat('c', toString(number % ${customers}))) AS cust, concat('a', toString(number % ${customers} % 5000)),
  toDateTime64('2023-06-01 00:00:00', 3, 'UTC') + toIntervalMillisecond(intDiv(number, ${customers}) * 604800000 * 100 / ${per} + cityHash64(number, 2) % 604800000) AS ts,
  ts,
  concat('{"quoteRequestId":"qr', toString(number % ${customers}), '_', toString(intDiv(number, ${customers} * 5)), '","quoteId":"q', toString(number % ${customers}), '_', toString(intDiv(number, ${customers} * 5)),
    '","invoiceId":"i', toString(number % ${customers}), '_', toString(intDiv(number, ${customers} * 5)),
    '","channel":"', ['web','phone','chat'][1 + cityHash64(number, 3) % 3], '","onTime":', if(cityHash64(number, 4) % 10 < 8, 'true', 'false'),
    ',"kind":"', ['csat','nps'][1 + cityHash64(number, 5) % 2], '","score":', toString(cityHash64(number, 6) % 11),
    ',"daysToPayment":', toString(cityHash64(number, 7) % 40), ',"quotedMinor":100000,"billedMinor":', toString(90000 + cityHash64(number, 8) % 30000),
    ',"currency":"CAD","resolutionMinutes":', toString(cityHash64(number, 9) % 3000), ',"businessMinutes":', toString(cityHash64(number, 10) % 400),
    ',"projectId":"p', toString(number % ${customers}), '_', toString(intDiv(number, ${customers} * 10)), '","referredCustomerId":"c', toString(cityHash64(number, 11) % ${customers}), '"}'),
  '{}', '{}', if(ev IN ('Payment Received', 'Payment Refunded', 'Invoice Issued'), toInt64(1000 + cityHash64(number, 12) % 100000), 0), 'CAD'
FROM numbers(${customers * per})`;
}

/** What the events writer would have written for the generated identities: anonymous → customer, merged → survivor. */
export function personOverridesSql(customers: number): string {
  return `
INSERT INTO person_overrides (distinct_id, person_id, version)
SELECT concat('anon', toString(number * 5)), concat('c', toString(number * 5)), 1 FROM numbers(${Math.ceil(customers / 5)})
UNION ALL
SELECT concat('c', toString(number * 100 + 1)), concat('c', toString(number * 100)), 1 FROM numbers(${Math.floor(customers / 100)})`;
}

function stats(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
  // Sub-millisecond figures (served snapshots) keep a decimal; the rest round to whole ms as before.
  const r = (x: number) => (x < 10 ? Math.round(x * 100) / 100 : Math.round(x));
  return { p50: r(q(0.5)), p95: r(q(0.95)), runs: s.length };
}

async function time(fn: () => Promise<unknown>, runs = RUNS) {
  await fn(); // warm-up
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return stats(out);
}

/** Two variants timed alternately (a, b, a, b, …), so a load change on a shared machine hits both alike. */
async function timePair(a: () => Promise<unknown>, b: () => Promise<unknown>, runs = RUNS) {
  await a();
  await b();
  const [ta, tb]: number[][] = [[], []];
  for (let i = 0; i < runs; i++) {
    for (const [fn, out] of [[a, ta], [b, tb]] as const) {
      const t = performance.now();
      await fn();
      out.push(performance.now() - t);
    }
  }
  return [stats(ta), stats(tb)];
}

const PG_FUNNEL = `
WITH entries AS (
  SELECT customer_id, ts AS t0 FROM bench_events
  WHERE event = $1 AND ts >= $6::timestamptz AND ts < $7::timestamptz
),
chain AS (
  SELECT e.customer_id, e.t0, s1.t1, s2.t2, s3.t3, s4.t4
  FROM entries e
  LEFT JOIN LATERAL (SELECT min(ts) AS t1 FROM bench_events x WHERE x.customer_id = e.customer_id AND x.event = $2 AND x.ts > e.t0 AND x.ts <= e.t0 + interval '30 days') s1 ON true
  LEFT JOIN LATERAL (SELECT min(ts) AS t2 FROM bench_events x WHERE s1.t1 IS NOT NULL AND x.customer_id = e.customer_id AND x.event = $3 AND x.ts > s1.t1 AND x.ts <= e.t0 + interval '30 days') s2 ON true
  LEFT JOIN LATERAL (SELECT min(ts) AS t3 FROM bench_events x WHERE s2.t2 IS NOT NULL AND x.customer_id = e.customer_id AND x.event = $4 AND x.ts > s2.t2 AND x.ts <= e.t0 + interval '30 days') s3 ON true
  LEFT JOIN LATERAL (SELECT min(ts) AS t4 FROM bench_events x WHERE s3.t3 IS NOT NULL AND x.customer_id = e.customer_id AND x.event = $5 AND x.ts > s3.t3 AND x.ts <= e.t0 + interval '30 days') s4 ON true
),
best AS (
  SELECT customer_id, max(1 + (t1 IS NOT NULL)::int + (t2 IS NOT NULL)::int + (t3 IS NOT NULL)::int + (t4 IS NOT NULL)::int) AS depth
  FROM chain GROUP BY customer_id
)
SELECT k AS step, count(*) AS units FROM best, generate_series(1, depth) AS k GROUP BY k ORDER BY k`;

async function main() {
  const marker = path.join(dataDir, 'bench-params.json');
  const params = JSON.stringify({ customers: CUSTOMERS, per: PER, pgCustomers: PG_CUSTOMERS, generator: GENERATOR_VERSION });
  const reuse = !FRESH && fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === params;
  if (!reuse) fs.rmSync(dataDir, { recursive: true, force: true });
  const figures: Record<string, unknown>[] = [];
  const ch = await openClickhouse({ dataDir, database: 'bench' });
  // Also brings a kept folder up to the current migrations (e.g. backfills lifecycle_facts).
  await new ClickhouseMigrator(ch.client, { dir: CLICKHOUSE_MIGRATIONS_DIR, database: 'bench' }).up();
  const run = async <T = Record<string, unknown>>(q: BuiltSql) => (await ch.client.query({ query: q.sql, query_params: q.params, format: 'JSONEachRow' })).json<T>();

  let t = performance.now();
  if (!reuse) {
    await ch.client.command({ query: generateSql('events', CUSTOMERS, PER) });
    await ch.client.command({ query: personOverridesSql(CUSTOMERS) });
    console.log(`generated events for ${CUSTOMERS} customers (lifecycle_facts filled by its view) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    // A long-running server merges old months into few parts in the background; the
    // bench process lives minutes, so it merges once here to measure that steady state
    // (the current month of a live system keeps a few parts, which FINAL then merges).
    t = performance.now();
    for (const table of ['events', 'lifecycle_facts', 'person_overrides']) await ch.client.command({ query: `OPTIMIZE TABLE ${table} FINAL` });
    console.log(`merged parts in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  } else console.log(`reusing the events generated in ${dataDir} (--fresh to regenerate)`);
  const [{ n, facts }] = await run<{ n: number; facts: number }>({ sql: 'SELECT (SELECT count() FROM events) AS n, (SELECT count() FROM lifecycle_facts) AS facts', params: {} });
  console.log(`${n} events, ${facts} lifecycle_facts rows`);

  const steps5 = [L.InquiryReceived, L.QuoteSent, L.QuoteAccepted, L.DepositPaid, L.ProjectCompleted];
  const funnel = FunnelQuerySchema.parse({ steps: steps5.map((event) => ({ event })), window: { value: 30, unit: 'day' }, from: '2024-01-01', to: '2024-07-01', timezone: 'UTC' });
  const withBreakdown = FunnelQuerySchema.parse({ ...funnel, breakdown: { property: 'channel' } });
  const retention = RetentionQuerySchema.parse({ from: '2024-01-01', to: '2025-01-01', interval: 'month', periods: 12 });
  const kpi = { from: '2024-10-01 00:00:00', to: '2025-01-01 00:00:00', prevFrom: '2024-07-01 00:00:00', timezone: 'UTC', currency: 'CAD' };

  // The previous run's figures (same data and machine, 2026-11-21, before lifecycle_facts): for the record.
  const BEFORE: Record<string, number> = { 'funnel 5 steps 30d': 800, 'funnel with breakdown': 1939, 'retention 12 months': 2480, 'KPI summary': 55547 };
  const fig = (metric: string, st: { p50: number; p95: number; runs: number }, extra: Record<string, unknown> = {}) => {
    figures.push({ metric, value: st.p50, p95: st.p95, runs: st.runs, unit: 'ms', ...(BEFORE[metric] ? { before: BEFORE[metric] } : {}), ...extra });
    return st;
  };
  /** The product's (resolved) figure against the same SQL without the person lookup, in one run. */
  const resolvedVsRaw = async (metric: string, resolved: () => Promise<unknown>, raw: () => Promise<unknown>, extra: Record<string, unknown> = {}) => {
    const [r, w] = await timePair(resolved, raw);
    fig(`${metric}, without identity resolution`, w);
    console.log(`${metric}: resolved p50 ${r.p50} ms vs without resolution ${w.p50} ms (${(r.p50 / w.p50).toFixed(2)}×)`);
    return fig(metric, r, { baseline: 'same query without identity resolution, same run', baselineValue: w.p50, ratio: +(r.p50 / w.p50).toFixed(2), ...extra });
  };
  let f5: { p50: number } | undefined;
  if (ONLY.has('funnel')) {
    f5 = await resolvedVsRaw('funnel 5 steps 30d', () => run(funnelStepsSql(funnel)), () => run(funnelStepsSql(funnel, 'raw')), { target: '< 1000 ms; resolution ≤ 1.5× raw' });
    const fb = await resolvedVsRaw('funnel with breakdown', () => run(funnelStepsSql(withBreakdown)), () => run(funnelStepsSql(withBreakdown, 'raw')));
    const rawSteps = (await run<{ units: number }>(funnelStepsSql(funnel, 'raw'))).map((r) => Number(r.units));
    const chSteps = (await run<{ step: number; units: number }>(funnelStepsSql(funnel))).map((r) => Number(r.units));
    console.log(`ClickHouse 5-step funnel (${n} events): p50 ${f5.p50} ms  counts ${chSteps.join(' → ')} (without resolution ${rawSteps.join(' → ')})  [target < 1000 ms]`);
    console.log(`ClickHouse funnel with breakdown:         p50 ${fb.p50} ms`);
  }
  if (ONLY.has('retention')) {
    const rt = await resolvedVsRaw('retention 12 months', () => run(retentionSql(retention)), () => run(retentionSql(retention, 'raw')));
    console.log(`ClickHouse 12-month retention:            p50 ${rt.p50} ms`);
  }
  if (ONLY.has('kpi')) {
    // The service runs the KPI queries on up to two clients at once (see computeKpiValues).
    const second = await openClickhouse({ dataDir, database: 'bench' });
    const run2 = async <T = Record<string, unknown>>(q: BuiltSql) => (await second.client.query({ query: q.sql, query_params: q.params, format: 'JSONEachRow' })).json<T>();
    const one = fig('KPI summary (one client)', await time(() => computeKpiValues(run, kpi)), { target: '< 300 ms' });
    const two = await resolvedVsRaw('KPI summary', () => computeKpiValues([run, run2], kpi), () => computeKpiValues([run, run2], { ...kpi, identity: 'raw' }), { target: '< 300 ms', clients: 2 });
    console.log(`ClickHouse KPI summary:                   p50 ${two.p50} ms, p95 ${two.p95} ms on 2 clients; ${one.p50} ms on one  [target < 300 ms]`);

    // The same summary through the result cache (libs/analytics AnalyticsCacheService), as GET /analytics/kpis serves it.
    const cache = new AnalyticsCacheService({ redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix: `bench:analytics:${process.pid}`, scope: 'bench' });
    await cache.connect();
    try {
      const serve = () => cache.serve('kpi', kpiQueries(kpi), () => computeKpiValues([run, run2], kpi));
      const tc = performance.now();
      const cold = await serve();
      const coldMs = Math.round(performance.now() - tc);
      if (cold.cached || cold.dataVersion === null) throw new Error('expected a cold miss stored in Redis');
      const warm = await time(async () => {
        const s = await serve();
        if (!s.cached) throw new Error('warm snapshot missed');
      }, Math.max(RUNS, 50));
      fig('KPI summary served from warm snapshot (Redis read + JSON parse)', warm, { target: '< 300 ms', baseline: 'KPI summary raw computation (2 clients), same run', baselineValue: two.p50, ratio: +(two.p50 / Math.max(warm.p50, 0.01)).toFixed(1) });
      fig('KPI summary served on a snapshot miss (compute + store)', { p50: coldMs, p95: coldMs, runs: 1 }, { note: 'first request after new data, non-preset range' });
      console.log(`KPI summary served from warm snapshot:    p50 ${warm.p50} ms, p95 ${warm.p95} ms (raw computation p50 ${two.p50} ms); miss ${coldMs} ms`);
      await cache.redis.del(cache.versionKey, cache.entryKey('kpi', kpiQueries(kpi)));
    } finally {
      await cache.onApplicationShutdown();
    }
    await second.client.close();
  }
  for (const f of figures) if (f.before) console.log(`  ${f.metric}: ${f.value} ms; previous run ${f.before} ms (ratio previous/now ${(Number(f.before) / Number(f.value)).toFixed(1)}, not same-run: load differs)`);

  let subN = 0;
  if (ONLY.has('pg') && f5) {
    // Same subset in both engines.
    const sub = await openClickhouse({ dataDir, database: 'bench_sub' });
    await sub.client.command({ query: 'DROP DATABASE IF EXISTS bench_sub' });
    await sub.client.command({ query: 'CREATE DATABASE bench_sub' });
    await new ClickhouseMigrator(sub.client, { dir: CLICKHOUSE_MIGRATIONS_DIR, database: 'bench_sub' }).up();
    await sub.client.command({ query: `INSERT INTO bench_sub.events SELECT * FROM bench.events WHERE customer_id != '' AND toUInt32(substring(customer_id, 2)) < ${PG_CUSTOMERS}` });
    const subRun = async <T = Record<string, unknown>>(q: BuiltSql) => (await sub.client.query({ query: q.sql, query_params: q.params, format: 'JSONEachRow' })).json<T>();
    [{ n: subN }] = await subRun<{ n: number }>({ sql: 'SELECT count() AS n FROM events', params: {} });
    const chSub = await time(() => subRun(funnelStepsSql(funnel)));
    const chSubSteps = (await subRun<{ units: number }>(funnelStepsSql(funnel))).map((r) => Number(r.units));

    const admin = new Client({ connectionString: process.env.TEST_DATABASE_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres' });
    await admin.connect();
    await admin.query('DROP DATABASE IF EXISTS ns_bench_analytics');
    await admin.query('CREATE DATABASE ns_bench_analytics');
    const pg = new Client({ connectionString: (process.env.TEST_DATABASE_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres').replace(/\/[^/]*$/, '/ns_bench_analytics') });
    await pg.connect();
    try {
      await pg.query('CREATE TABLE bench_events (event_id uuid, event text, customer_id text, ts timestamptz, properties jsonb)');
      t = performance.now();
      // The funnel reads no properties; Postgres gets the columns it needs.
      const pages = Math.max(1, Math.ceil(subN / 100_000));
      for (let page = 0; page < pages; page++) {
        const rows = await subRun<{ id: string; e: string; c: string; t: string }>({
          sql: `SELECT toString(event_id) AS id, event AS e, customer_id AS c, toString(timestamp) AS t FROM events WHERE cityHash64(event_id) % ${pages} = ${page}`,
          params: {},
        });
        await pg.query(`INSERT INTO bench_events SELECT id, e, c, t, '{}'::jsonb FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[]) AS u(id, e, c, t)`, [
          rows.map((r) => r.id), rows.map((r) => r.e), rows.map((r) => r.c), rows.map((r) => `${r.t}Z`),
        ]);
      }
      await pg.query('CREATE INDEX ON bench_events (customer_id, event, ts)');
      await pg.query('CREATE INDEX ON bench_events (event, ts)');
      await pg.query('ANALYZE bench_events');
      console.log(`Postgres: loaded ${subN} events (${PG_CUSTOMERS} customers) + indexes in ${((performance.now() - t) / 1000).toFixed(1)} s`);
      const pgArgs = [...steps5, '2024-01-01T00:00:00Z', '2024-07-01T00:00:00Z'];
      const pgT = await time(() => pg.query(PG_FUNNEL, pgArgs), Math.min(RUNS, 5));
      const pgSteps = (await pg.query(PG_FUNNEL, pgArgs)).rows.map((r) => Number(r.units));
      const agree = JSON.stringify(pgSteps) === JSON.stringify(chSubSteps);
      console.log(`Same funnel on ${subN} events: ClickHouse p50 ${chSub.p50} ms vs Postgres p50 ${pgT.p50} ms → Postgres/ClickHouse ${(pgT.p50 / chSub.p50).toFixed(1)}×; counts agree: ${agree} (${chSubSteps.join(' → ')})`);
      console.log(`ClickHouse on ${n} events vs Postgres on ${subN}: ${(pgT.p50 / f5.p50).toFixed(1)}× (Postgres on 10× fewer rows)`);
      figures.push({ metric: `funnel on ${subN} rows (ClickHouse)`, value: chSub.p50, p95: chSub.p95, unit: 'ms', baseline: 'Postgres', baselineValue: pgT.p50, ratio: +(pgT.p50 / chSub.p50).toFixed(2), countsAgree: agree });
      if (!agree) process.exitCode = 1;
    } finally {
      await pg.end();
      await admin.query('DROP DATABASE IF EXISTS ns_bench_analytics');
      await admin.end();
      await sub.client.command({ query: 'DROP DATABASE IF EXISTS bench_sub' });
      await sub.client.close();
    }
  }
  const out = { at: new Date().toISOString(), events: n, lifecycleFacts: facts, customers: CUSTOMERS, pgEvents: subN, runs: RUNS, sections: [...ONLY], figures };
  fs.mkdirSync(path.join(root, 'bench-results'), { recursive: true });
  fs.writeFileSync(path.join(root, 'bench-results/analytics.json'), JSON.stringify(out, null, 2));
  await ch.client.close();
  // Kept for the next run (tmp/ is git-ignored); --fresh regenerates.
  fs.writeFileSync(marker, params);
}

if (require.main === module) main().catch((e) => {
  console.error(e);
  process.exit(1);
});
