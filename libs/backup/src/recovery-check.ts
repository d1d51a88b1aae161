import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { TableCounts } from './backup-manifest';

const repoRoot = path.resolve(__dirname, '../../..');

export interface CountMismatch {
  table: string;
  expected: number | undefined;
  actual: number | undefined;
}

/** Every table whose restored count differs from the manifest's, including tables present on one side only. */
export function compareCounts(expected: TableCounts, actual: TableCounts): CountMismatch[] {
  const tables = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
  return tables.filter((t) => expected[t] !== actual[t]).map((t) => ({ table: t, expected: expected[t], actual: actual[t] }));
}

export function describeMismatches(store: string, mismatches: CountMismatch[]): string {
  return `${store}: ${mismatches.map((m) => `${m.table} expected ${m.expected ?? 'no table'}, restored ${m.actual ?? 'no table'}`).join('; ')}`;
}

export type ConsistencyOutcome = { status: 'absent' } | { status: 'passed' | 'failed'; output: string };

export const CONSISTENCY_SCRIPT = 'check:consistency';

/**
 * The platform's own consistency check (`npm run check:consistency`), run against the
 * restored stores through the usual variables. Absent until that script exists; the
 * restore then says so instead of claiming a check it did not run.
 */
export async function runConsistencyCheck(env: Record<string, string>, root = repoRoot): Promise<ConsistencyOutcome> {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  if (!pkg.scripts?.[CONSISTENCY_SCRIPT]) return { status: 'absent' };
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', CONSISTENCY_SCRIPT], { cwd: root, env: { ...process.env, ...env } });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ status: code === 0 ? 'passed' : 'failed', output: output.trim() }));
  });
}
