/**
 * Renders a migration's SQL for one node or for a cluster. Migrations are written
 * once with these markers:
 *
 *   {{ON_CLUSTER}}                 → '' | ON CLUSTER <name>
 *   {{ENGINE ReplacingMergeTree(v)}} → ReplacingMergeTree(v) | ReplicatedReplacingMergeTree('<zk path>', '{replica}', v)
 *   {{LOCAL events}}               → events | events_local (the shard-local table)
 *   -- @distributed events BY <sharding expr>
 *                                  → nothing | CREATE TABLE events … ENGINE = Distributed(…)
 *
 * so single-node users (and the embedded engine) never see cluster DDL, and a
 * cluster deployment gets Replicated engines and a Distributed table over each
 * local one, sharded by customer.
 */
export interface RenderOptions {
  database: string;
  cluster?: string;
}

export function renderMigration(sql: string, opts: RenderOptions): string[] {
  const { cluster, database } = opts;
  let out = sql.replace(/\{\{ON_CLUSTER\}\}/g, cluster ? `ON CLUSTER ${cluster}` : '');
  out = out.replace(/\{\{LOCAL (\w+)\}\}/g, (_, t: string) => (cluster ? `${t}_local` : t));
  out = out.replace(/\{\{ENGINE (\w+)\(([^)]*)\)\}\}/g, (_, engine: string, args: string) => {
    if (!cluster || !engine.endsWith('MergeTree')) return `${engine}(${args})`;
    const replicatedArgs = [`'/clickhouse/tables/{shard}/{database}/{table}'`, `'{replica}'`];
    if (args.trim()) replicatedArgs.push(args.trim());
    return `Replicated${engine}(${replicatedArgs.join(', ')})`;
  });
  out = out.replace(/^--\s*@distributed\s+(\w+)\s+BY\s+(.+)$/gm, (_, table: string, key: string) =>
    cluster
      ? `CREATE TABLE IF NOT EXISTS ${table} ON CLUSTER ${cluster} AS ${table}_local ` +
        `ENGINE = Distributed(${cluster}, ${database}, ${table}_local, ${key.trim()});`
      : '',
  );
  return splitStatements(out);
}

/** Drops comment-only lines (they may contain ';'), then splits on semicolons that end a line. */
export function splitStatements(sql: string): string[] {
  return sql
    .split('\n')
    .filter((line) => !/^\s*--/.test(line))
    .join('\n')
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter(Boolean);
}
