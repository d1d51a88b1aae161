import type { BackupManifest, TableCounts } from './backup-manifest';

/** What an operator asks for: the newest state, a moment, or a backup's own restore point. */
export type RestoreTarget = { kind: 'latest' } | { kind: 'time'; at: Date } | { kind: 'point'; id: string };

/** How PostgreSQL recovery stops (see recoverySettings). */
export type RecoveryStop = { kind: 'end-of-wal' } | { kind: 'time'; at: Date } | { kind: 'name'; name: string };

export interface RestorePlan {
  /** Full run whose base backup recovery starts from. */
  postgresBase?: BackupManifest;
  recovery: RecoveryStop;
  /** Counts the restored PostgreSQL must show: known only when stopping at a restore point. */
  postgresCounts?: TableCounts;
  /** The ClickHouse backup to restore: the newest taken at or before the target. */
  clickhouse?: BackupManifest;
}

/**
 * Picks the sources for a target. PostgreSQL replays WAL from a base backup, so any
 * moment after the newest base that had finished by then is reachable. ClickHouse has
 * no log to replay: it comes back as of its newest backup at or before the moment.
 */
export function planRestore(manifests: BackupManifest[], target: RestoreTarget): RestorePlan {
  if (target.kind === 'point') return planPoint(manifests, target.id);
  const at = target.kind === 'time' ? target.at.getTime() : Infinity;
  const bases = manifests.filter((m) => m.postgres?.base && Date.parse(m.postgres.base.endedAt) < at);
  const clickhouse = manifests.filter((m) => m.clickhouse && Date.parse(m.clickhouse.takenAt) <= at);
  if (bases.length === 0 && clickhouse.length === 0) throw new Error(noBackupBefore(manifests, target));
  return {
    postgresBase: bases.at(-1),
    recovery: target.kind === 'time' ? { kind: 'time', at: target.at } : { kind: 'end-of-wal' },
    clickhouse: clickhouse.at(-1),
  };
}

function planPoint(manifests: BackupManifest[], id: string): RestorePlan {
  const point = manifests.find((m) => m.id === id);
  if (!point) throw new Error(`no completed backup ${id} (see: npm run backup -- list)`);
  const base = manifests.find((m) => m.id === point.chain && m.postgres?.base);
  return {
    postgresBase: point.postgres && base,
    recovery: point.postgres ? { kind: 'name', name: point.postgres.restorePoint.name } : { kind: 'end-of-wal' },
    postgresCounts: point.postgres && base ? point.postgres.counts : undefined,
    clickhouse: point.clickhouse ? point : undefined,
  };
}

function noBackupBefore(manifests: BackupManifest[], target: RestoreTarget): string {
  if (manifests.length === 0) return 'there is no completed backup yet (npm run backup -- full)';
  const when = target.kind === 'time' ? target.at.toISOString() : 'now';
  return `no backup had finished before ${when}; the oldest finished at ${manifests[0].finishedAt}`;
}
