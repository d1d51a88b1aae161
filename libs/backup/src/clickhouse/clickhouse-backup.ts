import type { ClickHouseClient } from '@clickhouse/client';
import fs from 'node:fs';
import { embeddedPathOf, openClickhouse, quoteIdent, transportOf, type ClickhouseTarget } from '@northstar/clickhouse';
import type { TableCounts } from '../backup-manifest';

/**
 * ClickHouse opened so that BACKUP/RESTORE … File() may write under the backup root.
 *
 * The embedded engine refuses File() unless `backups.allowed_path` is set, and that is
 * server configuration fixed when the first connection opens the data folder. So a
 * chdb Session carrying the setting opens the folder first and stays open; the
 * @clickhouse/client connection opened after it shares that engine. (A process whose
 * folder was opened without it — the running platform — cannot take backups; and one
 * folder admits one process, so the platform must be stopped meanwhile.) A server
 * reads the same setting from its own config (`<backups><allowed_path>`).
 *
 * close() releases the folder (another process, such as the consistency check, may
 * then open it); client() opens it again.
 */
export class BackupClickhouse {
  private opened?: Promise<{ client: ClickHouseClient; session?: { close(): void } }>;

  constructor(
    readonly target: ClickhouseTarget,
    private readonly backupRoot: string,
  ) {}

  get database(): string {
    return this.target.database;
  }

  get embedded(): boolean {
    return transportOf(this.target.url) === 'embedded';
  }

  async client(): Promise<ClickHouseClient> {
    this.opened ??= this.open();
    return (await this.opened).client;
  }

  async close(): Promise<void> {
    const opened = await this.opened?.catch(() => undefined);
    this.opened = undefined;
    await opened?.client.close();
    opened?.session?.close();
  }

  private async open(): Promise<{ client: ClickHouseClient; session?: { close(): void } }> {
    if (!this.embedded) return { client: (await openClickhouse(this.target)).client };
    fs.mkdirSync(this.backupRoot, { recursive: true });
    const { Session } = require('chdb') as typeof import('chdb');
    const session = new Session(embeddedPathOf(this.target), { connectionArgs: [`--backups.allowed_path=${this.backupRoot}`] });
    try {
      return { client: (await openClickhouse(this.target)).client, session };
    } catch (e) {
      session.close();
      throw e;
    }
  }
}

function fileEngine(name: string): string {
  if (!/^[A-Za-z0-9/_-]+$/.test(name)) throw new Error(`unsafe backup name: ${name}`);
  return `File('${name}')`;
}

/** Tables that hold rows (materialized views with TO hold none), with how to count them as reads do. */
async function dataTables(client: ClickHouseClient, database: string): Promise<{ name: string; final: boolean }[]> {
  const rs = await client.query({
    query: `SELECT name, engine FROM system.tables WHERE database = {db:String} AND engine LIKE '%MergeTree' ORDER BY name`,
    query_params: { db: database },
    format: 'JSONEachRow',
  });
  const rows = await rs.json<{ name: string; engine: string }>();
  return rows.map((r) => ({ name: r.name, final: /Replacing|Collapsing|Summing|Aggregating/.test(r.engine) }));
}

/**
 * Row counts as reads see them: FINAL collapses ReplacingMergeTree duplicates, so a
 * background merge between the count and the BACKUP (which removes duplicates and
 * changes a raw count()) cannot make the check fail.
 */
export async function clickhouseCounts(client: ClickHouseClient, database: string): Promise<TableCounts> {
  const counts: TableCounts = {};
  for (const t of await dataTables(client, database)) {
    const rs = await client.query({
      query: `SELECT count() AS n FROM ${quoteIdent(database)}.${quoteIdent(t.name)}${t.final ? ' FINAL' : ''}`,
      format: 'JSONEachRow',
    });
    counts[t.name] = Number((await rs.json<{ n: number | string }>())[0].n);
  }
  return counts;
}

/**
 * BACKUP DATABASE, incremental when `base` is given (only parts not in the base are
 * written; restoring reads both). ASYNC and polled: a server answers a synchronous
 * BACKUP only when done, which can outlast the client's request timeout.
 */
export async function backupClickhouse(client: ClickHouseClient, database: string, name: string, base?: string): Promise<void> {
  const settings = base ? ` SETTINGS base_backup = ${fileEngine(base)}` : '';
  await runAsync(client, `BACKUP DATABASE ${quoteIdent(database)} TO ${fileEngine(name)}${settings} ASYNC`);
}

/** RESTORE DATABASE … AS `as`: references inside it (materialized views) are renamed with it. */
export async function restoreClickhouse(client: ClickHouseClient, database: string, name: string, as: string): Promise<void> {
  await runAsync(client, `RESTORE DATABASE ${quoteIdent(database)} AS ${quoteIdent(as)} FROM ${fileEngine(name)} ASYNC`);
}

export async function dropClickhouseDatabase(client: ClickHouseClient, database: string): Promise<void> {
  await client.command({ query: `DROP DATABASE IF EXISTS ${quoteIdent(database)} SYNC` });
}

async function runAsync(client: ClickHouseClient, sql: string): Promise<void> {
  const rs = await client.query({ query: sql, format: 'JSONEachRow' });
  const [{ id }] = await rs.json<{ id: string }>();
  for (;;) {
    const poll = await client.query({
      query: 'SELECT status, error FROM system.backups WHERE id = {id:String}',
      query_params: { id },
      format: 'JSONEachRow',
    });
    const [row] = await poll.json<{ status: string; error: string }>();
    if (row && /FAILED|CANCELLED/.test(row.status)) throw new Error(`${sql.split(' ASYNC')[0]}: ${row.error.split('\n')[0]}`);
    if (row && /^(BACKUP_CREATED|RESTORED)$/.test(row.status)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}
