import { pgToolsFor, pruneBackups, runBackup, type BackupContext } from './backup-runner';
import { readManifests } from './backup-manifest';
import { isRunDue, nextBackupKind } from './backup-schedule';
import { withClient } from './postgres/pg-connection';
import { ensureWalSlot, startWalStream, stopWalStream } from './postgres/wal-stream';
import { verifyBackup } from './restore-runner';

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

/**
 * Keeps pg_receivewal running until `signal` aborts: restarted 5 s after any exit (the
 * server restarted, the network dropped). The slot holds the WAL meanwhile, so a gap in
 * streaming is a delay, not a hole in the archive.
 */
export async function superviseWalStream(ctx: BackupContext, signal: AbortSignal): Promise<void> {
  const { settings, layout } = ctx;
  while (!signal.aborted) {
    try {
      const tools = await withClient(settings.databaseUrl, (c) => pgToolsFor(settings, c));
      await ensureWalSlot(tools, settings.databaseUrl, layout.walDir, settings.walSlot);
      const child = startWalStream(tools, settings.databaseUrl, layout.walDir, settings.walSlot);
      ctx.log(`[wal] streaming into ${layout.walDir} (slot ${settings.walSlot})`);
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      const stop = () => void stopWalStream(child);
      signal.addEventListener('abort', stop, { once: true });
      const code = await exited;
      signal.removeEventListener('abort', stop);
      if (!signal.aborted) ctx.log(`[wal] pg_receivewal exited (${code}); see ${layout.root}/pg_receivewal.log`);
    } catch (e) {
      ctx.log(`[wal] cannot stream: ${(e as Error).message}`);
    }
    await sleep(5_000, signal);
  }
}

/**
 * The daily run at BACKUP_AT_UTC: a full on BACKUP_FULL_WEEKDAY (or when the last full
 * is a week old), an incremental otherwise; then retention; after a full, the restore
 * drill on it. A failed run wrote no manifest, so the slot is still due: it is logged
 * and retried 15 minutes later.
 */
export async function runSchedule(ctx: BackupContext, signal: AbortSignal, opts: { drillAfterFull: boolean }): Promise<void> {
  const wal = ctx.postgres ? superviseWalStream(ctx, signal) : Promise.resolve();
  while (!signal.aborted) {
    const now = new Date();
    const manifests = readManifests(ctx.layout);
    const last = manifests.at(-1);
    if (isRunDue(now, ctx.settings.atUtc, last && new Date(last.startedAt))) {
      try {
        const manifest = await runBackup(ctx, nextBackupKind(now, manifests, ctx.settings.fullWeekday), now);
        const pruned = pruneBackups(ctx);
        if (pruned.length) ctx.log(`[backup] retention removed ${pruned.join(', ')}`);
        if (manifest.kind === 'full' && opts.drillAfterFull) {
          await verifyBackup(ctx, manifest.id);
          ctx.log(`[backup] restore drill of ${manifest.id} passed`);
        }
      } catch (e) {
        ctx.log(`[backup] run failed: ${(e as Error).message}`);
        await sleep(15 * 60_000, signal);
      }
    }
    await sleep(60_000, signal);
  }
  await wal;
}
