import type { Prisma } from '@northstar/prisma';
import type { PrivacySubject } from '../privacy-subject';
import type { Needles } from '../redaction';

/**
 * What erasure does to one Postgres table's rows about the subject:
 * - `delete`: derived or customer-written rows nothing else needs (scores, notes);
 * - `set` / `redact`: records the business keeps (quotes, invoices, payments) lose
 *   their personal fields: `set` gives columns fixed SQL values (NULL, '[erased]'),
 *   `redact` replaces the person's names, emails and phones inside text and JSON;
 * - `retain`: rows with ids, amounts and dates only, kept and exported, with the reason.
 */
export type TableErasure = { delete: true } | { set?: Record<string, string>; redact?: string[] } | { retain: string };

export interface TableRule {
  /** The lib that owns the table; the export file is `<lib>.<table>.jsonl`. */
  lib: string;
  table: string;
  /**
   * SQL condition selecting the subject's rows, with the placeholders :customerIds,
   * :accountIds, :emails and :phones (each a text[]), e.g. `"customerId" = ANY(:customerIds)`.
   */
  rows: string;
  erase: TableErasure;
  /** Columns left out of the export (storage paths, link tokens). */
  private?: string[];
  eraseOrder?: number;
  identifiesSubject?: boolean;
}

type Db = Pick<Prisma.TransactionClient, '$queryRawUnsafe' | '$executeRawUnsafe'>;

type Placeholder = 'customerIds' | 'accountIds' | 'emails' | 'phones';
const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

/** The rule's condition with its placeholders as numbered parameters, and their values. */
export function bindRows(rule: TableRule, subject: PrivacySubject, firstParam = 1): { where: string; params: string[][] } {
  const params: string[][] = [];
  const where = rule.rows.replace(/:(customerIds|accountIds|emails|phones)\b/g, (_, name: Placeholder) => {
    params.push(subject[name]);
    return `$${firstParam + params.length - 1}::text[]`;
  });
  return { where, params };
}

export async function exportRows(db: Db, rule: TableRule, subject: PrivacySubject): Promise<unknown[]> {
  const { where, params } = bindRows(rule, subject);
  const hidden = (rule.private ?? []).map((c) => `'${c}'`).join(', ');
  const rows = await db.$queryRawUnsafe<{ row: unknown }[]>(
    `SELECT to_jsonb(t.*)${hidden ? ` - ARRAY[${hidden}]::text[]` : ''} AS row FROM ${quote(rule.table)} t WHERE ${where}`,
    ...params,
  );
  return rows.map((r) => r.row);
}

/** Applies the rule's erasure; returns the rows deleted or changed. */
export async function eraseRows(db: Db, rule: TableRule, subject: PrivacySubject, needles: Needles): Promise<number> {
  const e = rule.erase;
  if ('retain' in e) return 0;
  const { where, params } = bindRows(rule, subject);
  if ('delete' in e) return db.$executeRawUnsafe(`DELETE FROM ${quote(rule.table)} WHERE ${where}`, ...params);
  let affected = 0;
  if (e.set && Object.keys(e.set).length) {
    const assignments = Object.entries(e.set).map(([column, value]) => `${quote(column)} = ${value}`);
    affected = await db.$executeRawUnsafe(`UPDATE ${quote(rule.table)} SET ${assignments.join(', ')} WHERE ${where}`, ...params);
  }
  if (e.redact?.length) affected = Math.max(affected, await redactRows(db, rule.table, e.redact, where, params, needles));
  return affected;
}

/** Reads the columns of the matching rows, replaces the needles, writes back the rows that changed. */
async function redactRows(db: Db, table: string, columns: string[], where: string, params: string[][], needles: Needles): Promise<number> {
  const types = await columnTypes(db, table, columns);
  const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(
    `SELECT ctid::text AS "_ctid", ${columns.map(quote).join(', ')} FROM ${quote(table)} WHERE ${where} FOR UPDATE`,
    ...params,
  );
  let changed = 0;
  for (const row of rows) {
    const updates = columns.flatMap((c) => {
      const before = row[c];
      if (before === null || before === undefined) return [];
      const isJson = types[c] === 'json' || types[c] === 'jsonb';
      const after = isJson ? JSON.stringify(needles.redactJson(before)) : needles.redact(String(before));
      return after === (isJson ? JSON.stringify(before) : before) ? [] : [{ c, after, cast: isJson ? `::${types[c]}` : '' }];
    });
    if (!updates.length) continue;
    const assignments = updates.map((u, i) => `${quote(u.c)} = $${i + 1}${u.cast}`);
    await db.$executeRawUnsafe(
      `UPDATE ${quote(table)} SET ${assignments.join(', ')} WHERE ctid = $${updates.length + 1}::tid`,
      ...updates.map((u) => u.after),
      row._ctid,
    );
    changed++;
  }
  return changed;
}

async function columnTypes(db: Db, table: string, columns: string[]): Promise<Record<string, string>> {
  const rows = await db.$queryRawUnsafe<{ column_name: string; data_type: string }[]>(
    `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1`,
    table,
  );
  const types = Object.fromEntries(rows.map((r) => [r.column_name, r.data_type]));
  const missing = columns.filter((c) => !(c in types));
  if (missing.length) throw new Error(`privacy rule for ${table} names columns the table lacks: ${missing.join(', ')}`);
  return types;
}
