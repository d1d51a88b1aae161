import type pg from 'pg';
import type { TableCounts } from '../backup-manifest';
import { quoteQualified } from './pg-connection';

/** Every ordinary table of the database, as `schema.table` (partitions are counted through their parent). */
export async function userTables(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT n.nspname || '.' || c.relname AS name
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
        AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
      ORDER BY 1`,
  );
  return rows.map((r) => r.name);
}

export async function countRows(client: pg.Client, tables: string[]): Promise<TableCounts> {
  if (tables.length === 0) return {};
  const sql = tables.map((t, i) => `SELECT ${i} AS i, count(*)::text AS n FROM ${quoteQualified(t)}`).join(' UNION ALL ');
  const { rows } = await client.query<{ i: string; n: string }>(sql);
  return Object.fromEntries(rows.map((r) => [tables[Number(r.i)], Number(r.n)]));
}

export interface RestorePoint {
  name: string;
  lsn: string;
  at: string;
  counts: TableCounts;
}

/**
 * Counts every table and writes a named restore point at the same instant.
 *
 * Why the locks: a count and a WAL position taken separately disagree by whatever
 * committed in between, and a commit is in the WAL slightly before it becomes visible
 * to new snapshots. SHARE locks on every table wait for running writers to finish and
 * hold new ones back, so for the few milliseconds of the counts no write can commit:
 * recovery stopped at this restore point then shows exactly these counts, which is what
 * the post-recovery check compares. Writers queue for that long; lock_timeout bounds it.
 */
export async function markRestorePoint(client: pg.Client, name: string): Promise<RestorePoint> {
  const tables = await userTables(client);
  await client.query('BEGIN');
  try {
    await client.query(`SET LOCAL lock_timeout = '15s'`);
    if (tables.length > 0) await client.query(`LOCK TABLE ${tables.map(quoteQualified).join(', ')} IN SHARE MODE`);
    const counts = await countRows(client, tables);
    const { rows } = await client.query<{ lsn: string; at: string }>(
      `SELECT pg_create_restore_point($1)::text AS lsn, to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at`,
      [name],
    );
    await client.query('COMMIT');
    return { name, ...rows[0], counts };
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

/**
 * Closes the current WAL segment, so the archive holds complete files up to here, and
 * returns the LSN the archive must reach.
 */
export async function switchWal(client: pg.Client): Promise<string> {
  const { rows } = await client.query<{ lsn: string }>('SELECT pg_switch_wal()::text AS lsn');
  return rows[0].lsn;
}
