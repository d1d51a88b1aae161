import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import type { RecoveryStop } from '../restore-plan';
import { withDatabase } from './pg-connection';
import { ownedDir, runPg, writeOwnedFile, type PgTools } from './pg-tools';

/** A PostgreSQL server made from a base backup plus WAL, on a free loopback port. */
export interface RestoredInstance {
  /** Everything of this instance: data/, its log, its hba file. Deleted by stop(). */
  dir: string;
  port: number;
  /** URL of the restored copy of `database`. */
  url: string;
}

export interface RestoreInstanceOptions {
  baseDir: string;
  compress: 'gzip' | 'none';
  walDir: string;
  recovery: RecoveryStop;
  /** Folder to create the instance in (must not exist). */
  dir: string;
  /** The source's superuser and database, for the URL handed back. */
  user: string;
  database: string;
}

/** `2026-12-07 02:30:00.123+00`: the form recovery_target_time accepts (ISO's T and Z are refused). */
export function formatRecoveryTime(at: Date): string {
  return at.toISOString().replace('T', ' ').replace('Z', '+00');
}

function confString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * Settings appended to the restored postgresql.auto.conf (later lines win over the
 * source's own settings). The restore command falls back to `<segment>.partial`:
 * pg_receivewal keeps the segment it is still writing under that name, and the newest
 * transactions are in it.
 */
export function recoverySettings(o: { port: number; walDir: string; hbaFile: string; recovery: RecoveryStop }): string {
  const wal = (suffix: string) => shellQuote(path.join(o.walDir, `%f${suffix}`));
  const restoreCommand = `cp ${wal('')} "%p" 2>/dev/null || cp ${wal('.partial')} "%p" 2>/dev/null`;
  const lines: Record<string, string> = {
    port: String(o.port),
    listen_addresses: confString('127.0.0.1'),
    unix_socket_directories: confString(''),
    hba_file: confString(o.hbaFile),
    // The copy must not archive into, or stream from, anything of the live system.
    archive_mode: confString('off'),
    archive_command: confString(''),
    primary_conninfo: confString(''),
    restore_command: confString(restoreCommand),
    // Before replaying, the server fsyncs the data folder it finds: file by file that took ~4 s for an
    // empty cluster here; one syncfs() of the filesystem takes a fraction, with the same guarantee.
    recovery_init_sync_method: confString('syncfs'),
    recovery_target_action: confString('promote'),
    ...(o.recovery.kind === 'time' ? { recovery_target_time: confString(formatRecoveryTime(o.recovery.at)) } : {}),
    ...(o.recovery.kind === 'name' ? { recovery_target_name: confString(o.recovery.name) } : {}),
  };
  return `\n# northstar restore\n${Object.entries(lines).map(([k, v]) => `${k} = ${v}`).join('\n')}\n`;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/**
 * Extracts the base, points recovery at the WAL folder and the target, starts the
 * server and waits until it has replayed up to the target and promoted itself. A target
 * the WAL does not reach fails here, with the server's own words from its log.
 */
export async function startRestoredInstance(tools: PgTools, o: RestoreInstanceOptions): Promise<RestoredInstance> {
  if (fs.existsSync(o.dir)) throw new Error(`${o.dir} already exists`);
  ownedDir(tools, o.dir);
  const data = ownedDir(tools, path.join(o.dir, 'data'));
  const ext = o.compress === 'gzip' ? '.tar.gz' : '.tar';
  await runPg(tools, 'tar', ['-xf', path.join(o.baseDir, `base${ext}`), '-C', data]);
  await runPg(tools, 'tar', ['-xf', path.join(o.baseDir, `pg_wal${ext}`), '-C', path.join(data, 'pg_wal')]);

  const port = await freePort();
  const hbaFile = path.join(o.dir, 'pg_hba.conf');
  // Loopback only, and only for as long as the operator keeps the copy.
  writeOwnedFile(tools, hbaFile, 'local all all trust\nhost all all 127.0.0.1/32 trust\n');
  // Debian keeps postgresql.conf outside the data folder, so a base backup of it has none.
  if (!fs.existsSync(path.join(data, 'postgresql.conf'))) writeOwnedFile(tools, path.join(data, 'postgresql.conf'), '');
  fs.appendFileSync(path.join(data, 'postgresql.auto.conf'), recoverySettings({ port, walDir: o.walDir, hbaFile, recovery: o.recovery }));
  writeOwnedFile(tools, path.join(data, 'recovery.signal'), '');

  const log = path.join(o.dir, 'postgres.log');
  await runPg(tools, 'pg_ctl', ['-D', data, '-l', log, '-w', '-t', '120', 'start']).catch((e: Error) => {
    throw new Error(`the restored server did not start: ${logTail(log) || e.message}`);
  });
  const url = `postgresql://${encodeURIComponent(o.user)}@127.0.0.1:${port}/${encodeURIComponent(o.database)}`;
  // Asked on the maintenance database: the restored one may not exist at every point of the replay.
  await waitUntilPromoted(withDatabase(url, 'postgres'), o.dir);
  return { dir: o.dir, port, url };
}

async function waitUntilPromoted(url: string, dir: string, timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const log = path.join(dir, 'postgres.log');
  for (;;) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      const { rows } = await client.query<{ r: boolean }>('SELECT pg_is_in_recovery() AS r');
      if (!rows[0].r) return;
    } catch (e) {
      // A server that stops short of its target exits (FATAL in its log); anything else is retried.
      if (!fs.existsSync(path.join(dir, 'data', 'postmaster.pid'))) throw new Error(`recovery failed: ${logTail(log)}`);
      if (Date.now() > deadline) throw new Error(`recovery did not finish in time: ${(e as Error).message}`);
    } finally {
      await client.end().catch(() => undefined);
    }
    if (Date.now() > deadline) throw new Error(`recovery did not finish within ${timeoutMs} ms: ${logTail(log)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function logTail(log: string): string {
  if (!fs.existsSync(log)) return '';
  return fs.readFileSync(log, 'utf8').split('\n').filter((l) => /FATAL|PANIC|ERROR/.test(l)).slice(-5).join('\n');
}

/** Stops a restored instance and deletes it. */
export async function discardRestoredInstance(tools: PgTools, dir: string): Promise<void> {
  const data = path.join(dir, 'data');
  if (fs.existsSync(path.join(data, 'postmaster.pid'))) {
    await runPg(tools, 'pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']).catch(() => undefined);
  }
  fs.rmSync(dir, { recursive: true, force: true });
}
