import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import type pg from 'pg';
import { libpqEnv } from './pg-connection';
import { ownedDir, runPg, spawnPg, type PgTools } from './pg-tools';

/** application_name of our receiver, so its progress can be read from pg_stat_replication. */
export const WAL_RECEIVER_NAME = 'northstar_wal';

/**
 * The server keeps WAL in the slot until the receiver has it: a receiver that was down
 * for an hour loses nothing. The price: while it is down the server's pg_wal grows.
 */
export async function ensureWalSlot(tools: PgTools, databaseUrl: string, walDir: string, slot: string): Promise<void> {
  ownedDir(tools, walDir);
  await runPg(tools, 'pg_receivewal', ['-D', walDir, '--slot', slot, '--create-slot', '--if-not-exists'], libpqEnv(databaseUrl));
}

/**
 * pg_receivewal streaming into the backup folder. `--synchronous` fsyncs each write at
 * once, so what the server reports as flushed is on disk here: a restore can reach the
 * last transaction received, not the last completed 16 MB segment.
 */
export function startWalStream(tools: PgTools, databaseUrl: string, walDir: string, slot: string): ChildProcess {
  return spawnPg(
    tools,
    'pg_receivewal',
    ['-D', walDir, '--slot', slot, '--synchronous', '--no-loop'],
    { ...libpqEnv(databaseUrl), PGAPPNAME: WAL_RECEIVER_NAME },
    path.join(walDir, '..', 'pg_receivewal.log'),
  );
}

export async function stopWalStream(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Waits until our receiver has flushed up to `lsn`; fails saying so when no receiver streams. */
export async function waitForWalArchived(client: pg.Client, lsn: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await client.query<{ done: string }>(
      `SELECT (flush_lsn >= $1::pg_lsn)::text AS done FROM pg_stat_replication WHERE application_name = $2`,
      [lsn, WAL_RECEIVER_NAME],
    );
    if (rows.some((r) => r.done === 'true')) return;
    if (Date.now() > deadline) {
      throw new Error(
        rows.length === 0
          ? `no WAL receiver is streaming from this server: start it with \`npm run backup -- wal\` (or the schedule)`
          : `the WAL receiver did not reach ${lsn} within ${timeoutMs} ms`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
