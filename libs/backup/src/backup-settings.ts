import path from 'node:path';
import { z } from 'zod';
import { ConfigError, type AppConfig } from '@northstar/config';
import { targetFromConfig, type ClickhouseTarget } from '@northstar/clickhouse';

const repoRoot = path.resolve(__dirname, '../../..');

/**
 * The backup tools' own variables (the platform's DATABASE_URL and CLICKHOUSE_* say
 * what is backed up). Kept out of the platform's schema: the API and workers never
 * read them.
 */
export const backupEnvSchema = z.object({
  /** Everything lives under it: wal/, postgres/, clickhouse/, manifests/, restores/. */
  BACKUP_DIR: z.string().min(1).default(path.join(repoRoot, '.data', 'backups')),
  BACKUP_PG_COMPRESS: z.enum(['gzip', 'none']).default('gzip'),
  /** OS user that runs pg_basebackup, pg_receivewal and throwaway servers when the tools run as root. */
  BACKUP_PG_OS_USER: z.string().regex(/^[a-z_][a-z0-9_-]*$/, 'expected a user name').optional(),
  /** Physical replication slot that keeps the server's WAL until pg_receivewal has it. */
  BACKUP_WAL_SLOT: z.string().regex(/^[a-z0-9_]+$/, 'expected lower-case letters, digits or "_"').default('northstar_backup'),
  /** Weekly chains (a full and its incrementals) kept; older ones and their WAL are deleted. */
  BACKUP_KEEP_FULL: z.coerce.number().int().min(1).max(520).default(4),
  /** Day of the weekly full (0 = Sunday). */
  BACKUP_FULL_WEEKDAY: z.coerce.number().int().min(0).max(6).default(0),
  /** Time of the daily run, UTC. */
  BACKUP_AT_UTC: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM').default('02:30'),
  /** Folder of the PostgreSQL programs; by default /usr/lib/postgresql/<server major>/bin, else PATH. */
  PG_BIN_DIR: z.string().min(1).optional(),
});

export interface BackupSettings {
  dir: string;
  pgCompress: 'gzip' | 'none';
  pgOsUser?: string;
  walSlot: string;
  keepFull: number;
  fullWeekday: number;
  atUtc: string;
  pgBinDir?: string;
  databaseUrl: string;
  clickhouse: ClickhouseTarget;
}

export function parseBackupSettings(env: Record<string, string | undefined>, app: AppConfig): BackupSettings {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = backupEnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => ({ variable: String(i.path[0] ?? '(root)'), message: i.message })));
  }
  const e = parsed.data;
  return {
    dir: path.resolve(e.BACKUP_DIR),
    pgCompress: e.BACKUP_PG_COMPRESS,
    pgOsUser: e.BACKUP_PG_OS_USER,
    walSlot: e.BACKUP_WAL_SLOT,
    keepFull: e.BACKUP_KEEP_FULL,
    fullWeekday: e.BACKUP_FULL_WEEKDAY,
    atUtc: e.BACKUP_AT_UTC,
    pgBinDir: e.PG_BIN_DIR,
    databaseUrl: app.DATABASE_URL,
    clickhouse: targetFromConfig(app),
  };
}
