import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { applyMigrations } from '../../../tools/prisma-migrate';
import { TEST_ADMIN_DATABASE_URL } from './services';

const MIGRATIONS_DIR = path.resolve(__dirname, '../../../prisma/migrations');

function migrationsHash(): string {
  const h = createHash('sha256');
  for (const dir of fs.readdirSync(MIGRATIONS_DIR).sort()) {
    const file = path.join(MIGRATIONS_DIR, dir, 'migration.sql');
    if (fs.existsSync(file)) h.update(dir).update(fs.readFileSync(file));
  }
  return h.digest('hex').slice(0, 10);
}

export function databaseUrl(name: string): string {
  const u = new URL(TEST_ADMIN_DATABASE_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * A migrated database that every test file clones (CREATE DATABASE … TEMPLATE
 * is ~100 ms, migrating from scratch is seconds). Its name carries a hash of the
 * migrations, so a schema change builds a new template. An advisory lock keeps
 * two concurrent test runs from building the same template at once.
 */
export async function ensureTemplateDatabase(): Promise<string> {
  const name = `ns_tpl_${migrationsHash()}`;
  const admin = new Client({ connectionString: TEST_ADMIN_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query('SELECT pg_advisory_lock(424242)');
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) {
      await admin.query(`CREATE DATABASE "${name}_building"`).catch(async () => {
        await admin.query(`DROP DATABASE IF EXISTS "${name}_building"`);
        await admin.query(`CREATE DATABASE "${name}_building"`);
      });
      await applyMigrations(databaseUrl(`${name}_building`));
      // The migration engine's pool may still hold an idle connection; RENAME refuses while it does.
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [`${name}_building`]);
      await admin.query(`ALTER DATABASE "${name}_building" RENAME TO "${name}"`);
    }
    return name;
  } finally {
    await admin.query('SELECT pg_advisory_unlock(424242)').catch(() => undefined);
    await admin.end();
  }
}

export async function createDatabaseFromTemplate(template: string, name: string): Promise<string> {
  const admin = new Client({ connectionString: TEST_ADMIN_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  } finally {
    await admin.end();
  }
  return databaseUrl(name);
}

export async function dropDatabase(name: string): Promise<void> {
  const admin = new Client({ connectionString: TEST_ADMIN_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
