/**
 * `node -r @swc-node/register tools/prisma-migrate/cli.ts <command>` — offline `prisma migrate`
 * (why it exists: see the header of ./index.ts).
 *
 *   deploy          create the database if missing, apply pending migrations   (npm run db:migrate)
 *   new <name>      write prisma/migrations/<ts>_<name>/{migration,down}.sql   (npm run db:migration:new -- <name>)
 *   down [steps]    revert the newest applied migration(s) with their down.sql
 *   check           fail when the schema files and the migrations disagree     (npm run db:migrate:check)
 *   status          applied / pending / edited migrations of the database
 *
 * DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/northstar) is read through
 * @northstar/config like every other entrypoint.
 */
import { loadConfigOrExit } from '@northstar/config';
import {
  applyMigrations,
  revertMigrations,
  createMigration,
  checkDrift,
  migrationStatus,
  redactUrl,
  type MigrationStatus,
} from './index';

const USAGE = 'usage: prisma-migrate deploy | new <name> | down [steps] | check | status';

const log = (line: string) => console.log(line);

function databaseUrl(): string {
  return loadConfigOrExit().DATABASE_URL;
}

async function deploy(): Promise<number> {
  const url = databaseUrl();
  const result = await applyMigrations(url, { log });
  if (result.createdDatabase) log(`created database ${redactUrl(url)}`);
  log(result.applied.length ? `applied: ${result.applied.join(', ')}` : 'no pending migrations');
  return 0;
}

async function newMigration(name: string | undefined): Promise<number> {
  if (!name) throw new Error('usage: prisma-migrate new <name>');
  const created = await createMigration(name, { log });
  if (!created) {
    log('no changes');
    return 0;
  }
  log(`created ${created.dir}\n\n${created.up.trim()}\n\napply it with: npm run db:migrate`);
  return 0;
}

async function down(steps: string | undefined): Promise<number> {
  const count = steps === undefined ? 1 : Number(steps);
  const reverted = await revertMigrations(databaseUrl(), count, { log });
  if (reverted.length === 0) log('nothing to revert');
  return 0;
}

async function check(): Promise<number> {
  const report = await checkDrift({ log });
  for (const warning of report.warnings) log(`warning: ${warning}`);
  if (report.ok) {
    log('ok: prisma/migrations builds exactly the schema in prisma/schema');
    return 0;
  }
  console.error(
    'DRIFT: prisma/schema and prisma/migrations disagree. The migrations are missing:\n\n' +
      `${report.missingSql.trim()}\n\n` +
      'Create the migration with `npm run db:migration:new -- <name>` (or undo the schema change).',
  );
  return 1;
}

async function status(): Promise<number> {
  const url = databaseUrl();
  const result = await migrationStatus(url, { log });
  log(formatStatus(redactUrl(url), result));
  return result.upToDate ? 0 : 1;
}

function formatStatus(url: string, s: MigrationStatus): string {
  if (!s.databaseExists) return `${url}: database does not exist (${s.local.length} migrations pending; run deploy)`;
  const lines = [`${url}: ${s.local.length} migrations on disk, ${s.applied.length} rows in _prisma_migrations`];
  for (const row of s.applied) {
    const state = row.rolledBackAt ? 'rolled back' : row.finishedAt ? `applied ${row.finishedAt.toISOString()}` : 'FAILED';
    lines.push(`  ${row.migrationName}  ${state}`);
  }
  const list = (label: string, names: string[]) => names.length && lines.push(`${label}: ${names.join(', ')}`);
  list('pending', s.pending);
  list('applied but missing on disk', s.missingLocally);
  list('edited after being applied', s.edited);
  list('failed', s.failed);
  if (s.upToDate) lines.push('database schema is up to date');
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [command, arg] = argv;
  switch (command) {
    case 'deploy':
      return deploy();
    case 'new':
      return newMigration(arg);
    case 'down':
      return down(arg);
    case 'check':
      return check();
    case 'status':
      return status();
    default:
      console.error(USAGE);
      return 64; // EX_USAGE
  }
}

// Exit explicitly: the schema engine and PGlite can leave timers/handles behind.
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
