import path from 'node:path';
import { databaseOf, libpqEnv, quoteIdent, withClient, withDatabase } from './pg-connection';
import { runPg, type PgTools } from './pg-tools';

/**
 * Replaces the live database with the restored copy: pg_dump from the restored server,
 * DROP and CREATE on the live one, pg_restore. One database of a shared cluster can be
 * replaced this way without touching the others or stopping the server; every session
 * on the database is ended first (WITH FORCE).
 */
export async function replaceDatabase(tools: PgTools, restoredUrl: string, liveUrl: string, workDir: string): Promise<void> {
  const dump = path.join(workDir, 'replace.dump');
  await runPg(tools, 'pg_dump', ['-Fc', '-f', dump], libpqEnv(restoredUrl));
  const name = databaseOf(liveUrl);
  await withClient(withDatabase(liveUrl, 'postgres'), async (admin) => {
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${quoteIdent(name)}`);
  });
  await runPg(tools, 'pg_restore', ['--exit-on-error', '-d', name, dump], libpqEnv(liveUrl));
}
