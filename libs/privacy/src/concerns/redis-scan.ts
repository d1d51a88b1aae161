import type { Redis } from 'ioredis';

/** A key holding a needle, with what holds it (hash fields, list/set/zset members, stream entry ids). */
export interface RedisHit {
  key: string;
  type: 'hash' | 'string' | 'list' | 'set' | 'zset' | 'stream' | string;
  /** The key's name itself holds a needle. */
  inName: boolean;
  /** Hash fields, or members / entry ids whose content holds a needle ('' for a whole string value). */
  parts: string[];
}

/**
 * Runs inside Redis over one SCAN batch, so values (events jobs carry whole batches of
 * rows) never travel to the process just to be searched. Case-insensitive for ASCII;
 * needles arrive lower-cased the same way.
 */
const FIND_SCRIPT = `
local function hit(s)
  if not s then return false end
  local l = string.lower(s)
  for i = 1, #ARGV do
    if string.find(l, ARGV[i], 1, true) then return true end
  end
  return false
end
local out = {}
for _, key in ipairs(KEYS) do
  local t = redis.call('TYPE', key)['ok']
  local parts = {}
  if t == 'hash' then
    local kv = redis.call('HGETALL', key)
    for i = 1, #kv, 2 do if hit(kv[i]) or hit(kv[i + 1]) then table.insert(parts, kv[i]) end end
  elseif t == 'string' then
    if hit(redis.call('GET', key)) then table.insert(parts, '') end
  elseif t == 'list' or t == 'set' or t == 'zset' then
    local items
    if t == 'list' then items = redis.call('LRANGE', key, 0, -1)
    elseif t == 'set' then items = redis.call('SMEMBERS', key)
    else items = redis.call('ZRANGE', key, 0, -1) end
    for i = 1, #items do if hit(items[i]) then table.insert(parts, items[i]) end end
  elseif t == 'stream' then
    local entries = redis.call('XRANGE', key, '-', '+')
    for i = 1, #entries do
      local fields = entries[i][2]
      for j = 1, #fields do
        if hit(fields[j]) then table.insert(parts, entries[i][1]) break end
      end
    end
  end
  local inName = hit(key)
  if inName or #parts > 0 then table.insert(out, {key, t, inName and 1 or 0, parts}) end
end
return out`;

/** Lower-cases ASCII only, as Lua's string.lower does, so both sides agree on non-ASCII text. */
export const asciiLower = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

/** The needles as they appear in stored JSON too (a name with a quote or backslash is escaped there). */
export function scanNeedles(values: string[]): string[] {
  return [...new Set(values.flatMap((v) => [v, JSON.stringify(v).slice(1, -1)]).filter(Boolean).map(asciiLower))];
}

/** Every key under `prefix:` holding one of the needles (in its name or its content). */
export async function findInRedis(redis: Redis, prefix: string, needles: string[], batch = 500): Promise<RedisHit[]> {
  if (!needles.length) return [];
  const hits: RedisHit[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', batch);
    cursor = next;
    if (!keys.length) continue;
    const rows = (await redis.eval(FIND_SCRIPT, keys.length, ...keys, ...needles)) as [string, string, number, string[]][];
    hits.push(...rows.map(([key, type, inName, parts]) => ({ key, type, inName: inName === 1, parts })));
  } while (cursor !== '0');
  return hits;
}
