/**
 * `npm run restore -- [--to <ISO time> | --point <id>] [--replace]`, `customer <id>`, `verify [<id>]`, `discard <what>`.
 * The runbook is docs/operations.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  discardRestoredInstance,
  dropClickhouseDatabase,
  parseRestoreArgs,
  resolvePgTools,
  restore,
  restoreCustomer,
  RESTORE_USAGE,
  UsageError,
  verifyBackup,
  type BackupContext,
  type RestoreOutcome,
} from '@northstar/backup';
import { cliContext, runCli } from './cli-context';

function report(outcome: RestoreOutcome, replaced: boolean): void {
  const { postgres, clickhouse, consistency } = outcome;
  if (postgres) {
    const checked = postgres.mismatches ? 'row counts equal the manifest' : 'row counts not compared (a moment, not a backup point)';
    console.log(`postgres: ${replaced ? 'live database replaced' : `restored server at ${postgres.url}`} — ${checked}`);
    if (!replaced) console.log(`  inspect with: psql ${postgres.url}\n  discard with: npm run restore -- discard ${postgres.dir}`);
  }
  if (clickhouse) {
    console.log(`clickhouse: ${clickhouse.from} → database ${clickhouse.database} — row counts equal the manifest`);
    if (!replaced) console.log(`  discard with: npm run restore -- discard ${clickhouse.database}`);
  }
  console.log(
    consistency.status === 'absent' ? 'consistency check: no `check:consistency` script in this version, not run' : `consistency check: ${consistency.status}`,
  );
}

/** A restore folder holds a throwaway server; anything else named is a restored ClickHouse database. */
async function discard(ctx: BackupContext, what: string): Promise<void> {
  if (what.includes('/')) {
    const dir = path.resolve(what);
    if (path.dirname(dir) !== ctx.layout.restoresDir) throw new UsageError(`${dir} is not a restore folder under ${ctx.layout.restoresDir}`);
    const major = Number(fs.readFileSync(path.join(dir, 'data', 'PG_VERSION'), 'utf8').trim());
    await discardRestoredInstance(resolvePgTools(major, { binDir: ctx.settings.pgBinDir, osUser: ctx.settings.pgOsUser }), dir);
  } else {
    if (!/_(restored|customer)_\d{8}T\d{6}$/.test(what)) throw new UsageError(`${what} is not a database made by a restore`);
    await dropClickhouseDatabase(await ctx.clickhouse!.client(), what);
  }
  console.log(`discarded ${what}`);
}

async function main(): Promise<void> {
  const args = parseRestoreArgs(process.argv.slice(2));
  const ctx = cliContext(args.command === 'discard' ? { postgres: true, clickhouse: !args.what.includes('/') } : args.stores);
  try {
    switch (args.command) {
      case 'discard':
        return await discard(ctx, args.what);
      case 'verify': {
        const outcome = await verifyBackup(ctx, args.id);
        report(outcome, false);
        console.log('restore drill passed; the restored copies are discarded');
        return;
      }
      case 'customer': {
        const outcome = await restoreCustomer(ctx, args.customerId, args.target);
        for (const [table, o] of Object.entries(outcome.postgres ?? {})) {
          console.log(`postgres ${table}: ${o.inserted} inserted, ${o.updated} set back, ${o.unchanged} already equal`);
        }
        for (const [table, n] of Object.entries(outcome.clickhouse ?? {})) console.log(`clickhouse ${table}: ${n} rows copied back`);
        return;
      }
      case 'restore':
        report(await restore(ctx, args.target, { replace: args.replace }), args.replace);
    }
  } finally {
    await ctx.clickhouse?.close();
  }
}

runCli(RESTORE_USAGE, main);
