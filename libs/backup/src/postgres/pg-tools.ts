import { execFileSync, spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * How to run PostgreSQL's own programs here. The server refuses to run as root and
 * wants its data folder owned by the user it runs as; WAL and base backups must be
 * readable by that same user when a restore replays them. So when the tools run as
 * root, every PostgreSQL program runs as one OS user (`postgres` by default) and
 * the folders it writes are owned by it.
 */
export interface PgTools {
  binDir?: string;
  osUser?: string;
}

export function resolvePgTools(serverMajor: number, opts: { binDir?: string; osUser?: string } = {}): PgTools {
  const debianDir = `/usr/lib/postgresql/${serverMajor}/bin`;
  const binDir = opts.binDir ?? (fs.existsSync(debianDir) ? debianDir : undefined);
  const root = process.getuid?.() === 0;
  return { binDir, osUser: root ? (opts.osUser ?? 'postgres') : undefined };
}

function executable(tools: PgTools, program: string): string {
  return tools.binDir && program !== 'tar' ? path.join(tools.binDir, program) : program;
}

/**
 * Spawn options running the program as the database OS user: as a direct child with
 * that uid/gid (not through runuser), so signals reach it and its exit is ours to reap.
 */
function asOsUser(tools: PgTools, env: NodeJS.ProcessEnv): SpawnOptions {
  const options: SpawnOptions = { env: { ...process.env, ...env } };
  if (!tools.osUser) return options;
  const { uid, gid, home } = osUser(tools.osUser);
  // cwd: the caller's folder may be closed to that user (all paths handed over are absolute).
  return { ...options, uid, gid, cwd: '/', env: { ...options.env, HOME: home, USER: tools.osUser } };
}

/** Runs a program to completion; a failure carries the tail of its stderr. */
export function runPg(tools: PgTools, program: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(executable(tools, program), args, { ...asOsUser(tools, env), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${program} failed (exit ${code}): ${err.trim().slice(-2000)}`)),
    );
  });
}

/** Starts a long-running program (pg_receivewal); its output goes to `logFile`. */
export function spawnPg(tools: PgTools, program: string, args: string[], env: NodeJS.ProcessEnv, logFile: string): ChildProcess {
  const log = fs.openSync(logFile, 'a');
  try {
    return spawn(executable(tools, program), args, { ...asOsUser(tools, env), stdio: ['ignore', log, log] });
  } finally {
    fs.closeSync(log);
  }
}

/** mkdir -p, owned by the database OS user, so its programs can write and read there. */
export function ownedDir(tools: PgTools, dir: string, mode = 0o700): string {
  // Parents keep the default mode: a recursive mkdir would give them `mode` too and lock the OS user out.
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  fs.mkdirSync(dir, { recursive: true, mode });
  fs.chmodSync(dir, mode);
  chownToOsUser(tools, dir);
  return dir;
}

export function writeOwnedFile(tools: PgTools, file: string, content: string): void {
  fs.writeFileSync(file, content, { mode: 0o600 });
  chownToOsUser(tools, file);
}

function chownToOsUser(tools: PgTools, target: string): void {
  if (!tools.osUser) return;
  const { uid, gid } = osUser(tools.osUser);
  fs.chownSync(target, uid, gid);
}

const users = new Map<string, { uid: number; gid: number; home: string }>();
function osUser(name: string): { uid: number; gid: number; home: string } {
  let user = users.get(name);
  if (!user) {
    const entry = execFileSync('getent', ['passwd', name]).toString().trim().split(':');
    if (entry.length < 6) throw new Error(`no OS user ${name} (set BACKUP_PG_OS_USER)`);
    user = { uid: Number(entry[2]), gid: Number(entry[3]), home: entry[5] };
    users.set(name, user);
  }
  return user;
}
