import path from 'node:path';
import type { BackupContext } from './backup-runner';
import { readManifests, type BackupManifest, type TableCounts } from './backup-manifest';
import { clickhouseCounts, dropClickhouseDatabase, restoreClickhouse, type BackupClickhouse } from './clickhouse/clickhouse-backup';
import { catchUpFromOutbox } from './clickhouse/outbox-catch-up';
import { copyCustomerEvents } from './customer/customer-events';
import { collectCustomerRows, readCatalog, writeCustomerRows, type TableOutcome } from './customer/customer-rows';
import { CUSTOMER_ROWS, planCustomerRows } from './customer/customer-rows-plan';
import { databaseOf, withClient } from './postgres/pg-connection';
import { resolvePgTools, type PgTools } from './postgres/pg-tools';
import { replaceDatabase } from './postgres/replace-database';
import { discardRestoredInstance, startRestoredInstance, type RestoredInstance } from './postgres/restored-instance';
import { countRows, userTables } from './postgres/restore-point';
import { compareCounts, describeMismatches, runConsistencyCheck, type ConsistencyOutcome, type CountMismatch } from './recovery-check';
import { planRestore, type RestorePlan, type RestoreTarget } from './restore-plan';

export interface RestoredPostgres extends RestoredInstance {
  tools: PgTools;
  counts: TableCounts;
  /** Compared with the manifest: only when the restore stopped at a backup's restore point. */
  mismatches?: CountMismatch[];
}

export interface RestoredClickhouse {
  database: string;
  /** The backup (File() name) and the database name inside it. */
  from: string;
  backedUp: string;
  counts: TableCounts;
  mismatches: CountMismatch[];
}

export interface RestoreOutcome {
  plan: RestorePlan;
  postgres?: RestoredPostgres;
  clickhouse?: RestoredClickhouse;
  consistency: ConsistencyOutcome;
}

const stamp = () => new Date().toISOString().replace(/[-:.]/g, '').slice(0, 15);

/** The throwaway server for a plan, counted (and compared, when the plan knows what to expect). */
export async function restorePostgres(ctx: BackupContext, plan: RestorePlan): Promise<RestoredPostgres> {
  const base = plan.postgresBase?.postgres;
  if (!base?.base) throw new Error('no PostgreSQL base backup to restore from');
  const tools = resolvePgTools(base.serverMajor, { binDir: ctx.settings.pgBinDir, osUser: ctx.settings.pgOsUser });
  const t = Date.now();
  const instance = await startRestoredInstance(tools, {
    baseDir: ctx.layout.baseBackupDir(plan.postgresBase!.id),
    compress: base.base.compress,
    walDir: ctx.layout.walDir,
    recovery: plan.recovery,
    dir: path.join(ctx.layout.restoresDir, `${stamp()}-${Math.random().toString(36).slice(2, 6)}`),
    user: decodeURIComponent(new URL(ctx.settings.databaseUrl).username) || 'postgres',
    database: base.database,
  });
  ctx.log(`[restore] postgres recovered (${describeStop(plan)}) in ${Date.now() - t} ms: ${instance.url}`);
  const counts = await withClient(instance.url, async (c) => countRows(c, await userTables(c)));
  const mismatches = plan.postgresCounts ? compareCounts(plan.postgresCounts, counts) : undefined;
  return { ...instance, tools, counts, mismatches };
}

/** Restores the plan's ClickHouse backup as database `as` (dropped first if it exists). */
export async function restoreClickhouseAs(ctx: BackupContext, ch: BackupClickhouse, source: BackupManifest, as: string): Promise<RestoredClickhouse> {
  const part = source.clickhouse!;
  const client = await ch.client();
  const t = Date.now();
  await dropClickhouseDatabase(client, as);
  await restoreClickhouse(client, part.database, part.backup, as);
  ctx.log(`[restore] clickhouse ${part.backup} restored as ${as} in ${Date.now() - t} ms`);
  const counts = await clickhouseCounts(client, as);
  return { database: as, from: part.backup, backedUp: part.database, counts, mismatches: compareCounts(part.counts, counts) };
}

/**
 * Restore to a target. PostgreSQL comes back as a throwaway server on a free port (the
 * live one untouched) unless `replace`, which then swaps the live database for it.
 * ClickHouse comes back as `<db>_restored_<stamp>` unless `replace`, which restores
 * over the live database. Then the post-recovery check: counts against the manifest,
 * and the platform's consistency check when it exists.
 */
export async function restore(
  ctx: BackupContext,
  target: RestoreTarget,
  opts: { replace: boolean; discardOnFailure?: boolean },
): Promise<RestoreOutcome> {
  const plan = planRestore(readManifests(ctx.layout), target);
  const outcome: RestoreOutcome = { plan, consistency: { status: 'absent' } };
  try {
    if (ctx.postgres && plan.postgresBase) outcome.postgres = await restorePostgres(ctx, plan);
    if (ctx.clickhouse && plan.clickhouse) {
      const side = `${ctx.clickhouse.database}_restored_${stamp()}`;
      outcome.clickhouse = await restoreClickhouseAs(ctx, ctx.clickhouse, plan.clickhouse, side);
    }
    assertCountsMatch(outcome);
    if (opts.replace) await replaceLive(ctx, outcome);
    await catchUpLifecycleEvents(ctx, plan, outcome);
    outcome.consistency = await checkConsistency(ctx, outcome);
    return outcome;
  } catch (e) {
    if (opts.discardOnFailure) await discardRestore(ctx, outcome).catch(() => undefined);
    throw e;
  }
}

function assertCountsMatch(outcome: RestoreOutcome): void {
  const problems = [
    outcome.postgres?.mismatches?.length ? describeMismatches('postgres', outcome.postgres.mismatches) : '',
    outcome.clickhouse?.mismatches.length ? describeMismatches('clickhouse', outcome.clickhouse.mismatches) : '',
  ].filter(Boolean);
  if (problems.length) throw new Error(`post-recovery check failed, the restored copies are left for inspection: ${problems.join(' | ')}`);
}

/** Only once the copies have passed the count check does anything live change. */
async function replaceLive(ctx: BackupContext, outcome: RestoreOutcome): Promise<void> {
  if (outcome.postgres) {
    const pg = outcome.postgres;
    await replaceDatabase(pg.tools, pg.url, ctx.settings.databaseUrl, pg.dir);
    await discardRestoredInstance(pg.tools, pg.dir);
    ctx.log(`[restore] live postgres database ${databaseOf(ctx.settings.databaseUrl)} replaced`);
    outcome.postgres = { ...pg, url: ctx.settings.databaseUrl };
  }
  if (ctx.clickhouse && outcome.clickhouse) {
    const client = await ctx.clickhouse.client();
    const side = outcome.clickhouse.database;
    const live = ctx.clickhouse.database;
    // Restored a second time under the live name rather than renamed: RENAME DATABASE leaves the
    // materialized views reading and writing the old name.
    await dropClickhouseDatabase(client, live);
    await restoreClickhouse(client, outcome.clickhouse.backedUp, outcome.clickhouse.from, live).catch((e: Error) => {
      throw new Error(`${e.message}\nThe live ClickHouse database is gone; the checked copy is ${side}.`);
    });
    await dropClickhouseDatabase(client, side);
    const counts = await clickhouseCounts(client, live);
    const mismatches = compareCounts(outcome.clickhouse.counts, counts);
    if (mismatches.length) throw new Error(`replaced live ClickHouse differs: ${describeMismatches('clickhouse', mismatches)}`);
    ctx.log(`[restore] live clickhouse database ${live} replaced`);
    outcome.clickhouse = { ...outcome.clickhouse, database: live, counts };
  }
}

/**
 * Lifecycle events committed in Postgres after the ClickHouse backup was taken come back
 * from the restored outbox (a margin before the backup's start covers rows delivered
 * while it ran). After this, the restored pair tells one story again.
 */
async function catchUpLifecycleEvents(ctx: BackupContext, plan: RestorePlan, outcome: RestoreOutcome): Promise<void> {
  if (!ctx.clickhouse || !outcome.clickhouse || !plan.clickhouse) return;
  const since = new Date(Date.parse(plan.clickhouse.clickhouse!.takenAt) - 5 * 60_000);
  const client = await ctx.clickhouse.client();
  const written = await withClient(outcome.postgres?.url ?? ctx.settings.databaseUrl, (pg) => catchUpFromOutbox(pg, client, outcome.clickhouse!.database, since));
  ctx.log(`[restore] clickhouse caught up from the outbox: ${written} lifecycle event(s) delivered after its backup`);
}

/** The platform's check, pointed at the restored stores; the embedded folder is released for it first. */
async function checkConsistency(ctx: BackupContext, outcome: RestoreOutcome): Promise<ConsistencyOutcome> {
  const env: Record<string, string> = {};
  if (outcome.postgres) env.DATABASE_URL = outcome.postgres.url;
  if (outcome.clickhouse) env.CLICKHOUSE_DATABASE = outcome.clickhouse.database;
  if (ctx.clickhouse?.embedded) await ctx.clickhouse.close();
  const result = await runConsistencyCheck(env);
  if (result.status === 'failed') throw new Error(`consistency check failed on the restored copies:\n${result.output}`);
  return result;
}

/** Stops the throwaway server and drops the side ClickHouse database of a restore. */
export async function discardRestore(ctx: BackupContext, outcome: RestoreOutcome): Promise<void> {
  if (outcome.postgres && outcome.postgres.url !== ctx.settings.databaseUrl) await discardRestoredInstance(outcome.postgres.tools, outcome.postgres.dir);
  if (ctx.clickhouse && outcome.clickhouse && outcome.clickhouse.database !== ctx.clickhouse.database) {
    await dropClickhouseDatabase(await ctx.clickhouse.client(), outcome.clickhouse.database);
  }
}

/**
 * The restore drill: the newest run restored to its own restore point, every count
 * compared with its manifest, the consistency check run, everything discarded.
 */
export async function verifyBackup(ctx: BackupContext, id?: string): Promise<RestoreOutcome> {
  const newest = readManifests(ctx.layout).at(-1);
  if (!id && !newest) throw new Error('there is no completed backup to verify');
  const outcome = await restore(ctx, { kind: 'point', id: id ?? newest!.id }, { replace: false, discardOnFailure: true });
  await discardRestore(ctx, outcome);
  return outcome;
}

export interface CustomerRestoreOutcome {
  postgres?: Record<string, TableOutcome>;
  clickhouse?: Record<string, number>;
}

/**
 * One customer's records as of the target, written back into the live stores: their
 * PostgreSQL rows (see customer-rows-plan.ts for which) and their ClickHouse events,
 * identity links and lifecycle facts. A customer erased since is refused: restoring
 * them would undo the erasure.
 */
export async function restoreCustomer(ctx: BackupContext, customerId: string, target: RestoreTarget): Promise<CustomerRestoreOutcome> {
  const plan = planRestore(readManifests(ctx.layout), target);
  const outcome: CustomerRestoreOutcome = {};
  await withClient(ctx.settings.databaseUrl, (live) => refuseErased(live, customerId));
  if (ctx.postgres && plan.postgresBase) {
    const restored = await restorePostgres(ctx, { ...plan, postgresCounts: undefined });
    try {
      outcome.postgres = await withClient(ctx.settings.databaseUrl, async (live) => {
        const catalog = await readCatalog(live);
        const rowsPlan = planCustomerRows(catalog);
        const rows = await withClient(restored.url, async (c) => {
          // A table created by a migration after the backup has nothing to give back.
          const existed = new Set((await readCatalog(c)).tables.map((t) => t.name));
          return collectCustomerRows(c, rowsPlan.filter((s) => existed.has(s.table)), customerId);
        });
        if (!rows.has(CUSTOMER_ROWS.customersTable)) throw new Error(`customer ${customerId} is not in the backup as of ${describeStop(plan)}`);
        return writeCustomerRows(live, catalog, rowsPlan, rows);
      });
    } finally {
      await discardRestoredInstance(restored.tools, restored.dir);
    }
  }
  if (ctx.clickhouse && plan.clickhouse) {
    const side = `${ctx.clickhouse.database}_customer_${stamp()}`;
    await restoreClickhouseAs(ctx, ctx.clickhouse, plan.clickhouse, side);
    const client = await ctx.clickhouse.client();
    try {
      outcome.clickhouse = await copyCustomerEvents(client, side, ctx.clickhouse.database, customerId);
    } finally {
      await dropClickhouseDatabase(client, side);
    }
  }
  return outcome;
}

async function refuseErased(live: Parameters<typeof readCatalog>[0], customerId: string): Promise<void> {
  const ledger = await live.query<{ t: string | null }>(`SELECT to_regclass('public.erasures')::text AS t`);
  if (!ledger.rows[0].t) return;
  const { rows } = await live.query<{ at: string }>(`SELECT "requestedAt"::text AS at FROM public.erasures WHERE "customerId" = $1 LIMIT 1`, [customerId]);
  if (rows.length) throw new Error(`customer ${customerId} was erased (${rows[0].at}); restoring them would undo the erasure`);
}

function describeStop(plan: RestorePlan): string {
  const r = plan.recovery;
  return r.kind === 'time' ? r.at.toISOString() : r.kind === 'name' ? `restore point ${r.name}` : 'end of the archived WAL';
}

