import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { libpqEnv } from './pg-connection';
import { ownedDir, runPg, type PgTools } from './pg-tools';

export interface BaseBackup {
  endedAt: string;
  /** The oldest WAL segment a restore from this base needs; older WAL can go. */
  firstWalSegment: string;
}

/**
 * pg_basebackup in tar format with the WAL of its own duration (`-X stream`), so the
 * base is consistent on its own; the continuous WAL in wal/ carries it forward in time.
 */
export async function takeBaseBackup(
  tools: PgTools,
  client: pg.Client,
  databaseUrl: string,
  dir: string,
  opts: { label: string; compress: 'gzip' | 'none' },
): Promise<BaseBackup> {
  ownedDir(tools, dir);
  const compress = opts.compress === 'gzip' ? ['--gzip'] : [];
  await runPg(
    tools,
    'pg_basebackup',
    ['-D', dir, '-Ft', ...compress, '-X', 'stream', '--checkpoint=fast', '--no-password', '-l', opts.label],
    libpqEnv(databaseUrl),
  ).catch((e: Error) => {
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  });
  const endedAt = new Date().toISOString();
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'backup_manifest'), 'utf8')) as BackupManifestFile;
  const range = manifest['WAL-Ranges'][0];
  return { endedAt, firstWalSegment: walSegmentName(range.Timeline, range['Start-LSN'], await walSegmentSize(client)) };
}

interface BackupManifestFile {
  'WAL-Ranges': { Timeline: number; 'Start-LSN': string; 'End-LSN': string }[];
}

async function walSegmentSize(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ setting: string }>(`SELECT setting FROM pg_settings WHERE name = 'wal_segment_size'`);
  return Number(rows[0].setting);
}

/** PostgreSQL's file name for the WAL segment holding `lsn` (XLogFileName). */
export function walSegmentName(timeline: number, lsn: string, segmentSize: number): string {
  const [hi, lo] = lsn.split('/').map((h) => BigInt(`0x${h}`));
  const segment = ((hi << 32n) + lo) / BigInt(segmentSize);
  const perId = 0x1_0000_0000n / BigInt(segmentSize);
  const hex = (n: bigint | number) => n.toString(16).toUpperCase().padStart(8, '0');
  return hex(timeline) + hex(segment / perId) + hex(segment % perId);
}
