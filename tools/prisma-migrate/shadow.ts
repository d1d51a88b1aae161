/**
 * A throwaway in-memory Postgres (PGlite, Postgres compiled to WebAssembly) that the
 * migrations are replayed into, so that `new` and `check` can compute "what the migrations
 * build" without a database server and without touching anybody's data. It is served on
 * a loopback port (pglite-socket), so the engine reaches it through the very same
 * adapter-pg code path as a real server.
 *
 * PGlite runs in a worker thread: it loads its own files with dynamic import(), which
 * Jest's module sandbox rejects, and tests call this tool in-process. A worker is a plain
 * Node environment wherever we are called from (and keeps PGlite's CPU work off our thread).
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ShadowWorkerMessage } from './shadow-worker';

export interface ShadowDatabase {
  readonly url: string;
  close(): Promise<void>;
}

const WORKER_FILE = path.join(__dirname, 'shadow-worker.ts');
/** The worker is TypeScript: register swc in it first, as our entrypoints do with `-r`. */
const BOOTSTRAP = `require(${JSON.stringify(require.resolve('@swc-node/register'))}); require(${JSON.stringify(WORKER_FILE)});`;

export async function startShadowDatabase(): Promise<ShadowDatabase> {
  const worker = new Worker(BOOTSTRAP, { eval: true });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  let url: string;
  try {
    url = await readyUrl(worker);
  } catch (error) {
    await worker.terminate();
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    url,
    close() {
      closing ??= (worker.postMessage('close'), exited);
      return closing;
    },
  };
}

function readyUrl(worker: Worker): Promise<string> {
  return new Promise((resolve, reject) => {
    worker.once('message', (message: ShadowWorkerMessage) => {
      if (message.type === 'ready') resolve(message.url);
      else reject(new Error(`The shadow database (PGlite) did not start: ${message.message}`));
    });
    worker.once('error', (error) => reject(new Error(`The shadow database (PGlite) did not start: ${error.message}`)));
    worker.once('exit', (code) => reject(new Error(`The shadow database (PGlite) exited with code ${code} before it was ready`)));
  });
}
