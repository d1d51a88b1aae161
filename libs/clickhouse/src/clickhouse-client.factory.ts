import { createClient, type ClickHouseClient } from '@clickhouse/client';
import fs from 'node:fs';

export interface ClickhouseTarget {
  /** http(s)://host:port for a server; chdb:///abs/path or undefined for the embedded engine. */
  url?: string;
  /** Folder of the embedded engine when url is not a chdb:// URL. */
  dataDir: string;
  database: string;
  user?: string;
  password?: string;
}

export type ClickhouseTransport = 'server' | 'embedded';

export interface NorthstarClickhouse {
  client: ClickHouseClient;
  transport: ClickhouseTransport;
  database: string;
  /** The embedded folder (chdb only), for diagnostics. */
  path?: string;
}

export function transportOf(url: string | undefined): ClickhouseTransport {
  return url && /^https?:\/\//.test(url) ? 'server' : 'embedded';
}

export function embeddedPathOf(target: ClickhouseTarget): string {
  return target.url?.startsWith('chdb://') ? decodeURIComponent(new URL(target.url).pathname) : target.dataDir;
}

/**
 * Opens one @clickhouse/client on either transport, bound to `target.database`
 * (created if missing).
 *
 * The embedded connection ignores the client's `database` option, so we bind the
 * session with `USE` instead; it sticks to that client's session. Per-query
 * settings must go in the SQL (`SETTINGS …`), never `clickhouse_settings`: chdb
 * turns those into session-wide SETs that leak into every later statement.
 */
export async function openClickhouse(target: ClickhouseTarget): Promise<NorthstarClickhouse> {
  const transport = transportOf(target.url);
  if (transport === 'server') {
    const bootstrap = createClient({ url: target.url, username: target.user, password: target.password });
    try {
      await bootstrap.command({ query: `CREATE DATABASE IF NOT EXISTS ${quoteIdent(target.database)}` });
    } finally {
      await bootstrap.close();
    }
    const client = createClient({
      url: target.url,
      username: target.user,
      password: target.password,
      database: target.database,
      clickhouse_settings: { date_time_input_format: 'best_effort' },
    });
    return { client, transport, database: target.database };
  }
  const path = embeddedPathOf(target);
  fs.mkdirSync(path, { recursive: true });
  // Lazy require: chdb loads a ~500 MB native library; server deployments never pay for it.
  const { createChdbConnection } = require('chdb/connection') as typeof import('chdb/connection');
  // chdb's Connection type and @clickhouse/client's bundled types differ but agree at run time.
  const client = createClient({ connection: createChdbConnection({ path }) as never });
  await client.command({ query: `CREATE DATABASE IF NOT EXISTS ${quoteIdent(target.database)}` });
  await client.command({ query: `USE ${quoteIdent(target.database)}` });
  return { client, transport, database: target.database, path };
}

export function quoteIdent(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`not a safe ClickHouse identifier: ${name}`);
  return `\`${name}\``;
}
