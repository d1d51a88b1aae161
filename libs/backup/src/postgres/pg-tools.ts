import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
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

/** argv for one program, wrapped in runuser when it must run as the database OS user. */
export function pgArgv(tools: PgTools, program: string, args: string[]): string[] {
  const exe = tools.binDir && !program.includes('/') && program !== 'tar' ? path.join(tools.binDir, program) : program;
  return tools.osUser ? ['runuser', '-u', tools.osUser, '--', exe, ...args] : [exe, ...args];
}

/** Runs a program to completion; a failure carries the tail of its stderr. */
export function runPg(tools: PgTools, program: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const [cmd, ...argv] = pgArgv(tools, program, args);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${program} failed (exit ${code}): ${err.trim().slice(-2000)}`)),
    );
  });
}

/** Starts a long-running program (pg_receivewal); its output goes to `logFile`. */
export function spawnPg(tools: PgTools, program: string, args: string[], env: NodeJS.ProcessEnv, logFile: string): ChildProcess {
  const [cmd, ...argv] = pgArgv(tools, program, args);
  const log = fs.openSync(logFile, 'a');
  try {
    return spawn(cmd, argv, { env: { ...process.env, ...env }, stdio: ['ignore', log, log] });
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
  const { uid, gid } = osUserIds(tools.osUser);
  fs.chownSync(target, uid, gid);
}

const idCache = new Map<string, { uid: number; gid: number }>();
function osUserIds(user: string): { uid: number; gid: number } {
  let ids = idCache.get(user);
  if (!ids) {
    ids = {
      uid: Number(execFileSync('id', ['-u', user]).toString().trim()),
      gid: Number(execFileSync('id', ['-g', user]).toString().trim()),
    };
    idCache.set(user, ids);
  }
  return ids;
}
