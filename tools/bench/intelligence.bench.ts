/**
 * Intelligence II at scale: health scores, segments, churn training and scoring, and
 * intervention rule evaluation over 100k customers / 10M events on the embedded
 * ClickHouse engine, with results written to a throwaway Postgres database.
 *
 *   node -r @swc-node/register tools/bench/intelligence.bench.ts [--customers=100000] [--events-per-customer=100] [--fresh]
 *
 * Events are generated in the engine with INSERT … SELECT FROM numbers() (a 40 %
 * share of customers stop at a random point, so churn has something to find). The
 * generated folder (tmp/bench-intelligence-chdb) is kept and reused by the next run
 * with the same sizes; --fresh regenerates it.
 *
 * Baseline, measured in the same run: one plain aggregation over the same events
 * (`SELECT customer_id, count(), max(timestamp), sum(amount_minor) … FINAL GROUP BY
 * customer_id`) — the cheapest possible "touch every event once per customer"
 * pass. Every figure is reported with its ratio to it. Peak memory is the process
 * RSS (the engine runs in-process, so it includes ClickHouse) sampled every 50 ms.
 */
import fs from 'node:fs';
import path from 'node:path';
import { LifecycleEvent as L } from '@northstar/contracts';

const arg = (name: string, def: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? def);
const CUSTOMERS = arg('customers', 100_000);
const PER = arg('events-per-customer', 100);
const FRESH = process.argv.includes('--fresh');
const root = path.resolve(__dirname, '../..');
const dataDir = path.join(root, 'tmp/bench-intelligence-chdb');
const database = 'bench_intelligence';
const GENERATOR_VERSION = 1;

process.env.CLICKHOUSE_DATA_DIR = dataDir;
process.env.CLICKHOUSE_DATABASE = database;
process.env.LOG_LEVEL = 'warn';
process.env.UV_THREADPOOL_SIZE ??= '8';

const WEIGHTED = [
  ...Array(10).fill('Page Viewed'), ...Array(2).fill('Report Opened'),
  L.PaymentReceived, L.PaymentReceived, L.InvoiceIssued, L.InvoiceIssued, L.InvoicePaid, L.InvoicePaid,
  L.PaymentFailed, L.InvoiceOverdue, L.TicketOpened, L.TicketEscalated, L.TicketReopened, L.FeedbackSubmitted,
  L.MilestoneCompleted, L.CheckInLogged, L.OutreachResponded, L.QuoteViewed, L.QuoteRejected, L.ReferralMade,
] as string[];

function generateSql(customers: number, per: number): string {
  const arr = `[${WEIGHTED.map((e) => `'${e}'`).join(',')}]`;
  return `
INSERT INTO events (event_id, message_id, type, event, source, user_id, anonymous_id, customer_id, account_id, timestamp, received_at, properties, context, traits, amount_minor, currency)
SELECT generateUUIDv4(number), '', if(ev IN ('Page Viewed', 'Report Opened'), 'track', 'lifecycle'), ev, 'bench', '', '', cust, acct, ts, ts, props, '', '', amt, if(amt > 0, 'CAD', '')
FROM (
  SELECT number,
    number % ${customers} AS c, intDiv(number, ${customers}) AS k,
    concat('c', toString(c)) AS cust,
    if(cityHash64(c, 7) % 10 < 3, concat('a', toString(c % 5000)), '') AS acct,
    toInt64(200 + cityHash64(c, 1) % 530) AS age_days,
    cityHash64(c, 2) % 100 < 40 AS churner,
    if(churner, toInt64(30 + cityHash64(c, 3) % toUInt64(age_days - 20)), age_days) AS active_days,
    now64(3) - toIntervalDay(age_days) AS start,
    start + toIntervalSecond(toInt64((k + (cityHash64(number, 4) % 1000) / 1000.0) / ${per} * active_days * 86400)) AS ts,
    if(k = 0, '${L.CustomerRegistered}', ${arr}[1 + cityHash64(number, 5) % ${WEIGHTED.length}]) AS ev,
    if(ev IN ('${L.PaymentReceived}', '${L.InvoiceIssued}', '${L.InvoicePaid}'), toInt64(10000 + cityHash64(c, 6) % 200000), 0) AS amt,
    cityHash64(number, 9) % 2 = 0 AS is_nps,
    concat('{"invoiceId":"i', toString(c), '_', toString(intDiv(k, 5)), '","amountMinor":', toString(amt),
      ',"daysToPayment":', toString(cityHash64(number, 8) % 40), ',"kind":"', if(is_nps, 'nps', 'csat'),
      '","score":', toString(if(is_nps, cityHash64(number, 10) % 11, 1 + cityHash64(number, 10) % 5)),
      ',"onTime":', if(cityHash64(number, 11) % 10 < 8, 'true', 'false'),
      ',"customerType":"', if(acct != '', 'business', 'individual'), '","quoteId":"q', toString(c), '"}') AS props
  FROM numbers(${customers * per})
)`;
}

interface Step {
  name: string;
  seconds: number;
  peakRssMb: number;
  ratioToBaseline?: number;
  target?: string;
  detail?: unknown;
}

async function measure<T>(name: string, fn: () => Promise<T>): Promise<{ step: Step; value: T }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const t = process.hrtime.bigint();
  try {
    const value = await fn();
    const seconds = Number(process.hrtime.bigint() - t) / 1e9;
    peak = Math.max(peak, process.memoryUsage().rss);
    return { step: { name, seconds: Math.round(seconds * 1000) / 1000, peakRssMb: Math.round(peak / 1048576) }, value };
  } finally {
    clearInterval(timer);
  }
}

async function main() {
  const { resetConfigCache, ConfigModule } = await import('@northstar/config');
  const { ensureTemplateDatabase, createDatabaseFromTemplate, dropDatabase } = await import('@northstar/testing');
  const pgName = `ns_bench_intel_${process.pid}`;
  process.env.DATABASE_URL = await createDatabaseFromTemplate(await ensureTemplateDatabase(), pgName);
  resetConfigCache();
  const { NestFactory } = await import('@nestjs/core');
  const { ClickhouseModule, ClickhouseService } = await import('@northstar/clickhouse');
  const { PrismaModule, PrismaService } = await import('@northstar/prisma');
  const { QueuesModule } = await import('@northstar/queues');
  const { ChurnService } = await import('@northstar/churn');
  const { HealthScoreService } = await import('@northstar/health');
  const { SegmentService } = await import('@northstar/segments');
  const { InterventionEngine, InterventionsModule } = await import('@northstar/interventions');

  // The services as the platform wires them (one instance each), over the bench's own databases.
  class IntelligenceBenchModule {}
  const app = await NestFactory.createApplicationContext(
    { module: IntelligenceBenchModule, imports: [ConfigModule, PrismaModule, ClickhouseModule, QueuesModule.forRoot(), InterventionsModule] },
    { logger: ['error', 'warn'] },
  );
  const clickhouse = app.get(ClickhouseService);
  const prisma = app.get(PrismaService);
  const steps: Step[] = [];
  try {
    const writer = await clickhouse.writer();
    const marker = path.join(dataDir, `generated-${GENERATOR_VERSION}-${CUSTOMERS}x${PER}`);
    if (FRESH || !fs.existsSync(marker)) {
      await writer.command({ query: `DROP DATABASE IF EXISTS ${database}` });
      await writer.command({ query: `CREATE DATABASE ${database}` });
      await writer.command({ query: `USE ${database}` });
      await clickhouse.migrator(writer).up();
      const gen = await measure('generate events (INSERT … SELECT FROM numbers())', async () => {
        // in slices so the engine's memory stays bounded on 2 cores
        const slice = Math.max(1, Math.floor(10_000_000 / CUSTOMERS / 2)) ;
        for (let k0 = 0; k0 < PER; k0 += slice) {
          const k1 = Math.min(PER, k0 + slice);
          const sql = generateSql(CUSTOMERS, PER).replace(`FROM numbers(${CUSTOMERS * PER})`, `FROM numbers(${k0 * CUSTOMERS}, ${(k1 - k0) * CUSTOMERS})`);
          await writer.command({ query: sql });
        }
        await writer.command({ query: 'OPTIMIZE TABLE events FINAL' });
      });
      console.log(`generated ${CUSTOMERS * PER} events in ${gen.step.seconds} s`);
      fs.writeFileSync(marker, new Date().toISOString());
    } else {
      await writer.command({ query: `USE ${database}` });
      await clickhouse.migrator(writer).up();
    }
    const analytics = await clickhouse.analytics();
    const count = await (await analytics.query({ query: 'SELECT count() AS n, uniqExact(customer_id) AS c FROM events', format: 'JSONEachRow' })).json<{ n: number; c: number }>();
    console.log(`events: ${count[0].n}, customers: ${count[0].c}`);

    const s = { health: app.get(HealthScoreService), churn: app.get(ChurnService), segments: app.get(SegmentService), engine: app.get(InterventionEngine) };

    const base = await measure('baseline: plain per-customer aggregation over events FINAL', async () => {
      const rs = await analytics.query({
        query: 'SELECT customer_id, count() AS n, max(timestamp) AS last, sum(amount_minor) AS m FROM events FINAL GROUP BY customer_id',
        format: 'JSONEachRow',
      });
      return (await rs.json()).length;
    });
    steps.push(base.step);
    const ratio = (st: Step) => ({ ...st, ratioToBaseline: Math.round((st.seconds / base.step.seconds) * 10) / 10 });

    const health = await measure('health scores: full recompute (customers + accounts)', () => s.health.recompute());
    const churnTrain = await measure('churn: training (features at 4 cutoffs, IRLS, Platt, BG/NBD)', () => s.churn.train());
    const churnScore = await measure('churn: scoring every customer', () => s.churn.score());
    const segments = await measure('segments: full recompute (RFM, tiers, stages, memberships)', () => s.segments.recompute());
    const segments2 = await measure('segments: second run (steady state, diff only)', () => s.segments.recompute());

    await prisma.interventionRule.createMany({
      data: [
        { name: 'Red health', trigger: { type: 'health_band', bands: ['red'] }, actions: [{ type: 'task' }], cooldownDays: 14 },
        { name: 'Churn risk ≥ 70 %', trigger: { type: 'churn_risk', threshold: 0.7 }, actions: [{ type: 'task' }], cooldownDays: 30 },
        { name: 'Silent 60 days', trigger: { type: 'no_interaction', days: 60 }, actions: [{ type: 'segment', segmentKey: 'manual:silent' }], cooldownDays: 30, holdoutShare: 0.1 },
        { name: 'Invoice overdue 14 days', trigger: { type: 'invoice_overdue', days: 14 }, actions: [{ type: 'task', kind: 'follow_up', dueHours: 72 }], cooldownDays: 14 },
        { name: 'NPS detractor', trigger: { type: 'nps_detractor', withinDays: 30, maxScore: 6 }, actions: [{ type: 'task' }], cooldownDays: 30, holdForDays: 0 },
        { name: 'Usage drop', trigger: { type: 'usage_drop', dropPct: 60, minPrevious: 5 }, actions: [{ type: 'task' }], cooldownDays: 30 },
      ] as never,
    });
    const rules1 = await measure('rules: evaluation, 6 rules (first run: fires, creates tasks)', () => s.engine.evaluate());
    const rules2 = await measure('rules: evaluation, 6 rules (steady state: all in cooldown)', () => s.engine.evaluate());

    steps.push(
      { ...ratio(health.step), target: '< 30 s (with segments)', detail: health.value },
      { ...ratio(segments.step), target: '< 30 s (with health)', detail: segments.value },
      { ...ratio(segments2.step), detail: segments2.value },
      { ...ratio(churnScore.step), target: '< 10 s', detail: churnScore.value },
      { ...ratio(churnTrain.step), target: 'report', detail: { version: churnTrain.value.version, auc: churnTrain.value.auc, topDecileLift: churnTrain.value.topDecileLift, metrics: churnTrain.value.metrics } },
      { ...ratio(rules1.step), target: '< 10 s', detail: rules1.value },
      { ...ratio(rules2.step), target: '< 10 s', detail: rules2.value },
    );
    const healthPlusSegments = Math.round((health.step.seconds + segments.step.seconds) * 1000) / 1000;
    const out = {
      bench: 'intelligence',
      at: new Date().toISOString(),
      customers: CUSTOMERS,
      events: count[0].n,
      healthPlusSegmentsSeconds: healthPlusSegments,
      steps,
      // The shape tools/bench/run-all.ts tabulates.
      figures: [
        ...steps.slice(1).map((st) => ({
          metric: st.name,
          value: Math.round(st.seconds * 1000),
          unit: 'ms',
          baseline: base.step.name,
          baselineValue: Math.round(base.step.seconds * 1000),
          ratio: st.ratioToBaseline,
          target: st.target === 'report' ? undefined : st.target,
        })),
        { metric: 'health + segments full recompute', value: Math.round(healthPlusSegments * 1000), unit: 'ms', target: '< 30000 ms' },
        ...steps.map((st) => ({ metric: `peak RSS: ${st.name}`, value: st.peakRssMb, unit: 'MB' })),
      ],
    };
    console.log('');
    for (const st of steps) {
      console.log(`${st.name.padEnd(72)} ${st.seconds.toFixed(2).padStart(8)} s  ${String(st.peakRssMb).padStart(6)} MB peak  ${st.ratioToBaseline !== undefined ? `${st.ratioToBaseline}× baseline` : '(baseline)'}${st.target ? `  target ${st.target}` : ''}`);
    }
    console.log(`health + segments full recompute: ${healthPlusSegments} s (target < 30 s)`);
    fs.mkdirSync(path.join(root, 'bench-results'), { recursive: true });
    fs.writeFileSync(path.join(root, 'bench-results/intelligence.json'), JSON.stringify(out, null, 2));
  } finally {
    await app.close();
    await dropDatabase(pgName);
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
