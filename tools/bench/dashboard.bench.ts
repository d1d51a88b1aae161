/**
 * The management view in headless Chromium against the all-in-one API on a demo
 * world (default 2,000 generated customers ≈ the demo size): time until the KPI
 * tiles show numbers (the `management-interactive` mark, measured from
 * navigation start) and every API call behind the view, from the browser's
 * performance timings, over repeated navigations.
 *
 *   node -r @swc-node/register tools/bench/dashboard.bench.ts [--customers=2000] [--runs=15]
 *
 * Baselines measured in the same run: the login page's DOMContentLoaded (what
 * any navigation costs before the view asks for data) and GET /health/live from
 * the page (HTTP round trip with an empty handler).
 * Needs the built dashboard (npx vite build --config apps/dashboard/vite.config.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';

const root = path.resolve(__dirname, '../..');
process.env.NODE_ENV = 'test';
process.env.LOG_LEVEL ??= 'warn';
process.env.CLICKHOUSE_DATA_DIR = path.join(root, 'tmp/bench-dashboard-chdb', String(process.pid));

const arg = (name: string, def: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? def);
const CUSTOMERS = arg('customers', 2000);
const RUNS = arg('runs', 15);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN;
};
const r1 = (x: number) => Math.round(x * 10) / 10;

async function main() {
  // Imported after the environment is set: config is read at import time by some libs.
  const { chromium } = await import('playwright-core');
  const { createTestEnvironment } = await import('@northstar/testing');
  const { createApiApp, DASHBOARD_DIST } = await import('@northstar/platform');
  const { seedDashboardWorld, emailOf, PASSWORD, RANGE } = await import('../../apps/api/test/support/dashboard-world');
  if (!fs.existsSync(path.join(DASHBOARD_DIST, 'index.html'))) throw new Error('Build the dashboard first: npx vite build --config apps/dashboard/vite.config.ts');

  const env = await createTestEnvironment({ SERVE_DASHBOARD: 'true' });
  const app = await createApiApp();
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const t = Date.now();
  await seedDashboardWorld(app, CUSTOMERS);
  console.log(`seeded ${CUSTOMERS} customers in ${Date.now() - t} ms`);

  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await ctx.newPage();
  const loginDcl: number[] = [];
  for (let i = 0; i < 5; i++) {
    await page.goto(`${base}/app/`);
    loginDcl.push(await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domContentLoadedEventEnd));
  }
  await page.fill('input[name=email]', emailOf('management'));
  await page.fill('input[name=password]', PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForSelector('.shell');

  const url = `${base}/app/#/management?from=${RANGE.from}&to=${RANGE.to}&tz=${RANGE.tz}`;
  const interactive: number[] = [];
  const settled: number[] = [];
  const calls = new Map<string, number[]>();
  const empty: number[] = [];
  for (let i = 0; i <= RUNS; i++) {
    await page.goto('about:blank');
    await page.goto(url);
    await page.waitForSelector('.kpi-grid[data-ready=true]', { timeout: 30_000 });
    await page.waitForFunction(() => !document.querySelector('[data-view=management] .state.loading'), undefined, { timeout: 60_000 });
    await page.waitForLoadState('networkidle');
    const m = await page.evaluate(() => ({
      interactive: performance.getEntriesByName('management-interactive')[0]?.startTime ?? NaN,
      settled: performance.now(),
      api: performance
        .getEntriesByType('resource')
        .filter((e) => (e as PerformanceResourceTiming).initiatorType === 'fetch')
        .map((e) => ({ name: new URL(e.name).pathname, ms: e.duration })),
    }));
    const e = await page.evaluate(async () => {
      const s = performance.now();
      await fetch('/health/live');
      return performance.now() - s;
    });
    if (i === 0) {
      console.log(`cold navigation: interactive ${r1(m.interactive)} ms`);
      continue; // the first run warms caches (bundle parse, ClickHouse marks); it is reported, not counted
    }
    interactive.push(m.interactive);
    settled.push(m.settled);
    empty.push(e);
    for (const c of m.api) calls.set(c.name, [...(calls.get(c.name) ?? []), c.ms]);
  }
  await browser.close();

  // The same KPI summary the tiles show, computed from raw data without the result cache (what every
  // request cost before snapshots; what a refresh costs now), in process, no HTTP.
  const { AnalyticsCacheService, AnalyticsService, previousFrom } = await import('@northstar/analytics');
  // Result-cache counters over the whole run (cold navigation included): are the view's calls served from snapshots?
  const cacheStats = { ...app.get(AnalyticsCacheService).stats };
  console.log(`analytics result cache over the run: ${JSON.stringify(cacheStats)}`);
  const analytics = app.get(AnalyticsService);
  const [kFrom, kTo] = [`${RANGE.from} 00:00:00`, `${RANGE.to} 00:00:00`];
  const rawKpi: number[] = [];
  for (let i = 0; i < 6; i++) {
    const s = performance.now();
    await analytics.kpis({ from: kFrom, to: kTo, prevFrom: previousFrom(kFrom, kTo), timezone: RANGE.tz, currency: 'CAD' });
    if (i > 0) rawKpi.push(performance.now() - s);
  }
  await app.close();
  await env.teardown();

  const baseDcl = pct(loginDcl, 50);
  const baseEmpty = pct(empty, 95);
  const figures = [
    { metric: 'management view interactive (p50)', value: r1(pct(interactive, 50)), unit: 'ms', baseline: 'login page DOMContentLoaded (p50)', baselineValue: r1(baseDcl), ratio: r1(pct(interactive, 50) / baseDcl), target: '< 1500 ms' },
    { metric: 'management view interactive (p95)', value: r1(pct(interactive, 95)), unit: 'ms', baseline: 'login page DOMContentLoaded (p50)', baselineValue: r1(baseDcl), ratio: r1(pct(interactive, 95) / baseDcl), target: '< 1500 ms' },
    { metric: 'management view fully settled incl. charts and sparklines (p95)', value: r1(pct(settled, 95)), unit: 'ms', baseline: 'login page DOMContentLoaded (p50)', baselineValue: r1(baseDcl), ratio: r1(pct(settled, 95) / baseDcl), target: '(informative)' },
    {
      metric: 'KPI summary raw computation, no cache (in process, p50)',
      value: r1(pct(rawKpi, 50)),
      unit: 'ms',
      baseline: 'GET /analytics/kpis served (browser, p50)',
      baselineValue: r1(pct(calls.get('/analytics/kpis') ?? [], 50)),
      ratio: r1(pct(rawKpi, 50) / pct(calls.get('/analytics/kpis') ?? [], 50)),
      target: '(informative)',
      p95: r1(pct(rawKpi, 95)),
    },
    ...[...calls.entries()].map(([name, ms]) => ({
      metric: `GET ${name} (p95 of ${ms.length})`,
      value: r1(pct(ms, 95)),
      unit: 'ms',
      baseline: 'GET /health/live from the page (p95)',
      baselineValue: r1(baseEmpty),
      ratio: r1(pct(ms, 95) / baseEmpty),
      target: '< 200 ms',
      p50: r1(pct(ms, 50)),
    })),
  ];
  for (const f of figures) console.log(`${f.metric.padEnd(70)} ${String(f.value).padStart(8)} ${f.unit}  (baseline ${f.baselineValue} ms, ×${f.ratio}, target ${f.target})`);
  const out = { name: 'dashboard', machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}`, customers: CUSTOMERS, runs: RUNS, range: RANGE, analyticsCache: cacheStats, figures, at: new Date().toISOString() };
  fs.mkdirSync(path.join(root, 'bench-results'), { recursive: true });
  fs.writeFileSync(path.join(root, 'bench-results/dashboard.json'), JSON.stringify(out, null, 2));
  fs.rmSync(process.env.CLICKHOUSE_DATA_DIR!, { recursive: true, force: true });
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
