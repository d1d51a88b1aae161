/**
 * tools/prisma-migrate (our offline `prisma migrate`) against the real local Postgres:
 * the repository's migrations go up, down and up again; the schema files and the
 * migrations agree; drift is caught; `new` writes migrations that round-trip.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { START_POSTGRES, TEST_ADMIN_DATABASE_URL } from '@northstar/testing';
// tools/ is not an Nx project (so no package name); these tests are the migrate tool's own.
 
import {
  applyMigrations,
  revertMigrations,
  checkDrift,
  createMigration,
  migrationStatus,
  dropDatabase,
  withDatabase,
  DEFAULT_SCHEMA_DIR,
  DEFAULT_MIGRATIONS_DIR,
} from '../../../tools/prisma-migrate';
import { checkPostgres } from './check-postgres';

const throwawayDatabases: string[] = [];
const tempDirs: string[] = [];

/** A database name no other run uses; created by applyMigrations, dropped in afterAll. */
function throwawayDatabaseUrl(): string {
  const url = withDatabase(TEST_ADMIN_DATABASE_URL, `ns_prisma_${randomBytes(5).toString('hex')}`);
  throwawayDatabases.push(url);
  return url;
}

async function query<T extends pg.QueryResultRow>(databaseUrl: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

async function publicTables(databaseUrl: string): Promise<string[]> {
  const rows = await query<{ name: string }>(
    databaseUrl,
    "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
  );
  return rows.map((row) => row.name);
}

async function recordedMigrations(databaseUrl: string): Promise<string[]> {
  const rows = await query<{ name: string }>(
    databaseUrl,
    'SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name',
  );
  return rows.map((row) => row.name);
}

function localMigrations(migrationsDir: string): string[] {
  return fs
    .readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

function tempDir(label: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ns-prisma-${label}-`));
  tempDirs.push(dir);
  return dir;
}

beforeAll(async () => {
  const probe = await checkPostgres(TEST_ADMIN_DATABASE_URL, 3000);
  if (!probe.ok) {
    throw new Error(`Postgres is not reachable at ${TEST_ADMIN_DATABASE_URL} (${probe.error}).\nStart it with: ${START_POSTGRES}`);
  }
});

afterAll(async () => {
  for (const url of throwawayDatabases) await dropDatabase(url);
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('repository migrations (prisma/migrations)', () => {
  it('deploy → down (all) → deploy again on a fresh database, recorded as Prisma does', async () => {
    const url = throwawayDatabaseUrl();
    const all = localMigrations(DEFAULT_MIGRATIONS_DIR);
    expect(all.length).toBeGreaterThan(0);

    const first = await applyMigrations(url);
    expect(first).toEqual({ createdDatabase: true, applied: all });
    expect(await recordedMigrations(url)).toEqual(all);
    expect(await publicTables(url)).toContain('outbox_events');

    // Checksums are sha256 of migration.sql, as `prisma migrate deploy` writes them.
    const [init] = await query<{ checksum: string }>(url, 'SELECT checksum FROM _prisma_migrations WHERE migration_name = $1', [all[0]]);
    const sql = fs.readFileSync(path.join(DEFAULT_MIGRATIONS_DIR, all[0], 'migration.sql'));
    expect(init.checksum).toBe(createHash('sha256').update(sql).digest('hex'));

    expect(await applyMigrations(url)).toEqual({ createdDatabase: false, applied: [] });

    const reverted = await revertMigrations(url, all.length);
    expect(reverted).toEqual([...all].reverse());
    expect(await recordedMigrations(url)).toEqual([]);
    expect(await publicTables(url)).toEqual(['_prisma_migrations']);

    expect((await applyMigrations(url)).applied).toEqual(all);
    expect(await recordedMigrations(url)).toEqual(all);

    const status = await migrationStatus(url);
    expect(status).toMatchObject({ databaseExists: true, pending: [], edited: [], failed: [], upToDate: true });
  });

  it('down without steps reverts only the newest migration', async () => {
    const url = throwawayDatabaseUrl();
    const all = localMigrations(DEFAULT_MIGRATIONS_DIR);
    await applyMigrations(url);

    expect(await revertMigrations(url)).toEqual([all[all.length - 1]]);
    expect(await recordedMigrations(url)).toEqual(all.slice(0, -1));
    expect((await migrationStatus(url)).pending).toEqual([all[all.length - 1]]);
  });

  it('the schema files and the migrations agree (no drift)', async () => {
    const report = await checkDrift();
    expect(report.missingSql).toBe('');
    expect(report.ok).toBe(true);
  });
});

describe('drift detection and `new` on scratch copies', () => {
  const PROBE_MODEL = `model DriftProbe {\n  id    Int    @id\n  label String\n\n  @@map("drift_probe")\n}\n`;

  it('reports a model that no migration creates', async () => {
    const schemaDir = tempDir('schema');
    fs.cpSync(DEFAULT_SCHEMA_DIR, schemaDir, { recursive: true });
    fs.writeFileSync(path.join(schemaDir, 'drift-probe.prisma'), PROBE_MODEL);

    const report = await checkDrift({ schemaDir });

    expect(report.ok).toBe(false);
    expect(report.missingSql).toContain('CREATE TABLE "drift_probe"');
  });

  it('new writes migration.sql + down.sql that apply, revert and re-apply; no changes → nothing written', async () => {
    // A self-contained schema (generator/datasource + outbox) so this test does not depend
    // on the state of other concerns' schema files.
    const schemaDir = tempDir('schema');
    const migrationsDir = tempDir('migrations');
    for (const file of ['base.prisma', 'outbox.prisma']) fs.copyFileSync(path.join(DEFAULT_SCHEMA_DIR, file), path.join(schemaDir, file));
    const dirs = { schemaDir, migrationsDir };

    const init = await createMigration('Init', { ...dirs, now: new Date('2030-01-01T00:00:00Z') });
    expect(init?.name).toBe('20300101000000_init');
    expect(fs.readFileSync(path.join(migrationsDir, 'migration_lock.toml'), 'utf8')).toContain('provider = "postgresql"');
    expect(init?.up).toContain('CREATE TABLE "outbox_events"');
    expect(init?.down).toContain('DROP TABLE "public"."outbox_events"');

    expect(await createMigration('nothing', { ...dirs, now: new Date('2030-01-01T00:00:01Z') })).toBeNull();
    expect(localMigrations(migrationsDir)).toEqual(['20300101000000_init']);

    fs.writeFileSync(path.join(schemaDir, 'drift-probe.prisma'), PROBE_MODEL);
    const probe = await createMigration('add drift probe', { ...dirs, now: new Date('2030-01-01T00:00:02Z') });
    expect(probe?.name).toBe('20300101000002_add_drift_probe');
    expect(fs.readFileSync(path.join(migrationsDir, probe!.name, 'migration.sql'), 'utf8')).toContain('CREATE TABLE "drift_probe"');
    expect(fs.readFileSync(path.join(migrationsDir, probe!.name, 'down.sql'), 'utf8')).toContain('DROP TABLE "public"."drift_probe"');
    expect((await checkDrift(dirs)).ok).toBe(true);

    const url = throwawayDatabaseUrl();
    expect((await applyMigrations(url, dirs)).applied).toEqual(['20300101000000_init', '20300101000002_add_drift_probe']);
    expect(await publicTables(url)).toEqual(['_prisma_migrations', 'drift_probe', 'outbox_events']);

    expect(await revertMigrations(url, 1, dirs)).toEqual(['20300101000002_add_drift_probe']);
    expect(await publicTables(url)).toEqual(['_prisma_migrations', 'outbox_events']);

    expect((await applyMigrations(url, dirs)).applied).toEqual(['20300101000002_add_drift_probe']);
    expect(await publicTables(url)).toContain('drift_probe');
  });

  it('refuses to revert a migration that has no down.sql, and changes nothing', async () => {
    // Migrations written by `prisma migrate dev` elsewhere have no down.sql.
    const migrationsDir = tempDir('migrations');
    const [first] = localMigrations(DEFAULT_MIGRATIONS_DIR);
    fs.mkdirSync(path.join(migrationsDir, first));
    fs.copyFileSync(path.join(DEFAULT_MIGRATIONS_DIR, first, 'migration.sql'), path.join(migrationsDir, first, 'migration.sql'));
    fs.copyFileSync(path.join(DEFAULT_MIGRATIONS_DIR, 'migration_lock.toml'), path.join(migrationsDir, 'migration_lock.toml'));

    const url = throwawayDatabaseUrl();
    await applyMigrations(url, { migrationsDir });
    await expect(revertMigrations(url, 1, { migrationsDir })).rejects.toThrow(/has no down\.sql/);
    expect(await recordedMigrations(url)).toEqual([first]);
  });
});
