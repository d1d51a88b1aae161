/**
 * A throwaway in-memory Postgres (PGlite, Postgres compiled to WebAssembly) that the
 * migrations are replayed into, so that `new` and `check` can compute "what the migrations
 * build" without a database server and without touching anybody's data. PGlite is served
 * on a loopback port by pglite-socket so the engine reaches it through the very same
 * adapter-pg code path as a real server.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

// PGlite publishes contrib extensions under the subpath export `contrib/*`, which our
// TS setting (moduleResolution "node") cannot see; the types are taken from the file
// behind that export instead.
const { pg_trgm } = require('@electric-sql/pglite/contrib/pg_trgm') as typeof import('@electric-sql/pglite/dist/contrib/pg_trgm');

export interface ShadowDatabase {
  readonly url: string;
  close(): Promise<void>;
}

/** Contrib extensions migrations may CREATE (customer search uses pg_trgm GIN indexes). */
const EXTENSIONS = { pg_trgm };

/** The engine's pool opens several connections; pglite-socket queues their queries onto the one PGlite. */
const MAX_CONNECTIONS = 16;

export async function startShadowDatabase(): Promise<ShadowDatabase> {
  const db = await createPGlite();
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: MAX_CONNECTIONS });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    throw error;
  }
  let closed = false;
  return {
    // port 0 picked a free port; getServerConn() reports the real one once listening.
    url: `postgresql://postgres@${server.getServerConn()}/postgres`,
    async close() {
      if (closed) return;
      closed = true;
      await server.stop();
      await db.close();
    },
  };
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
    const partial = `${snapshot}.${process.pid}.tmp`;
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
