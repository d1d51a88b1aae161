import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { backupId, BackupLayout, type BackupKind } from './backup-layout';
import { readManifests, writeManifest, type BackupManifest, type ClickhousePart, type PostgresPart } from './backup-manifest';
import { runsToPrune, walFilesBefore } from './backup-schedule';
import type { BackupSettings } from './backup-settings';
import { backupClickhouse, clickhouseCounts, type BackupClickhouse } from './clickhouse/clickhouse-backup';
import { takeBaseBackup } from './postgres/base-backup';
import { databaseOf, withClient } from './postgres/pg-connection';
import { resolvePgTools, type PgTools } from './postgres/pg-tools';
import { markRestorePoint, switchWal } from './postgres/restore-point';
import { waitForWalArchived } from './postgres/wal-stream';

/** What one backup or restore run works on; the CLI builds it from the environment, tests by hand. */
export interface BackupContext {
  settings: BackupSettings;
  layout: BackupLayout;
  /** Back up / restore PostgreSQL (needs the WAL stream for point-in-time). */
  postgres: boolean;
  /** ClickHouse, when it is part of the run. */
  clickhouse?: BackupClickhouse;
  log(line: string): void;
}

export function backupContext(settings: BackupSettings, parts: { postgres: boolean; clickhouse?: BackupClickhouse }, log = console.log): BackupContext {
  return { settings, layout: new BackupLayout(settings.dir), ...parts, log };
}

export async function serverMajor(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ v: string }>(`SELECT current_setting('server_version_num') AS v`);
  return Math.floor(Number(rows[0].v) / 10000);
}

export async function pgToolsFor(settings: BackupSettings, client: pg.Client): Promise<PgTools> {
  return resolvePgTools(await serverMajor(client), { binDir: settings.pgBinDir, osUser: settings.pgOsUser });
}

/**
 * One backup run. Full: a PostgreSQL base backup and a full ClickHouse backup.
 * Incremental: ClickHouse parts written since the chain's full; PostgreSQL needs
 * nothing copied (its WAL streams continuously), it gets a restore point with the
 * counts the post-recovery check compares. Both kinds close the current WAL segment
 * and wait until the receiver has it, so the run's restore point is in the archive
 * when the manifest says the run completed.
 */
export async function runBackup(ctx: BackupContext, kind: BackupKind, now = new Date()): Promise<BackupManifest> {
  const id = backupId(kind, now);
  const chain = kind === 'full' ? undefined : readManifests(ctx.layout).filter((m) => m.kind === 'full').at(-1);
  if (kind === 'incremental' && !chain) throw new Error('an incremental backup needs a full one first (npm run backup -- full)');
  const manifest: BackupManifest = { id, kind, chain: chain?.id ?? id, startedAt: now.toISOString(), finishedAt: '' };
  if (ctx.postgres) manifest.postgres = await backupPostgres(ctx, id, kind);
  if (ctx.clickhouse) manifest.clickhouse = await backupClickhouseRun(ctx, ctx.clickhouse, id, chain);
  manifest.finishedAt = new Date().toISOString();
  writeManifest(ctx.layout, manifest);
  ctx.log(`[backup] ${id} complete`);
  return manifest;
}

async function backupPostgres(ctx: BackupContext, id: string, kind: BackupKind): Promise<PostgresPart> {
  const { settings, layout } = ctx;
  return withClient(settings.databaseUrl, async (client) => {
    const tools = await pgToolsFor(settings, client);
    let base: PostgresPart['base'];
    if (kind === 'full') {
      const t = Date.now();
      const b = await takeBaseBackup(tools, client, settings.databaseUrl, layout.baseBackupDir(id), { label: id, compress: settings.pgCompress });
      base = { compress: settings.pgCompress, ...b };
      ctx.log(`[backup] postgres base backup in ${Date.now() - t} ms`);
    }
    const point = await markRestorePoint(client, id);
    await waitForWalArchived(client, await switchWal(client));
    ctx.log(`[backup] postgres restore point ${id} at ${point.lsn}, archived`);
    return {
      database: databaseOf(settings.databaseUrl),
      serverMajor: await serverMajor(client),
      base,
      restorePoint: { name: point.name, lsn: point.lsn, at: point.at },
      counts: point.counts,
    };
  });
}

async function backupClickhouseRun(ctx: BackupContext, ch: BackupClickhouse, id: string, chain?: BackupManifest): Promise<ClickhousePart> {
  const baseBackup = chain?.clickhouse?.backup;
  if (chain && !baseBackup) throw new Error(`full backup ${chain.id} has no ClickHouse part to be incremental on: take a full`);
  const client = await ch.client();
  const t = Date.now();
  const counts = await clickhouseCounts(client, ch.database);
  const takenAt = new Date().toISOString();
  const backup = ctx.layout.clickhouseName(id);
  await backupClickhouse(client, ch.database, backup, baseBackup);
  ctx.log(`[backup] clickhouse ${baseBackup ? 'incremental' : 'full'} backup in ${Date.now() - t} ms`);
  return { database: ch.database, backup, baseBackup, takenAt, counts };
}

/**
 * Retention: whole chains beyond the newest `keepFull`, then the WAL only they needed.
 * The manifest goes first, so a half-deleted run is never offered for a restore.
 */
export function pruneBackups(ctx: BackupContext): string[] {
  const manifests = readManifests(ctx.layout);
  const pruned = runsToPrune(manifests, ctx.settings.keepFull);
  for (const m of pruned) {
    fs.rmSync(ctx.layout.manifestPath(m.id), { force: true });
    fs.rmSync(ctx.layout.baseBackupDir(m.id), { recursive: true, force: true });
    fs.rmSync(ctx.layout.clickhouseDir(m.id), { recursive: true, force: true });
  }
  const gone = new Set(pruned.map((m) => m.id));
  const oldestBase = manifests.find((m) => !gone.has(m.id) && m.postgres?.base)?.postgres?.base;
  if (oldestBase && fs.existsSync(ctx.layout.walDir)) {
    for (const f of walFilesBefore(fs.readdirSync(ctx.layout.walDir), oldestBase.firstWalSegment)) {
      fs.rmSync(path.join(ctx.layout.walDir, f));
    }
  }
  return pruned.map((m) => m.id);
}
