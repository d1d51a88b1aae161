/**
 * `npm run backup -- [auto | full | incremental | wal | schedule | list | prune] [--only postgres|clickhouse]`
 * The runbook is docs/operations.md.
 */
import {
  BACKUP_USAGE,
  nextBackupKind,
  parseBackupArgs,
  pruneBackups,
  readManifests,
  runBackup,
  runSchedule,
  superviseWalStream,
  type BackupManifest,
} from '@northstar/backup';
import { cliContext, runCli } from './cli-context';

function describe(m: BackupManifest): string {
  const stores = [m.postgres && `postgres${m.postgres.base ? ' base' : ''}`, m.clickhouse && 'clickhouse'].filter(Boolean).join(' + ');
  return `${m.id}  ${m.startedAt} → ${m.finishedAt}  ${stores}`;
}

/** Runs until SIGINT/SIGTERM (the compose service's stop), then lets the WAL receiver finish its write. */
async function untilStopped(run: (signal: AbortSignal) => Promise<void>): Promise<void> {
  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort());
  process.once('SIGTERM', () => stop.abort());
  await run(stop.signal);
}

async function main(): Promise<void> {
  const args = parseBackupArgs(process.argv.slice(2));
  const ctx = cliContext(args.command === 'wal' ? { postgres: true, clickhouse: false } : args.stores);
  try {
    switch (args.command) {
      case 'list':
        readManifests(ctx.layout).forEach((m) => console.log(describe(m)));
        return;
      case 'prune':
        console.log(`removed: ${pruneBackups(ctx).join(', ') || 'nothing'}`);
        return;
      case 'wal':
        return await untilStopped((signal) => superviseWalStream(ctx, signal));
      case 'schedule':
        return await untilStopped((signal) => runSchedule(ctx, signal, { drillAfterFull: true }));
      default: {
        const now = new Date();
        const kind = args.command === 'auto' ? nextBackupKind(now, readManifests(ctx.layout), ctx.settings.fullWeekday) : args.command;
        console.log(describe(await runBackup(ctx, kind, now)));
        if (args.command === 'auto') pruneBackups(ctx);
      }
    }
  } finally {
    await ctx.clickhouse?.close();
  }
}

runCli(BACKUP_USAGE, main);
