/**
 * Interaction stream, end to end: Segment batches posted over loopback by a
 * separate (forked) load process → API validation → BullMQ (Redis) → batching
 * writer → ClickHouse (embedded), all-in-one as on this machine.
 *
 *   UV_THREADPOOL_SIZE=16 node -r @swc-node/register tools/bench/ingestion.bench.ts [--full] [--max-seconds=15] [--paced-seconds=10]
 *
 * Figures: sustained events/s until the last event is queryable (max-rate phase),
 * p50/p99 acknowledgement latency (at saturation, and paced at the 20,000/s target), p95 accept→queryable at a paced 5,000 events/s,
 * peak RSS of the API+workers process and of the load process. Baseline, same run:
 * a plain bulk insert of the same rows through @clickhouse/client (JSONEachRow,
 * 10,000-row batches) into a copy of the events table; ratio = ours / raw.
 * --full: 60 s max-rate phase and 30 s paced phase.
 */
import 'reflect-metadata';
import { fork } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { batchBody } from './ingestion-load-batch';

const root = path.resolve(__dirname, '../..');
const full = process.argv.includes('--full');
const arg = (name: string, def: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? def);
const MAX_SECONDS = arg('max-seconds', full ? 60 : 15);
const PACED_SECONDS = arg('paced-seconds', full ? 30 : 10);
const CONNECTIONS = arg('connections', 8);
const BATCH = arg('batch', 100);
const PACED_RATE = arg('rate', 5000);
/** The issue's throughput target, offered open-loop so ack latency is measured at that rate, not at saturation. */
const TARGET_RATE = arg('target-rate', 20_000);

interface LoadResult {
  latencies: number[];
  accepts: [number, number][];
  errors: number;
  statuses: Record<string, number>;
  batches: number;
  started: number;
  finished: number;
  rss: number;
}

const pct = (xs: number[], p: number) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const r1 = (x: number) => Math.round(x * 10) / 10;

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ns-bench-ingest-'));
  process.env.CLICKHOUSE_DATA_DIR = dataDir;
  process.env.LOG_LEVEL = 'warn';
  const { createTestEnvironment } = await import('@northstar/testing');
  const env = await createTestEnvironment({ EVENTS_FLUSH_SIZE: '5000', EVENTS_FLUSH_INTERVAL_MS: '200', LOG_LEVEL: 'warn' });
  const { createApiApp } = await import('@northstar/platform');
  const { WriteKeyService, toEventRow, validateBatch } = await import('@northstar/ingestion');
  const { ClickhouseService } = await import('@northstar/clickhouse');
  const app = await createApiApp();
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.getHttpAdapter().getInstance().server.address() as { port: number }).port;
  const url = `http://127.0.0.1:${port}`;
  const writeKey = (await app.get(WriteKeyService).create({ source: 'bench' })).key;
  const ch = app.get(ClickhouseService);
  const count = async (sql: string) => Number((await ch.query<{ n: number }>(sql))[0]?.n ?? 0);

  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);

  const runLoad = (cmd: Record<string, unknown>) =>
    new Promise<LoadResult>((resolve, reject) => {
      const child = fork(path.join(__dirname, 'ingestion-load.ts'), [], { execArgv: ['-r', '@swc-node/register'], cwd: root });
      child.once('message', (m) => resolve(m as LoadResult));
      child.once('exit', (code) => code && reject(new Error(`load process exited ${code}`)));
      child.send({ url, writeKey, batchSize: BATCH, connections: CONNECTIONS, ...cmd });
    });

  // Phase A: as fast as the load process can get acknowledgements.
  console.log(`max-rate phase: ${MAX_SECONDS}s, ${CONNECTIONS} connections, ${BATCH} events per batch`);
  const a = await runLoad({ mode: 'max', seconds: MAX_SECONDS, tag: 'A' });
  const acceptedA = a.latencies.length * BATCH;
  const visible = async () => count(`SELECT count() AS n FROM events WHERE startsWith(message_id, 'A-')`);
  let lastSeen = 0;
  for (;;) {
    const n = await visible();
    if (n >= acceptedA) {
      lastSeen = Date.now();
      break;
    }
    if (Date.now() - a.finished > 120_000) throw new Error(`only ${n} of ${acceptedA} events queryable after 120 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const finalA = await count(`SELECT count() AS n FROM events FINAL WHERE startsWith(message_id, 'A-')`);
  const sustained = acceptedA / ((lastSeen - a.started) / 1000);
  const acceptRate = acceptedA / ((a.finished - a.started) / 1000);

  // Phase B: paced at PACED_RATE; per batch, time from its 200 to its rows being queryable.
  console.log(`paced phase: ${PACED_RATE} events/s for ${PACED_SECONDS}s`);
  const firstSeen = new Map<number, number>();
  let polling = true;
  const poller = (async () => {
    while (polling) {
      const rows = await ch.query<{ b: number }>(
        `SELECT toUInt32(splitByChar('-', message_id)[2]) AS b FROM events WHERE startsWith(message_id, 'B-') GROUP BY b`,
      );
      const now = Date.now();
      for (const { b } of rows) if (!firstSeen.has(Number(b))) firstSeen.set(Number(b), now);
      await new Promise((r) => setTimeout(r, 25));
    }
  })();
  const b = await runLoad({ mode: 'paced', seconds: PACED_SECONDS, rate: PACED_RATE, tag: 'B' });
  const deadline = Date.now() + 60_000;
  while (firstSeen.size < b.accepts.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  polling = false;
  await poller;
  const toQueryable = b.accepts.map(([batchNo, ackedAt]) => Math.max(0, (firstSeen.get(batchNo) ?? Infinity) - ackedAt));

  // Phase C: paced at the target rate (open loop). A closed loop at saturation (phase A)
  // measures queueing in front of a full server; this measures the latency a client
  // sees while the stream sustains the target rate, and whether it keeps up.
  console.log(`target-rate phase: ${TARGET_RATE} events/s for ${PACED_SECONDS}s`);
  const c = await runLoad({ mode: 'paced', seconds: PACED_SECONDS, rate: TARGET_RATE, tag: 'C' });
  const acceptedC = c.latencies.length * BATCH;
  let lastSeenC = 0;
  for (;;) {
    const n = await count(`SELECT count() AS n FROM events WHERE startsWith(message_id, 'C-')`);
    if (n >= acceptedC) {
      lastSeenC = Date.now();
      break;
    }
    if (Date.now() - c.finished > 120_000) throw new Error(`only ${n} of ${acceptedC} events queryable after 120 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const finalC = await count(`SELECT count() AS n FROM events FINAL WHERE startsWith(message_id, 'C-')`);
  const sustainedC = acceptedC / ((lastSeenC - c.started) / 1000);
  clearInterval(sampler);

  // Baseline: the same rows, plain bulk insert into the same engine.
  const rows = [];
  const receivedAt = new Date();
  for (let batchNo = 0; rows.length < acceptedA; batchNo++) {
    const body = JSON.parse(makeBatch(batchNo));
    const v = validateBatch(body);
    if (!v.ok) throw new Error('bench batch invalid');
    for (const m of v.messages) rows.push(toEventRow(m, { source: 'bench', receivedAt, sentAt: v.envelope.sentAt }));
  }
  const raw = await ch.analytics();
  await raw.command({ query: 'CREATE TABLE events_raw_baseline AS events' });
  const t0 = performance.now();
  for (let i = 0; i < rows.length; i += 10_000) {
    await raw.insert({ table: 'events_raw_baseline', values: rows.slice(i, i + 10_000), format: 'JSONEachRow' });
  }
  const rawRate = rows.length / ((performance.now() - t0) / 1000);
  const rawCount = await count('SELECT count() AS n FROM events_raw_baseline');

  const figures = [
    { metric: 'sustained events/s (accepted and queryable)', value: Math.round(sustained), unit: 'events/s', baseline: 'plain bulk insert of the same rows', baselineValue: Math.round(rawRate), ratio: Math.round((sustained / rawRate) * 1000) / 1000, target: '>= 20000' },
    { metric: 'accept rate (200s received) at max load', value: Math.round(acceptRate), unit: 'events/s' },
    { metric: 'ack latency p50 (max load)', value: r1(pct(a.latencies, 50)), unit: 'ms' },
    { metric: 'ack latency p99 (max load)', value: r1(pct(a.latencies, 99)), unit: 'ms', target: '< 50' },
    { metric: `ack latency p99 (paced ${PACED_RATE}/s)`, value: r1(pct(b.latencies, 99)), unit: 'ms' },
    { metric: `accept→queryable p95 (paced ${PACED_RATE}/s)`, value: Math.round(pct(toQueryable, 95)), unit: 'ms', target: '< 2000' },
    { metric: `accept→queryable p50 (paced ${PACED_RATE}/s)`, value: Math.round(pct(toQueryable, 50)), unit: 'ms' },
    { metric: `offered ${TARGET_RATE}/s: accepted and queryable events/s`, value: Math.round(sustainedC), unit: 'events/s', target: `>= ${TARGET_RATE}` },
    { metric: `ack latency p50 (paced ${TARGET_RATE}/s)`, value: r1(pct(c.latencies, 50)), unit: 'ms' },
    { metric: `ack latency p99 (paced ${TARGET_RATE}/s)`, value: r1(pct(c.latencies, 99)), unit: 'ms', target: '< 50' },
    { metric: 'peak RSS, API + workers (one process, embedded ClickHouse)', value: Math.round(peakRss / 2 ** 20), unit: 'MiB' },
    { metric: 'event-loop delay p99 of the API+workers process (whole run)', value: r1(loopDelay.percentile(99) / 1e6), unit: 'ms' },
    { metric: 'load average (1 min) at the end (machine shared with other work)', value: r1(os.loadavg()[0]), unit: '' },
    { metric: 'peak RSS, load process', value: Math.round(Math.max(a.rss, b.rss, c.rss) / 2 ** 20), unit: 'MiB' },
  ];
  const result = {
    bench: 'ingestion',
    at: new Date().toISOString(),
    command: `UV_THREADPOOL_SIZE=16 node -r @swc-node/register tools/bench/ingestion.bench.ts${full ? ' --full' : ''}`,
    settings: { maxSeconds: MAX_SECONDS, pacedSeconds: PACED_SECONDS, connections: CONNECTIONS, batch: BATCH, pacedRate: PACED_RATE, targetRate: TARGET_RATE, flushSize: 5000, flushIntervalMs: 200, cpus: os.cpus().length },
    checks: {
      maxPhase: { accepted: acceptedA, queryableFinal: finalA, errors: a.errors, statuses: a.statuses },
      pacedPhase: { acceptedBatches: b.accepts.length, seenBatches: firstSeen.size, errors: b.errors, statuses: b.statuses },
      targetRatePhase: { offered: c.batches * BATCH, accepted: acceptedC, queryableFinal: finalC, errors: c.errors, statuses: c.statuses },
      baselineRows: rawCount,
    },
    figures,
  };
  fs.mkdirSync(path.join(root, 'bench-results'), { recursive: true });
  fs.writeFileSync(path.join(root, 'bench-results/ingestion.json'), JSON.stringify(result, null, 2));
  for (const f of figures) {
    console.log(`${f.metric}: ${f.value} ${f.unit}${f.baselineValue ? `  (baseline ${f.baselineValue}, ratio ${f.ratio})` : ''}${f.target ? `  target ${f.target}` : ''}`);
  }
  console.log(JSON.stringify(result.checks));

  await app.close();
  // Only this run's own queue keys, never anyone else's.
  const { Redis } = await import('ioredis');
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${env.queuePrefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
  redis.disconnect();
  await env.teardown();
  fs.rmSync(dataDir, { recursive: true, force: true });
  if (finalA !== acceptedA || finalC !== acceptedC) {
    console.error(`correctness check failed: ${acceptedA}/${acceptedC} accepted, ${finalA}/${finalC} queryable`);
    process.exit(1);
  }
  process.exit(0);
}

// Same generator as the load process, for the baseline's rows.
function makeBatch(batchNo: number): string {
  return batchBody('R', batchNo, BATCH);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
