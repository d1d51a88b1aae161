/**
 * Offline replacement for `prisma migrate` — THE one place where we work around Prisma's CLI.
 *
 * Why it exists: every `prisma migrate …` / `prisma db push` command starts Prisma's native
 * schema-engine binary, which the CLI downloads from Prisma's own host at first use. Our
 * machines (developers' and CI's) can reach only the npm registry, so those commands cannot
 * run here (see shared/design/environment.md, "Prisma"). The same engine is published on
 * npm as WebAssembly (`@prisma/schema-engine-wasm`); driven through a driver adapter it
 * diffs schemas, renders migration SQL and keeps `_prisma_migrations` exactly like the CLI.
 *
 * What stays standard: migrations live in prisma/migrations/<UTC timestamp>_<name>/migration.sql
 * with migration_lock.toml and are recorded in `_prisma_migrations` by the engine itself, so
 * on a machine with normal internet `prisma migrate deploy` / `prisma migrate status` and
 * this tool are interchangeable. What is ours: a `down.sql` beside each migration.sql
 * (Prisma ignores it) and the `down` command that uses it.
 *
 * When Prisma's CLI can run offline again (or the binary can be installed from npm), this
 * folder can be deleted and the package.json scripts pointed back at `prisma migrate`.
 */
import path from 'node:path';
import type { DiagnoseMigrationHistoryOutput, SchemaContainer } from '@prisma/schema-engine-wasm';
import { NO_FILTER, withEngine, engineErrorMessage, type SchemaEngine, type EngineLog } from './engine';
import { MigrationAdapterFactory } from './pg-adapter';
import { startShadowDatabase } from './shadow';
import {
  readSchemaFiles,
  readMigrationList,
  listMigrationNames,
  readMigrationSql,
  readDownSql,
  slugifyMigrationName,
  migrationTimestamp,
  writeMigration,
  DOWN_FILE,
} from './files';
import {
  ensureDatabase,
  databaseExists,
  readAppliedMigrations,
  replayMigrations,
  revertOne,
  withClient,
  withMigrateLock,
  type AppliedMigrationRow,
} from './database';

export { ensureDatabase, dropDatabase, databaseName, withDatabase, redactUrl } from './database';
export type { AppliedMigrationRow } from './database';

const REPO_ROOT = path.resolve(__dirname, '../..');
/** Same folders as prisma.config.ts names (that file is what Prisma's own CLI reads). */
export const DEFAULT_SCHEMA_DIR = path.join(REPO_ROOT, 'prisma', 'schema');
export const DEFAULT_MIGRATIONS_DIR = path.join(REPO_ROOT, 'prisma', 'migrations');

export interface MigrateOptions {
  /** Folder of `*.prisma` files (multi-file schema). Defaults to prisma/schema. */
  schemaDir?: string;
  /** Folder of migration folders. Defaults to prisma/migrations. */
  migrationsDir?: string;
  /** Progress and engine warnings; silent when omitted. */
  log?: EngineLog;
}

function resolveDirs(options: MigrateOptions): { schemaDir: string; migrationsDir: string } {
  return {
    schemaDir: path.resolve(options.schemaDir ?? DEFAULT_SCHEMA_DIR),
    migrationsDir: path.resolve(options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR),
  };
}

/** Rethrows engine errors without the Rust span trace, which only names engine internals. */
async function engineCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new Error(engineErrorMessage(error));
  }
}

// ---------------------------------------------------------------------------- deploy

export interface ApplyResult {
  createdDatabase: boolean;
  applied: string[];
}

/**
 * `prisma migrate deploy`: creates the database if missing, then applies pending migrations
 * and records them in `_prisma_migrations` (the engine's own bookkeeping, under Prisma's
 * advisory lock). Refuses, like Prisma, when an applied migration was edited or failed.
 */
export async function applyMigrations(databaseUrl: string, options: MigrateOptions = {}): Promise<ApplyResult> {
  const { migrationsDir } = resolveDirs(options);
  const createdDatabase = await ensureDatabase(databaseUrl);
  const migrationsList = readMigrationList(migrationsDir);
  try {
    const { appliedMigrationNames } = await engineCall(() =>
      withEngine(
        new MigrationAdapterFactory(databaseUrl),
        (engine) => engine.applyMigrations({ migrationsList, filters: NO_FILTER }),
        options.log,
      ),
    );
    return { createdDatabase, applied: appliedMigrationNames };
  } catch (error) {
    throw await withFailedMigrationName(databaseUrl, error as Error);
  }
}

/** The engine's SQL errors do not say which migration failed; `_prisma_migrations` does. */
async function withFailedMigrationName(databaseUrl: string, error: Error): Promise<Error> {
  const rows = await withClient(databaseUrl, readAppliedMigrations).catch(() => []);
  const failed = rows.filter((row) => row.finishedAt === null && row.rolledBackAt === null).map((row) => row.migrationName);
  if (failed.length === 0 || error.message.includes(failed[failed.length - 1])) return error;
  return new Error(`Migration ${failed[failed.length - 1]} failed: ${error.message}`);
}

// ---------------------------------------------------------------------------- down

/**
 * Reverts the `steps` most recently applied migrations, newest first: runs each one's
 * down.sql and deletes its `_prisma_migrations` row, in one transaction per migration.
 * Returns the reverted names. Ours only: Prisma has no down migrations.
 */
export async function revertMigrations(databaseUrl: string, steps = 1, options: MigrateOptions = {}): Promise<string[]> {
  if (!Number.isInteger(steps) || steps < 1) throw new Error(`steps must be a positive integer, got ${steps}`);
  const { migrationsDir } = resolveDirs(options);
  return withClient(databaseUrl, (client) =>
    withMigrateLock(client, async () => {
      const rows = await readAppliedMigrations(client);
      assertNoFailedMigration(rows);
      const newestFirst = rows.filter(isApplied).reverse().slice(0, steps);
      // Read every down.sql before changing anything, so a missing one stops us up front.
      const plan = newestFirst.map((row) => ({ name: row.migrationName, down: readDownSql(migrationsDir, row.migrationName) }));
      for (const step of plan) {
        await revertOne(client, step.name, step.down);
        options.log?.(`reverted ${step.name}`);
      }
      return plan.map((step) => step.name);
    }),
  );
}

function isApplied(row: AppliedMigrationRow): boolean {
  return row.finishedAt !== null && row.rolledBackAt === null;
}

function assertNoFailedMigration(rows: AppliedMigrationRow[]): void {
  const failed = rows.find((row) => row.finishedAt === null && row.rolledBackAt === null);
  if (failed) {
    throw new Error(
      `Migration ${failed.migrationName} is recorded as failed. Postgres ran it in one transaction, so it left ` +
        `nothing behind: check the database, then remove its _prisma_migrations row (or mark it rolled back) and retry.`,
    );
  }
}

// ---------------------------------------------------------------------------- new / check

/**
 * Replays every migration into a fresh in-memory shadow database and runs `work` with an
 * engine connected to it, i.e. to "the schema the migrations build".
 */
async function withMigratedShadow<T>(
  migrationsDir: string,
  work: (engine: SchemaEngine) => Promise<T>,
  log?: EngineLog,
): Promise<T> {
  const shadow = await startShadowDatabase();
  try {
    const migrations = listMigrationNames(migrationsDir).map((name) => ({ name, sql: readMigrationSql(migrationsDir, name) }));
    await withClient(shadow.url, (client) => replayMigrations(client, migrations));
    return await engineCall(() => withEngine(new MigrationAdapterFactory(shadow.url), work, log));
  } finally {
    await shadow.close();
  }
}

interface SchemaDiff {
  /** SQL from what the migrations build to what the schema files describe. */
  up: string;
  /** SQL back from the schema files to what the migrations build. */
  down: string;
  changed: boolean;
}

/** The engine's exit code for a non-empty diff when asked with `exitCode: true` (like `migrate diff --exit-code`). */
const DIFF_NOT_EMPTY = 2;

async function diffMigrationsToSchema(
  engine: SchemaEngine,
  files: SchemaContainer[],
  schemaDir: string,
  withDown: boolean,
): Promise<SchemaDiff> {
  const migrations = { tag: 'schemaDatasource' as const, files, configDir: schemaDir };
  const schema = { tag: 'schemaDatamodel' as const, files };
  const up = await engine.diff({ from: migrations, to: schema, script: true, exitCode: true, filters: NO_FILTER });
  const changed = up.exitCode === DIFF_NOT_EMPTY || hasStatements(up.stdout ?? '');
  const down =
    withDown && changed
      ? await engine.diff({ from: schema, to: migrations, script: true, exitCode: true, filters: NO_FILTER })
      : undefined;
  return { up: up.stdout ?? '', down: down?.stdout ?? '', changed };
}

/** Belt and braces next to the exit code: an empty diff renders as comments only. */
function hasStatements(script: string): boolean {
  return script.split('\n').some((line) => line.trim() !== '' && !line.trim().startsWith('--'));
}

export interface CreatedMigration {
  name: string;
  dir: string;
  up: string;
  down: string;
}

/**
 * `prisma migrate dev --create-only --name <name>`: writes the SQL that takes the database
 * from what the existing migrations build to what the schema files describe, plus its
 * reverse as down.sql. Returns null (and writes nothing) when there is no difference.
 * Does not touch any real database.
 */
export async function createMigration(
  name: string,
  options: MigrateOptions & { now?: Date } = {},
): Promise<CreatedMigration | null> {
  const { schemaDir, migrationsDir } = resolveDirs(options);
  const migrationName = `${migrationTimestamp(options.now ?? new Date())}_${slugifyMigrationName(name)}`;
  const files = readSchemaFiles(schemaDir);
  const diff = await withMigratedShadow(
    migrationsDir,
    (engine) => diffMigrationsToSchema(engine, files, schemaDir, true),
    options.log,
  );
  if (!diff.changed) return null;
  const down = `-- Reverts ${migrationName}. Used by tools/prisma-migrate \`down\`; Prisma ignores this file.\n${diff.down}`;
  const dir = writeMigration(migrationsDir, { name: migrationName, up: diff.up, down });
  return { name: migrationName, dir, up: diff.up, down };
}

export interface DriftReport {
  /** True when the migrations build exactly what the schema files describe. */
  ok: boolean;
  /** When not ok: the SQL a new migration would need (what `new` would write). */
  missingSql: string;
  /** Things that do not make the check fail but deserve a look. */
  warnings: string[];
}

/**
 * CI's guard: do the migrations build exactly the schema the Prisma files describe?
 * Fails (ok=false) when someone edited a .prisma file without running `new`, or edited a
 * migration by hand so it no longer matches. Throws when a migration does not replay.
 */
export async function checkDrift(options: MigrateOptions = {}): Promise<DriftReport> {
  const { schemaDir, migrationsDir } = resolveDirs(options);
  const files = readSchemaFiles(schemaDir);
  const diff = await withMigratedShadow(
    migrationsDir,
    (engine) => diffMigrationsToSchema(engine, files, schemaDir, false),
    options.log,
  );
  return { ok: !diff.changed, missingSql: diff.changed ? diff.up : '', warnings: migrationFolderWarnings(migrationsDir) };
}

function migrationFolderWarnings(migrationsDir: string): string[] {
  const warnings: string[] = [];
  const list = readMigrationList(migrationsDir);
  if (list.migrationDirectories.length > 0 && list.lockfile.content === null) {
    warnings.push(`${list.lockfile.path} is missing from ${migrationsDir}`);
  }
  for (const name of listMigrationNames(migrationsDir)) {
    try {
      readDownSql(migrationsDir, name);
    } catch {
      warnings.push(`${name} has no ${DOWN_FILE}: it cannot be reverted with \`down\``);
    }
  }
  return warnings;
}

// ---------------------------------------------------------------------------- status

export interface MigrationStatus {
  databaseExists: boolean;
  /** Migration folders on disk, in apply order. */
  local: string[];
  /** `_prisma_migrations` rows, oldest first. */
  applied: AppliedMigrationRow[];
  /** On disk, not applied. */
  pending: string[];
  /** Applied, but no longer on disk. */
  missingLocally: string[];
  /** Applied, then migration.sql changed (checksum differs). */
  edited: string[];
  failed: string[];
  upToDate: boolean;
}

/** `prisma migrate status`, as data. */
export async function migrationStatus(databaseUrl: string, options: MigrateOptions = {}): Promise<MigrationStatus> {
  const { migrationsDir } = resolveDirs(options);
  const local = listMigrationNames(migrationsDir);
  if (!(await databaseExists(databaseUrl))) {
    return { databaseExists: false, local, applied: [], pending: local, missingLocally: [], edited: [], failed: [], upToDate: false };
  }
  const applied = await withClient(databaseUrl, readAppliedMigrations);
  const migrationsList = readMigrationList(migrationsDir);
  const diagnosis = await engineCall(() =>
    withEngine(
      new MigrationAdapterFactory(databaseUrl),
      (engine) => engine.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters: NO_FILTER }),
      options.log,
    ),
  );
  return summarizeStatus(local, applied, diagnosis);
}

function summarizeStatus(local: string[], applied: AppliedMigrationRow[], diagnosis: DiagnoseMigrationHistoryOutput): MigrationStatus {
  const appliedNames = new Set(applied.filter(isApplied).map((row) => row.migrationName));
  const localNames = new Set(local);
  const pending = local.filter((name) => !appliedNames.has(name));
  const missingLocally = [...appliedNames].filter((name) => !localNames.has(name));
  const edited = diagnosis.editedMigrationNames;
  const failed = diagnosis.failedMigrationNames;
  return {
    databaseExists: true,
    local,
    applied,
    pending,
    missingLocally,
    edited,
    failed,
    upToDate: pending.length === 0 && missingLocally.length === 0 && edited.length === 0 && failed.length === 0,
  };
}
