/**
 * SQL for a customer's ClickHouse footprint. Values are bound as parameters, never
 * concatenated; table and column names come from system.tables / system.columns.
 * On a cluster, lightweight DELETE must target the shard-local table ON CLUSTER (a
 * Distributed table refuses it), while counts read the Distributed table.
 */
export interface ChTarget {
  cluster?: string;
}

export interface ChColumn {
  name: string;
  type: string;
}

/** The identity graph: read to resolve the subject, so erased last, by its own concern. */
export const IDENTITY_TABLE = 'identity_links';

/** Columns holding one id each, and which of the subject's ids they are compared with. */
const ID_COLUMNS: Record<string, string> = {
  customer_id: 'customerIds',
  account_id: 'accountIds',
  user_id: 'ids',
  anonymous_id: 'ids',
  from_id: 'ids',
  to_id: 'ids',
  // person_overrides (identity resolution): every distinct id of the person maps to their person id
  distinct_id: 'ids',
  person_id: 'ids',
};

const ident = (name: string) => `\`${name.replace(/`/g, '``')}\``;
const isText = (type: string) => /^(LowCardinality\()?(Nullable\()?String\)*$/.test(type);

/** Ids (user ids, anonymous ids) linked to the given ids, one hop, with the kind of link. */
export const linkedIdsSql = () =>
  `SELECT DISTINCT kind, from_id FROM ${IDENTITY_TABLE} FINAL
   WHERE kind IN ('user', 'anonymous') AND has({to:Array(String)}, to_id) AND from_id != ''`;

/** Tables that store rows (not views, not Distributed), with their columns as a JSON array. */
export const storedTablesSql = () =>
  `SELECT t.name AS name, groupArray((c.name, c.type)) AS columns
   FROM system.tables t JOIN system.columns c ON c.database = t.database AND c.table = t.name
   WHERE t.database = currentDatabase() AND t.engine LIKE '%MergeTree'
   GROUP BY t.name ORDER BY t.name`;

/**
 * Which rows of a table are the subject's: an id column holding one of their ids, or
 * any text column (JSON properties, traits, context…) containing one of their emails
 * or phone numbers (when there are any to search for). Null when nothing can match.
 */
export function subjectCondition(columns: ChColumn[], searchText: boolean): string | null {
  const parts: string[] = [];
  for (const c of columns) {
    const ids = ID_COLUMNS[c.name];
    if (ids) parts.push(`has({${ids}:Array(String)}, ${ident(c.name)})`);
    else if (searchText && isText(c.type)) parts.push(`multiSearchAnyCaseInsensitiveUTF8(ifNull(${ident(c.name)}, ''), {needles:Array(String)})`);
  }
  return parts.length ? parts.join(' OR ') : null;
}

const readName = (table: string, t: ChTarget) => (t.cluster && table.endsWith('_local') ? table.slice(0, -'_local'.length) : table);

export const countSql = (table: string, where: string, t: ChTarget) => `SELECT count() AS n FROM ${ident(readName(table, t))} WHERE ${where}`;

export const deleteSql = (table: string, where: string, t: ChTarget) =>
  `DELETE FROM ${ident(table)}${t.cluster ? ` ON CLUSTER ${ident(t.cluster)}` : ''} WHERE ${where}`;

export const exportSql = (table: string, where: string, t: ChTarget) => `SELECT * FROM ${ident(readName(table, t))} FINAL WHERE ${where}`;
