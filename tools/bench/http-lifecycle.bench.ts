/**
 * Lifecycle endpoints under load, from a separate load-generating process.
 *
 *   node -r @swc-node/register tools/bench/http-lifecycle.bench.ts [--duration=8] [--connections=16] [--full]
 *
 * Starts the real API (all-in-one, embedded ClickHouse in a throwaway folder, its own
 * Postgres database cloned from the migrated template) in one child process and
 * runs autocannon in another, so the load generator does not share the server's
 * event loop. Baseline: GET /health/live (an empty handler: Fastify + Nest + the
 * access guard) measured in the same run; each lifecycle figure is given with its
 * ratio to that baseline. --full runs 30 s per endpoint with 32 connections.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import 'reflect-metadata';
import { createTestEnvironment } from '@northstar/testing';
import { PrismaService } from '@northstar/prisma';
import { createStaffUser } from '@northstar/access/src/cli/create-admin';

const root = path.resolve(__dirname, '../..');
const full = process.argv.includes('--full');
const arg = (name: string, def: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? def);
const DURATION = arg('duration', full ? 30 : 8);
const CONNECTIONS = arg('connections', full ? 32 : 16);
const PORT = 3900 + Math.floor(Math.random() * 90);
const base = `http://127.0.0.1:${PORT}`;

interface Cannon {
  requests: { average: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
  '2xx': number;
}

function cannon(url: string, opts: { method?: string; body?: unknown; token?: string } = {}): Cannon {
  const args = [path.join(root, 'node_modules/autocannon/autocannon.js'), '-j', '-c', String(CONNECTIONS), '-d', String(DURATION)];
  if (opts.method) args.push('-m', opts.method);
  if (opts.token) args.push('-H', `authorization=Bearer ${opts.token}`);
  if (opts.body !== undefined) args.push('-H', 'content-type=application/json', '-b', JSON.stringify(opts.body));
  args.push(url);
  const run = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`autocannon failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as Cannon;
}

async function waitReady(server: ChildProcess) {
  for (let i = 0; i < 180; i++) {
    if (server.exitCode !== null) throw new Error('the API exited during start-up');
    try {
      if ((await fetch(`${base}/health/ready`)).ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error('the API did not become ready in 180 s');
}

async function main() {
  const env = await createTestEnvironment();
  const chdbDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-http-chdb-'));
  const prisma = new PrismaService();
  const admin = await createStaffUser(prisma, { email: 'bench-admin@bench.test', name: 'Bench admin', role: 'admin' });
  const server = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/api/src/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: String(PORT), HOST: '127.0.0.1', CLICKHOUSE_DATA_DIR: chdbDir, SERVE_DASHBOARD: 'false', LOG_LEVEL: 'error', UV_THREADPOOL_SIZE: '16' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitReady(server);
    const login = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bench-admin@bench.test', password: admin.password }) });
    const token = ((await login.json()) as { accessToken: string }).accessToken;
    const reg = await fetch(`${base}/customers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ type: 'individual', name: 'Bench Customer', email: 'bench.customer@bench.test', phone: '+14162000001', preferredContact: 'email', channel: 'web_form' }),
    });
    const customerId = ((await reg.json()) as { id: string }).id;
    if (!customerId) throw new Error(`could not register the bench customer: ${reg.status}`);

    cannon(`${base}/health/live`); // warm-up (JIT, connection pools)
    const baseline = cannon(`${base}/health/live`);
    const cases: { metric: string; r: Cannon }[] = [
      { metric: 'GET /customers/:id (staff read)', r: cannon(`${base}/customers/${customerId}`, { token }) },
      { metric: 'GET /customers?q= (search)', r: cannon(`${base}/customers?q=bench`, { token }) },
      {
        metric: 'POST /tickets (lifecycle write: row + outbox in one tx)',
        r: cannon(`${base}/tickets`, { method: 'POST', token, body: { customerId, subject: 'Printer offline', description: 'Bench load', priority: 'normal' } }),
      },
    ];
    const figures: Record<string, unknown>[] = [
      { metric: 'GET /health/live (empty handler) throughput', value: Math.round(baseline.requests.average), unit: 'req/s', latencyP99Ms: baseline.latency.p99 },
    ];
    for (const { metric, r } of cases) {
      if (r['2xx'] === 0) throw new Error(`${metric}: no successful responses (non-2xx ${r.non2xx}, errors ${r.errors})`);
      figures.push({
        metric: `${metric} throughput`,
        value: Math.round(r.requests.average),
        unit: 'req/s',
        baseline: 'GET /health/live req/s, same run',
        baselineValue: Math.round(baseline.requests.average),
        ratio: Math.round((r.requests.average / baseline.requests.average) * 100) / 100,
        latencyP50Ms: r.latency.p50,
        latencyP99Ms: r.latency.p99,
        non2xx: r.non2xx,
      });
      figures.push({
        metric: `${metric} p99 latency`,
        value: r.latency.p99,
        unit: 'ms',
        baseline: 'GET /health/live p99, same run',
        baselineValue: baseline.latency.p99,
        ratio: Math.round((r.latency.p99 / Math.max(1, baseline.latency.p99)) * 10) / 10,
        target: '< 500 ms',
      });
    }
    for (const f of figures) console.log(`${f.metric}: ${f.value} ${f.unit}${f.ratio !== undefined ? ` (baseline ${f.baselineValue}, ratio ${f.ratio})` : ''}`);
    fs.mkdirSync(path.join(root, 'bench-results'), { recursive: true });
    fs.writeFileSync(
      path.join(root, 'bench-results/http-lifecycle.json'),
      JSON.stringify({ name: 'http-lifecycle', machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`, durationSec: DURATION, connections: CONNECTIONS, figures }, null, 2),
    );
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    await prisma.$disconnect();
    await env.teardown();
    fs.rmSync(chdbDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
