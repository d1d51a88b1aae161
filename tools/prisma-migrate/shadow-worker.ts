/**
 * Runs inside a worker thread started by ./shadow.ts: an in-memory PGlite served on a
 * loopback port. Messages: → { type: 'ready', url } | { type: 'failed', message };
 * ← 'close' (the worker then stops the server, closes PGlite and ends).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { parentPort } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import type * as PgTrgmModule from '@electric-sql/pglite/dist/contrib/pg_trgm';

// A subpath export (`contrib/*`) that our TS setting (moduleResolution "node") cannot
// see, hence require() typed from the file behind the export.
const { pg_trgm } = require('@electric-sql/pglite/contrib/pg_trgm') as typeof PgTrgmModule;

/** Contrib extensions migrations may CREATE (customer search uses pg_trgm GIN indexes). */
const EXTENSIONS = { pg_trgm };

/** The engine's pool opens several connections; pglite-socket queues their queries onto the one PGlite. */
const MAX_CONNECTIONS = 16;

export type ShadowWorkerMessage = { type: 'ready'; url: string } | { type: 'failed'; message: string };

async function serve(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('shadow-worker.ts must run in a worker thread');
  const db = await createPGlite();
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: MAX_CONNECTIONS });
  await server.start();
  port.once('message', async () => {
    await server.stop();
    await db.close();
    process.exit(0); // in a worker thread this ends the thread, not the process
  });
  // port 0 picked a free port; getServerConn() reports the real one once listening.
  const ready: ShadowWorkerMessage = { type: 'ready', url: `postgresql://postgres@${server.getServerConn()}/postgres` };
  port.postMessage(ready);
}

/**
 * A fresh PGlite runs initdb, which takes 3–4 s; starting from a saved empty cluster takes
 * ~0.6 s. The snapshot is made once per PGlite version and kept in the OS temp folder.
 */
async function createPGlite(): Promise<PGlite> {
  const snapshot = snapshotPath();
  if (fs.existsSync(snapshot)) {
    try {
      return await PGlite.create({ loadDataDir: new Blob([fs.readFileSync(snapshot)]), extensions: EXTENSIONS });
    } catch {
      fs.rmSync(snapshot, { force: true }); // unreadable snapshot: rebuild it below
    }
  }
  const db = await PGlite.create({ extensions: EXTENSIONS });
  await saveSnapshot(db, snapshot);
  return db;
}

async function saveSnapshot(db: PGlite, snapshot: string): Promise<void> {
  try {
    // PGlite's own 'gzip' dump compresses slowly (~3.5 s); zlib at level 1 takes ~0.1 s.
    const tar = Buffer.from(await (await db.dumpDataDir('none')).arrayBuffer());
    const archive = zlib.gzipSync(tar, { level: 1 });
    fs.mkdirSync(path.dirname(snapshot), { recursive: true });
    const partial = `${snapshot}.${process.pid}.${Date.now()}.tmp`;
    fs.writeFileSync(partial, archive);
    fs.renameSync(partial, snapshot); // atomic: concurrent runs never read half a file
  } catch {
    // Only a speed-up: without it the next run runs initdb again.
  }
}

function snapshotPath(): string {
  const packageJson = path.join(path.dirname(require.resolve('@electric-sql/pglite')), '..', 'package.json');
  const { version } = JSON.parse(fs.readFileSync(packageJson, 'utf8')) as { version: string };
  return path.join(os.tmpdir(), 'northstar-prisma-migrate', `pglite-${version}-empty.tar.gz`);
}

serve().catch((error: unknown) => {
  const failed: ShadowWorkerMessage = { type: 'failed', message: error instanceof Error ? error.message : String(error) };
  parentPort?.postMessage(failed);
  process.exit(1);
});
