import path from 'node:path';

export type BackupKind = 'full' | 'incremental';

const ID = /^\d{8}T\d{6}Z-(full|incremental)$/;

/** `20261207T023000Z-full`: sorts by time, names the kind, safe inside SQL string literals and paths. */
export function backupId(kind: BackupKind, at: Date): string {
  return `${at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z')}-${kind}`;
}

export function assertBackupId(id: string): string {
  if (!ID.test(id)) throw new Error(`not a backup id: ${id} (expected e.g. 20261207T023000Z-full)`);
  return id;
}

/**
 * One folder holds every backup:
 *
 *   wal/                  PostgreSQL WAL streamed by pg_receivewal (continuous)
 *   postgres/<id>/        base backups (full runs), as pg_basebackup's tar format
 *   clickhouse/<id>/      ClickHouse BACKUP … TO File('clickhouse/<id>')
 *   manifests/<id>.json   one per completed run; a run without one did not finish
 *   restores/<stamp>/     throwaway PostgreSQL instances made by restores
 *
 * ClickHouse resolves File() paths against its `backups.allowed_path`, which is
 * this root (the embedded engine gets it at open; a server mounts the same folder
 * there), so the same relative name works on both transports.
 */
export class BackupLayout {
  constructor(readonly root: string) {}

  get walDir(): string {
    return path.join(this.root, 'wal');
  }
  get manifestsDir(): string {
    return path.join(this.root, 'manifests');
  }
  get restoresDir(): string {
    return path.join(this.root, 'restores');
  }
  manifestPath(id: string): string {
    return path.join(this.manifestsDir, `${assertBackupId(id)}.json`);
  }
  baseBackupDir(id: string): string {
    return path.join(this.root, 'postgres', assertBackupId(id));
  }
  /** The name inside ClickHouse's File(): relative to the allowed path (= this root). */
  clickhouseName(id: string): string {
    return `clickhouse/${assertBackupId(id)}`;
  }
  clickhouseDir(id: string): string {
    return path.join(this.root, this.clickhouseName(id));
  }
}
