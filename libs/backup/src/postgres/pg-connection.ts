import pg from 'pg';

/** libpq's variables for a postgres:// URL, so pg_basebackup & co. reach the same server as the platform. */
export function libpqEnv(url: string): NodeJS.ProcessEnv {
  const u = new URL(url);
  const env: NodeJS.ProcessEnv = {
    PGHOST: u.hostname || '127.0.0.1',
    PGPORT: u.port || '5432',
    PGUSER: decodeURIComponent(u.username) || 'postgres',
    PGDATABASE: databaseOf(url),
  };
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  return env;
}

export function databaseOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, '')) || 'postgres';
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

/**
 * A client that hands every value back as PostgreSQL's own text. Copying rows between
 * servers through it is exact: no Date rounding to milliseconds, no bigint or numeric
 * through floats, arrays and enums as their literals, which the target parses back.
 */
export async function connectRaw(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, types: { getTypeParser: () => (value: string) => value } });
  await client.connect();
  return client;
}

export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await connectRaw(url);
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** `schema.table` → `"schema"."table"`. */
export function quoteQualified(qualified: string): string {
  const dot = qualified.indexOf('.');
  return `${quoteIdent(qualified.slice(0, dot))}.${quoteIdent(qualified.slice(dot + 1))}`;
}
