import type { ClickHouseClient } from '@clickhouse/client';
import { quoteIdent } from '@northstar/clickhouse';

/**
 * A customer's rows in ClickHouse, in the order they are copied: events first, whose
 * materialized view rebuilds lifecycle_facts as they land, then whatever of
 * lifecycle_facts is still missing.
 */
export const CUSTOMER_EVENT_TABLES: { table: string; customerColumn: string }[] = [
  { table: 'events', customerColumn: 'customer_id' },
  { table: 'identity_links', customerColumn: 'to_id' },
  { table: 'lifecycle_facts', customerColumn: 'customer_id' },
];

/**
 * Copies the customer's rows from a restored database into the live one, only those
 * whose sorting key (= the ReplacingMergeTree identity) the live table lacks, so rows
 * still there are not doubled. Returns rows copied per table.
 */
export async function copyCustomerEvents(
  client: ClickHouseClient,
  from: string,
  to: string,
  customerId: string,
): Promise<Record<string, number>> {
  const copied: Record<string, number> = {};
  for (const { table, customerColumn } of CUSTOMER_EVENT_TABLES) {
    const shape = await tableShape(client, to, table);
    if (!shape) continue;
    const src = `${quoteIdent(from)}.${quoteIdent(table)}`;
    const dst = `${quoteIdent(to)}.${quoteIdent(table)}`;
    const col = quoteIdent(customerColumn);
    const missing = `FROM ${src} WHERE ${col} = {id:String}
      AND (${shape.key}) NOT IN (SELECT ${shape.key} FROM ${dst} WHERE ${col} = {id:String})`;
    const rs = await client.query({ query: `SELECT count() AS n ${missing}`, query_params: { id: customerId }, format: 'JSONEachRow' });
    copied[table] = Number((await rs.json<{ n: number | string }>())[0].n);
    if (copied[table] === 0) continue;
    await client.command({
      query: `INSERT INTO ${dst} (${shape.columns}) SELECT ${shape.columns} ${missing}`,
      query_params: { id: customerId },
    });
  }
  return copied;
}

/** Insertable columns (not MATERIALIZED/ALIAS) and the sorting key of a table, if it exists. */
async function tableShape(client: ClickHouseClient, database: string, table: string): Promise<{ columns: string; key: string } | undefined> {
  const t = await client.query({
    query: 'SELECT sorting_key FROM system.tables WHERE database = {db:String} AND name = {t:String}',
    query_params: { db: database, t: table },
    format: 'JSONEachRow',
  });
  const [row] = await t.json<{ sorting_key: string }>();
  if (!row) return undefined;
  const c = await client.query({
    query: `SELECT name FROM system.columns WHERE database = {db:String} AND table = {t:String}
              AND default_kind NOT IN ('MATERIALIZED', 'ALIAS', 'EPHEMERAL') ORDER BY position`,
    query_params: { db: database, t: table },
    format: 'JSONEachRow',
  });
  const columns = (await c.json<{ name: string }>()).map((r) => quoteIdent(r.name)).join(', ');
  return { columns, key: row.sorting_key };
}
