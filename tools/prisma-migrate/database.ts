/**
 * Plain `pg` work that the schema engine does not do for us: creating the database,
 * reading `_prisma_migrations`, reverting a migration, replaying migrations into a shadow.
 */
import pg from 'pg';

/** The lock `prisma migrate deploy` holds while it works; ours too, so the two never interleave. */
const PRISMA_MIGRATE_LOCK_ID = 72707369;
const MAINTENANCE_DATABASE = 'postgres';
const PG_DUPLICATE_DATABASE = '42P04';
/** What a CREATE DATABASE racing another one for the same name fails with. */
const PG_UNIQUE_VIOLATION = '23505';
const PG_UNDEFINED_TABLE = '42P01';
const PG_INVALID_CATALOG_NAME = '3D000';

export interface AppliedMigrationRow {
  migrationName: string;
  checksum: string;
  startedAt: Date;
  finishedAt: Date | null;
  rolledBackAt: Date | null;
  appliedStepsCount: number;
}

export function databaseName(databaseUrl: string): string {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, ''));
  if (!name) throw new Error(`DATABASE_URL names no database: ${redactUrl(databaseUrl)}`);
  return name;
}

export function withDatabase(databaseUrl: string, database: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

/** For messages: the URL without its password. */
export function redactUrl(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '(unparsable URL)';
  }
}

export async function withClient<T>(databaseUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function pgCode(error: unknown): string | undefined {
  return (error as { code?: string } | undefined)?.code;
}

/** Creates the database named in `databaseUrl` unless it exists. Returns whether it created it. */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const name = databaseName(databaseUrl);
  return withClient(withDatabase(databaseUrl, MAINTENANCE_DATABASE), async (client) => {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return false;
    try {
      await client.query(`CREATE DATABASE ${quoteIdent(name)}`);
      return true;
    } catch (error) {
      const code = pgCode(error);
      if (code === PG_DUPLICATE_DATABASE || code === PG_UNIQUE_VIOLATION) return false; // a concurrent run created it
      throw error;
    }
  });
}

/** Drops a database (tests' throwaway ones); connections still open to it are terminated. */
export async function dropDatabase(databaseUrl: string): Promise<void> {
  const name = databaseName(databaseUrl);
  await withClient(withDatabase(databaseUrl, MAINTENANCE_DATABASE), async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
  });
}

export async function databaseExists(databaseUrl: string): Promise<boolean> {
  try {
    await withClient(databaseUrl, async () => undefined);
    return true;
  } catch (error) {
    if (pgCode(error) === PG_INVALID_CATALOG_NAME) return false;
    throw error;
  }
}

/** Every row of `_prisma_migrations`, oldest first; none when the table does not exist yet. */
export async function readAppliedMigrations(client: pg.Client): Promise<AppliedMigrationRow[]> {
  try {
    const { rows } = await client.query<AppliedMigrationRow>(
      `SELECT migration_name AS "migrationName", checksum, started_at AS "startedAt",
              finished_at AS "finishedAt", rolled_back_at AS "rolledBackAt",
              applied_steps_count AS "appliedStepsCount"
         FROM _prisma_migrations
        ORDER BY started_at, migration_name`,
    );
    return rows;
  } catch (error) {
    if (pgCode(error) === PG_UNDEFINED_TABLE) return [];
    throw error;
  }
}

export async function withMigrateLock<T>(client: pg.Client, work: () => Promise<T>): Promise<T> {
  await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK_ID]);
  try {
    return await work();
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK_ID]);
  }
}

/**
 * Runs a migration's down script and forgets the migration, in one transaction, so a
 * failing down.sql leaves both schema and history as they were. A script without
 * parameters goes through the simple protocol, which accepts many statements at once.
 */
export async function revertOne(client: pg.Client, migrationName: string, downSql: string): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query(downSql);
    await client.query('DELETE FROM _prisma_migrations WHERE migration_name = $1', [migrationName]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw new Error(`Reverting ${migrationName} failed, nothing was changed: ${(error as Error).message}`);
  }
}

/** Replays migration scripts in order, each as one implicit transaction (as the engine runs them). */
export async function replayMigrations(client: pg.Client, migrations: Array<{ name: string; sql: string }>): Promise<void> {
  for (const migration of migrations) {
    try {
      await client.query(migration.sql);
    } catch (error) {
      throw new Error(
        `Migration ${migration.name} failed to apply cleanly to the shadow database: ${(error as Error).message}`,
      );
    }
  }
}
