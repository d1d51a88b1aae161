import fs from 'node:fs';
import path from 'node:path';
import type { BackupKind, BackupLayout } from './backup-layout';

export type TableCounts = Record<string, number>;

export interface PostgresPart {
  /** The database whose tables were counted (a base backup holds the whole cluster). */
  database: string;
  serverMajor: number;
  /** Full runs only: pg_basebackup's output and the moment it had finished. */
  base?: { compress: 'gzip' | 'none'; endedAt: string; firstWalSegment: string };
  /** Named restore point written while every table was share-locked: `counts` is the state at exactly this point. */
  restorePoint: { name: string; lsn: string; at: string };
  counts: TableCounts;
}

export interface ClickhousePart {
  database: string;
  /** File() name, relative to the backup root. */
  backup: string;
  /** Incrementals: the full backup this one is relative to. */
  baseBackup?: string;
  takenAt: string;
  /** Rows as reads see them (FINAL), taken just before BACKUP. */
  counts: TableCounts;
}

export interface BackupManifest {
  id: string;
  kind: BackupKind;
  /** Id of the full run this run belongs to (itself for a full). */
  chain: string;
  startedAt: string;
  finishedAt: string;
  postgres?: PostgresPart;
  clickhouse?: ClickhousePart;
}

/** Written last and atomically: a manifest on disk means the run completed. */
export function writeManifest(layout: BackupLayout, manifest: BackupManifest): void {
  fs.mkdirSync(layout.manifestsDir, { recursive: true });
  const file = layout.manifestPath(manifest.id);
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(manifest, null, 2));
  fs.renameSync(`${file}.tmp`, file);
}

/** Every completed run, oldest first. */
export function readManifests(layout: BackupLayout): BackupManifest[] {
  if (!fs.existsSync(layout.manifestsDir)) return [];
  return fs
    .readdirSync(layout.manifestsDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(layout.manifestsDir, f), 'utf8')) as BackupManifest);
}
