import type { RestoreTarget } from './restore-plan';

export type Stores = { postgres: boolean; clickhouse: boolean };

export type BackupCommand =
  | { command: 'auto' | 'full' | 'incremental'; stores: Stores }
  | { command: 'wal' | 'schedule' | 'list' | 'prune'; stores: Stores };

export type RestoreCommand =
  | { command: 'restore'; target: RestoreTarget; replace: boolean; stores: Stores }
  | { command: 'customer'; customerId: string; target: RestoreTarget; stores: Stores }
  | { command: 'verify'; id?: string; stores: Stores }
  | { command: 'discard'; what: string };

export const BACKUP_USAGE = `usage: npm run backup -- [auto | full | incremental | wal | schedule | list | prune] [--only postgres|clickhouse]
  auto         (default) full on the full day or when the last full is a week old, else incremental; then retention
  full         base backup of PostgreSQL + full ClickHouse backup
  incremental  PostgreSQL restore point + ClickHouse backup relative to the last full
  wal          stream PostgreSQL WAL into the backup folder until stopped (needed for point-in-time restore)
  schedule     wal + the daily run at BACKUP_AT_UTC + retention + a restore drill after each full
  list         completed backups
  prune        delete chains beyond BACKUP_KEEP_FULL and the WAL only they needed`;

export const RESTORE_USAGE = `usage:
  npm run restore -- [--to <ISO time> | --point <backup id>] [--replace] [--only postgres|clickhouse]
  npm run restore -- customer <customer id> [--to <ISO time> | --point <backup id>] [--only …]
  npm run restore -- verify [<backup id>]
  npm run restore -- discard <restore folder | restored ClickHouse database>`;

/** A command line the tools cannot run: printed with the usage, exit code 64. */
export class UsageError extends Error {}

function takeOption(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const value = args[i + 1];
  if (value === undefined || value.startsWith('--')) throw new UsageError(`${name} needs a value`);
  args.splice(i, 2);
  return value;
}

function takeFlag(args: string[], name: string): boolean {
  const i = args.indexOf(name);
  if (i >= 0) args.splice(i, 1);
  return i >= 0;
}

function takeStores(args: string[]): Stores {
  const only = takeOption(args, '--only');
  if (only === undefined) return { postgres: true, clickhouse: true };
  if (only !== 'postgres' && only !== 'clickhouse') throw new UsageError(`--only takes postgres or clickhouse, not ${only}`);
  return { postgres: only === 'postgres', clickhouse: only === 'clickhouse' };
}

function takeTarget(args: string[]): RestoreTarget {
  const to = takeOption(args, '--to');
  const point = takeOption(args, '--point');
  if (to && point) throw new UsageError('give --to or --point, not both');
  if (point) return { kind: 'point', id: point };
  if (!to) return { kind: 'latest' };
  // A time without a zone would silently mean the machine's zone; make the operator say it.
  if (!/(Z|[+-]\d{2}:?\d{2})$/.test(to) || Number.isNaN(Date.parse(to))) {
    throw new UsageError(`--to wants an ISO time with its zone, e.g. 2026-12-07T14:05:00Z (got ${to})`);
  }
  return { kind: 'time', at: new Date(to) };
}

function noneLeft(args: string[]): void {
  if (args.length) throw new UsageError(`unexpected: ${args.join(' ')}`);
}

export function parseBackupArgs(argv: string[]): BackupCommand {
  const args = [...argv];
  const stores = takeStores(args);
  const command = args.shift() ?? 'auto';
  noneLeft(args);
  if (!['auto', 'full', 'incremental', 'wal', 'schedule', 'list', 'prune'].includes(command)) throw new UsageError(`unknown command ${command}`);
  return { command, stores } as BackupCommand;
}

export function parseRestoreArgs(argv: string[]): RestoreCommand {
  const args = [...argv];
  if (args[0] === 'discard') {
    if (args.length !== 2) throw new UsageError('discard takes one restore folder or restored ClickHouse database');
    return { command: 'discard', what: args[1] };
  }
  const stores = takeStores(args);
  if (args[0] === 'verify') {
    if (args.length > 2) throw new UsageError(`unexpected: ${args.slice(2).join(' ')}`);
    return { command: 'verify', id: args[1], stores };
  }
  if (args[0] === 'customer') {
    args.shift();
    const customerId = args.shift();
    if (!customerId || customerId.startsWith('--')) throw new UsageError('customer needs a customer id');
    const target = takeTarget(args);
    noneLeft(args);
    return { command: 'customer', customerId, target, stores };
  }
  const replace = takeFlag(args, '--replace');
  const target = takeTarget(args);
  noneLeft(args);
  return { command: 'restore', target, replace, stores };
}
