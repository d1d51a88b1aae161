/**
 * `npm run bench`: runs every tools/bench/*.bench.ts in its own process (one after
 * another: the machine has 2 cores and each benchmark measures its own baseline in
 * the same run), then writes bench-results/summary.json and a readable table.
 * Pass names to run a subset: `npm run bench -- ingestion analytics`.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

interface Figure {
  metric: string;
  value: number;
  unit?: string;
  baseline?: string;
  baselineValue?: number;
  ratio?: number;
  target?: string;
}

const root = path.resolve(__dirname, '../..');
const resultsDir = path.join(root, 'bench-results');
const only = process.argv.slice(2);
const benches = fs
  .readdirSync(__dirname)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace('.bench.ts', ''))
  .filter((n) => only.length === 0 || only.includes(n));

const summary: Record<string, { seconds: number; exitCode: number | null; result?: unknown }> = {};
const started = Date.now();
for (const name of benches) {
  console.log(`\n=== ${name} ===`);
  const t0 = Date.now();
  const run = spawnSync(process.execPath, ['-r', '@swc-node/register', path.join(__dirname, `${name}.bench.ts`)], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, UV_THREADPOOL_SIZE: process.env.UV_THREADPOOL_SIZE ?? '16' },
  });
  const file = path.join(resultsDir, `${name}.json`);
  summary[name] = {
    seconds: Math.round((Date.now() - t0) / 100) / 10,
    exitCode: run.status,
    result: fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : undefined,
  };
}

fs.mkdirSync(resultsDir, { recursive: true });
fs.writeFileSync(
  path.join(resultsDir, 'summary.json'),
  JSON.stringify({ at: new Date().toISOString(), totalSeconds: Math.round((Date.now() - started) / 1000), benches: summary }, null, 2),
);

console.log('\n| benchmark | figure | value | baseline | ratio | target |\n|---|---|---|---|---|---|');
for (const [name, s] of Object.entries(summary)) {
  const figures = ((s.result as { figures?: Figure[] })?.figures ?? []) as Figure[];
  if (!figures.length) console.log(`| ${name} | (exit ${s.exitCode}, ${s.seconds}s; see bench-results/${name}.json) | | | | |`);
  for (const f of figures) {
    const base = f.baseline ? `${f.baseline}: ${f.baselineValue ?? ''}` : '';
    console.log(`| ${name} | ${f.metric} | ${f.value} ${f.unit ?? ''} | ${base} | ${f.ratio ?? ''} | ${f.target ?? ''} |`);
  }
}
const failed = Object.entries(summary).filter(([, s]) => s.exitCode !== 0);
if (failed.length) {
  console.error(`\nfailed: ${failed.map(([n]) => n).join(', ')}`);
  process.exit(1);
}
