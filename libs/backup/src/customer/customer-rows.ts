import type pg from 'pg';
import { quoteIdent, quoteQualified } from '../postgres/pg-connection';
import type { Catalog, CatalogTable, RowSource } from './customer-rows-plan';

/** A row as PostgreSQL's text for every column (see connectRaw). */
export type Row = Record<string, string | null>;

export async function readCatalog(client: pg.Client): Promise<Catalog> {
  const columns = await client.query<{ tbl: string; col: string; type: string; pk: string }>(
    `SELECT n.nspname || '.' || c.relname AS tbl, a.attname AS col, format_type(a.atttypid, a.atttypmod) AS type,
            (a.attnum = ANY (coalesce(p.conkey, '{}')))::text AS pk
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_constraint p ON p.conrelid = c.oid AND p.contype = 'p'
      WHERE c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
        AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
      ORDER BY 1, a.attnum`,
  );
  const tables = new Map<string, CatalogTable>();
  for (const r of columns.rows) {
    const t = tables.get(r.tbl) ?? { name: r.tbl, columns: [], primaryKey: [] };
    t.columns.push({ name: r.col, type: r.type });
    if (r.pk === 'true') t.primaryKey.push(r.col);
    tables.set(r.tbl, t);
  }
  const fks = await client.query<{ child: string; child_column: string; parent: string; parent_column: string }>(
    `SELECT cn.nspname || '.' || cc.relname AS child, ca.attname AS child_column,
            pn.nspname || '.' || pc.relname AS parent, pa.attname AS parent_column
       FROM pg_constraint f
       JOIN pg_class cc ON cc.oid = f.conrelid JOIN pg_namespace cn ON cn.oid = cc.relnamespace
       JOIN pg_class pc ON pc.oid = f.confrelid JOIN pg_namespace pn ON pn.oid = pc.relnamespace
       JOIN pg_attribute ca ON ca.attrelid = f.conrelid AND ca.attnum = f.conkey[1]
       JOIN pg_attribute pa ON pa.attrelid = f.confrelid AND pa.attnum = f.confkey[1]
      WHERE f.contype = 'f' AND cardinality(f.conkey) = 1`,
  );
  return {
    tables: [...tables.values()],
    foreignKeys: fks.rows.map((r) => ({ child: r.child, childColumn: r.child_column, parent: r.parent, parentColumn: r.parent_column })),
  };
}

/** Reads the customer's rows from a (restored) database, table by table in plan order. */
export async function collectCustomerRows(client: pg.Client, plan: RowSource[], customerId: string): Promise<Map<string, Row[]>> {
  const taken = new Map<string, Row[]>();
  for (const source of plan) {
    const conditions: string[] = [];
    const params: unknown[] = [];
    for (const column of source.customerColumns) {
      params.push(customerId);
      conditions.push(`${quoteIdent(column)} = $${params.length}`);
    }
    for (const p of source.parents) {
      const keys = [...new Set((taken.get(p.parent) ?? []).map((r) => r[p.parentColumn]).filter((v) => v !== null))];
      if (keys.length === 0) continue;
      params.push(keys);
      conditions.push(`${quoteIdent(p.column)}::text = ANY ($${params.length}::text[])`);
    }
    if (conditions.length === 0) continue;
    const { rows } = await client.query<Row>(`SELECT * FROM ${quoteQualified(source.table)} WHERE ${conditions.join(' OR ')}`, params);
    if (rows.length > 0) taken.set(source.table, rows);
  }
  return taken;
}

export interface TableOutcome {
  inserted: number;
  updated: number;
  unchanged: number;
}

/**
 * Writes the rows into the live database in one transaction: missing rows are inserted,
 * rows that differ are set back to the backup's values, equal rows are left alone (so an
 * append-only table whose rows are unchanged raises nothing). Rows that exist only in the
 * live database are kept. Any conflict (a foreign key to something deleted since, an
 * e-mail now used by another customer) rolls everything back.
 */
export async function writeCustomerRows(
  client: pg.Client,
  catalog: Catalog,
  plan: RowSource[],
  rows: Map<string, Row[]>,
): Promise<Record<string, TableOutcome>> {
  const tables = new Map(catalog.tables.map((t) => [t.name, t]));
  const outcome: Record<string, TableOutcome> = {};
  await client.query('BEGIN');
  try {
    for (const source of plan) {
      const tableRows = rows.get(source.table);
      if (!tableRows) continue;
      const table = tables.get(source.table)!;
      const ordered = parentsFirst(tableRows, table, catalog);
      const changed = await upsertRows(client, table, ordered);
      outcome[source.table] = { ...changed, unchanged: ordered.length - changed.inserted - changed.updated };
    }
    await client.query('COMMIT');
    return outcome;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

/** Within a self-referencing table (quote versions), a row's parent goes in before it. */
function parentsFirst(rows: Row[], table: CatalogTable, catalog: Catalog): Row[] {
  const selfRefs = catalog.foreignKeys.filter((fk) => fk.child === table.name && fk.parent === table.name);
  if (selfRefs.length === 0) return rows;
  const ordered: Row[] = [];
  const placed = new Set<Row>();
  const place = (row: Row, depth = 0) => {
    if (placed.has(row) || depth > rows.length) return;
    for (const fk of selfRefs) {
      const parent = rows.find((r) => r[fk.parentColumn] === row[fk.childColumn] && r !== row);
      if (parent) place(parent, depth + 1);
    }
    placed.add(row);
    ordered.push(row);
  };
  rows.forEach((r) => place(r));
  return ordered;
}

/**
 * Columns the row carries: a column added to the live schema after the backup is left to
 * its default rather than forced to NULL.
 */
async function upsertRows(client: pg.Client, table: CatalogTable, rows: Row[]): Promise<{ inserted: number; updated: number }> {
  let inserted = 0;
  let updated = 0;
  // One row per statement keeps the self-reference order and stays far from parameter limits.
  for (const row of rows) {
    const cols = table.columns.filter((c) => c.name in row);
    const rest = cols.filter((c) => !table.primaryKey.includes(c.name));
    const set = rest.map((c) => `${quoteIdent(c.name)} = EXCLUDED.${quoteIdent(c.name)}`).join(', ');
    const differs = rest.map((c) => `t.${quoteIdent(c.name)}::text`).join(', ');
    const incoming = rest.map((c) => `EXCLUDED.${quoteIdent(c.name)}::text`).join(', ');
    const onConflict = rest.length ? `DO UPDATE SET ${set} WHERE (${differs}) IS DISTINCT FROM (${incoming})` : 'DO NOTHING';
    const { rows: out } = await client.query<{ inserted: string }>(
      `INSERT INTO ${quoteQualified(table.name)} AS t (${cols.map((c) => quoteIdent(c.name)).join(', ')})
       VALUES (${cols.map((c, i) => `$${i + 1}::${c.type}`).join(', ')})
       ON CONFLICT (${table.primaryKey.map(quoteIdent).join(', ')}) ${onConflict} RETURNING (xmax = 0)::text AS inserted`,
      cols.map((c) => row[c.name]),
    );
    if (out[0]?.inserted === 'true') inserted++;
    else if (out[0]) updated++;
  }
  return { inserted, updated };
}
