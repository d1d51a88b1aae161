import fs from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import type { ClickhouseService } from '@northstar/clickhouse';
import type { PrismaService } from '@northstar/prisma';

/**
 * Searches a whole store for values, knowing nothing of the schema: every column of
 * every Postgres table (as text), every column of every ClickHouse table, every Redis
 * key under a prefix (its name and all its content), every file under a folder.
 * Each returns where a value was found, as `place: value`.
 */

const like = (v: string) => `%${v.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;
const found = (text: string, values: string[]) => values.filter((v) => text.toLowerCase().includes(v.toLowerCase()));

export async function searchPostgres(prisma: PrismaService, values: string[]): Promise<string[]> {
  const columns = await prisma.$queryRawUnsafe<{ table_name: string; column_name: string }[]>(
    `SELECT c.table_name, c.column_name FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
      WHERE c.table_schema = current_schema() ORDER BY c.table_name, c.ordinal_position`,
  );
  const hits: string[] = [];
  for (const { table_name: t, column_name: c } of columns) {
    const rows = await prisma.$queryRawUnsafe<{ v: string }[]>(
      `SELECT ${quote(c)}::text AS v FROM ${quote(t)} WHERE ${quote(c)}::text ILIKE ANY($1::text[])`,
      values.map(like),
    );
    for (const r of rows) for (const v of found(r.v, values)) hits.push(`${t}.${c}: ${v}`);
  }
  return [...new Set(hits)];
}

export async function searchClickhouse(ch: ClickhouseService, values: string[]): Promise<string[]> {
  const columns = await ch.query<{ table: string; name: string }>(
    `SELECT c.table AS table, c.name AS name FROM system.columns c JOIN system.tables t ON t.database = c.database AND t.name = c.table
     WHERE c.database = currentDatabase() AND t.engine NOT IN ('MaterializedView', 'View') ORDER BY c.table, c.position`,
  );
  const hits: string[] = [];
  for (const { table, name } of columns) {
    const rows = await ch.query<{ v: string }>(
      `SELECT toString(\`${name}\`) AS v FROM \`${table}\` WHERE multiSearchAnyCaseInsensitiveUTF8(toString(\`${name}\`), {values:Array(String)}) LIMIT 20`,
      { values },
    );
    for (const r of rows) for (const v of found(r.v, values)) hits.push(`${table}.${name}: ${v}`);
  }
  return [...new Set(hits)];
}

export async function searchRedis(redisUrl: string, prefix: string, values: string[]): Promise<string[]> {
  const redis = new Redis(redisUrl);
  const hits: string[] = [];
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      for (const key of keys) {
        const contents = await redisContents(redis, key);
        for (const [where, text] of [['name', key], ...contents] as [string, string][]) for (const v of found(text, values)) hits.push(`${key} ${where}: ${v}`);
      }
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return [...new Set(hits)];
}

/** Every piece of a key's content, labelled: hash fields (names and values), members, stream entries. */
async function redisContents(redis: Redis, key: string): Promise<[string, string][]> {
  switch (await redis.type(key)) {
    case 'string':
      return [['value', (await redis.get(key)) ?? '']];
    case 'hash':
      return Object.entries(await redis.hgetall(key)).flatMap(([f, v]) => [[`field name ${f}`, f], [`field ${f}`, v]] as [string, string][]);
    case 'list':
      return (await redis.lrange(key, 0, -1)).map((m) => ['list member', m]);
    case 'set':
      return (await redis.smembers(key)).map((m) => ['set member', m]);
    case 'zset':
      return (await redis.zrange(key, 0, -1)).map((m) => ['zset member', m]);
    case 'stream':
      return (await redis.xrange(key, '-', '+')).map(([id, fields]) => [`stream entry ${id}`, fields.join('\n')]);
    default:
      return [];
  }
}

export function searchFiles(dir: string, values: string[]): string[] {
  const hits: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else for (const v of found(`${entry.name}\n${fs.readFileSync(p).toString('utf8')}`, values)) hits.push(`${p}: ${v}`);
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return hits;
}
