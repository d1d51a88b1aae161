import { createHash, randomUUID } from 'node:crypto';
import { Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { Freshness } from '@northstar/api-contracts';

export interface Served<T> extends Freshness {
  value: T;
}

/** Bump when the shape of a cached value changes, so old entries are not read back. */
export const ANALYTICS_CACHE_FORMAT = 1;
/** A dashboard preset may be served from a snapshot computed at most this long ago while a newer one is computed. */
export const SWR_SECONDS = 120;
const ENTRY_TTL_SECONDS = 24 * 3600;
/** Longest a computation may hold the cross-process lock (the 10M-event KPI summary takes ~3 s). */
const LOCK_TTL_MS = 120_000;
const WAIT_POLL_MS = 50;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The version key is created from the clock (ms since epoch) rather than 0: if
 * Redis loses it (this Redis keeps nothing on disk) while entries survived
 * elsewhere, a recreated version is still larger than any entry's, so an old
 * entry can never look current.
 */
const READ_SCRIPT = `
local v = redis.call('GET', KEYS[1])
if not v then
  redis.call('SET', KEYS[1], ARGV[1], 'NX')
  v = redis.call('GET', KEYS[1])
end
return {v, redis.call('GET', KEYS[2])}`;
const BUMP_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 0 then redis.call('SET', KEYS[1], ARGV[1]) end
return redis.call('INCR', KEYS[1])`;
/** Two computations of one key can finish out of order: never replace a newer version's entry. */
const STORE_SCRIPT = `
local cur = redis.call('GET', KEYS[1])
if cur then
  local v = tonumber(string.match(cur, '^(%d+)|'))
  if v and v > tonumber(ARGV[1]) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
return 1`;
const RELEASE_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

interface CacheRedis extends Redis {
  nsAnalyticsRead(versionKey: string, entryKey: string, base: number): Promise<[string, string | null]>;
  nsAnalyticsBump(versionKey: string, base: number): Promise<number>;
  nsAnalyticsStore(entryKey: string, version: number, payload: string, ttl: number): Promise<number>;
  nsAnalyticsRelease(lockKey: string, token: string): Promise<number>;
}

interface Entry {
  v: number;
  computedAt: number;
  json: string;
}

/** Entries are `version|computedAtMs|json`, so the store script can compare versions without parsing JSON. */
function parseEntry(raw: string | null): Entry | null {
  if (!raw) return null;
  const a = raw.indexOf('|');
  const b = raw.indexOf('|', a + 1);
  if (a < 0 || b < 0) return null;
  return { v: Number(raw.slice(0, a)), computedAt: Number(raw.slice(a + 1, b)), json: raw.slice(b + 1) };
}

export interface AnalyticsCacheOptions {
  redisUrl: string;
  /** Namespace of every key (the deployment's QUEUE_PREFIX). */
  prefix: string;
  /** Folded into every entry key: the ClickHouse database the figures come from. */
  scope: string;
}

/**
 * Result cache for the expensive analytics reads, in Redis.
 *
 * Key = hash of (kind, the generated SQL texts and their bound parameters — i.e.
 * the normalized request and the definition together — and the ClickHouse
 * database). The value carries the data version it was computed at; the data
 * version is one Redis counter that the events writer advances after new events
 * land. A lookup reads the counter and the entry in one round trip: equal → hit;
 * otherwise recompute (or, for dashboard presets, serve the old snapshot if it is
 * at most SWR_SECONDS old and recompute in the background).
 *
 * Single-flight: identical concurrent requests in this process share one
 * promise; across processes a Redis lock (SET NX PX) lets one compute while the
 * others poll for its entry. Redis is an optimisation only: its client never
 * queues commands while disconnected and times out fast, and every Redis error
 * falls back to computing (dataVersion null), so an outage costs speed, not
 * answers.
 */
export class AnalyticsCacheService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('AnalyticsCache');
  readonly redis: CacheRedis;
  readonly versionKey: string;
  private readonly flights = new Map<string, { version: number; promise: Promise<Served<unknown>> }>();
  private lastWarn = 0;
  readonly stats = { hits: 0, staleHits: 0, misses: 0, computations: 0, redisErrors: 0 };

  constructor(private readonly opts: AnalyticsCacheOptions) {
    this.versionKey = `${opts.prefix}:analytics:data-version`;
    this.redis = new Redis(opts.redisUrl, {
      lazyConnect: true,
      // Fail at once while disconnected instead of queueing behind a reconnect: the caller computes instead.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: 1000,
      commandTimeout: 1000,
      retryStrategy: (times) => Math.min(times * 200, 2000),
    }) as CacheRedis;
    this.redis.on('error', (e) => this.redisFailed(e));
    this.redis.defineCommand('nsAnalyticsRead', { numberOfKeys: 2, lua: READ_SCRIPT });
    this.redis.defineCommand('nsAnalyticsBump', { numberOfKeys: 1, lua: BUMP_SCRIPT });
    this.redis.defineCommand('nsAnalyticsStore', { numberOfKeys: 1, lua: STORE_SCRIPT });
    this.redis.defineCommand('nsAnalyticsRelease', { numberOfKeys: 1, lua: RELEASE_SCRIPT });
  }

  async onModuleInit(): Promise<void> {
    await this.connect();
  }

  /** Connects once (bounded by connectTimeout); a Redis that is down at start-up is retried in the background. */
  async connect(): Promise<void> {
    if (this.redis.status === 'wait') await this.redis.connect().catch((e) => this.redisFailed(e));
  }

  /** After every onModuleDestroy, so writers flushing at shutdown can still advance the version. */
  async onApplicationShutdown(): Promise<void> {
    this.redis.disconnect();
  }

  entryKey(kind: string, material: unknown): string {
    const h = createHash('sha256').update(JSON.stringify([ANALYTICS_CACHE_FORMAT, this.opts.scope, kind, material])).digest('hex').slice(0, 40);
    return `${this.opts.prefix}:analytics:cache:${kind}:${h}`;
  }

  /** The current data version (creating it if missing). Throws when Redis is unavailable. */
  async dataVersion(): Promise<number> {
    const [v] = await this.redis.nsAnalyticsRead(this.versionKey, `${this.versionKey}:none`, Date.now());
    return Number(v);
  }

  /** Advances the data version; called (throttled) by AnalyticsDataVersion after events land. */
  async bumpDataVersion(): Promise<number> {
    return Number(await this.redis.nsAnalyticsBump(this.versionKey, Date.now()));
  }

  /**
   * The cached value for (kind, material) at the current data version, or a fresh
   * computation. `swr` allows a stale snapshot of at most SWR_SECONDS (presets).
   * `version` replaces the events' data version by the caller's own (it must only
   * increase when the underlying data changes, e.g. the newest row id of the tables read).
   */
  async serve<T>(kind: string, material: unknown, compute: () => Promise<T>, opts: { swr?: boolean; version?: number } = {}): Promise<Served<T>> {
    const key = this.entryKey(kind, material);
    let version: number;
    let entry: Entry | null;
    try {
      if (opts.version !== undefined) {
        // The caller's own data version (increasing), for data that does not follow the events' version.
        version = opts.version;
        entry = parseEntry(await this.redis.get(key));
      } else {
        const [v, raw] = await this.redis.nsAnalyticsRead(this.versionKey, key, Date.now());
        version = Number(v);
        entry = parseEntry(raw);
      }
    } catch (e) {
      this.redisFailed(e);
      this.stats.misses++;
      return this.flight(key, -1, () => this.computeOnly(compute)) as Promise<Served<T>>;
    }
    if (entry && entry.v === version) {
      this.stats.hits++;
      return this.fromEntry<T>(entry, false);
    }
    if (entry && opts.swr && Date.now() - entry.computedAt <= SWR_SECONDS * 1000) {
      this.stats.staleHits++;
      this.flight(key, version, () => this.computeShared(key, version, compute)).catch((e) => this.logger.warn(`background refresh of ${kind} failed: ${(e as Error).message}`));
      return this.fromEntry<T>(entry, true);
    }
    this.stats.misses++;
    return this.flight(key, version, () => this.computeShared(key, version, compute)) as Promise<Served<T>>;
  }

  private fromEntry<T>(e: Entry, stale: boolean): Served<T> {
    return { value: JSON.parse(e.json) as T, computedAt: new Date(e.computedAt).toISOString(), dataVersion: e.v, cached: true, stale };
  }

  /** In-process single-flight: a running computation is joined when it started at this version or later. */
  private flight(key: string, version: number, run: () => Promise<Served<unknown>>): Promise<Served<unknown>> {
    const f = this.flights.get(key);
    if (f && f.version >= version) return f.promise;
    const promise = run().finally(() => {
      if (this.flights.get(key)?.promise === promise) this.flights.delete(key);
    });
    this.flights.set(key, { version, promise });
    return promise;
  }

  private async computeOnly<T>(compute: () => Promise<T>): Promise<Served<T>> {
    const computedAt = new Date();
    this.stats.computations++;
    const value = await compute();
    return { value, computedAt: computedAt.toISOString(), dataVersion: null, cached: false, stale: false };
  }

  private async computeShared<T>(key: string, version: number, compute: () => Promise<T>): Promise<Served<T>> {
    const lockKey = `${key}:lock`;
    const token = randomUUID();
    let locked = false;
    try {
      locked = (await this.redis.set(lockKey, token, 'PX', LOCK_TTL_MS, 'NX')) === 'OK';
    } catch (e) {
      this.redisFailed(e);
      return this.computeOnly(compute);
    }
    if (!locked) {
      // Another process computes this key: take its entry when it lands, or compute if its holder vanished.
      const deadline = Date.now() + LOCK_TTL_MS;
      while (Date.now() < deadline) {
        await sleep(WAIT_POLL_MS);
        try {
          const [, raw] = await this.redis.nsAnalyticsRead(this.versionKey, key, Date.now());
          const e = parseEntry(raw);
          if (e && e.v >= version) return this.fromEntry<T>(e, false);
          if (!(await this.redis.exists(lockKey))) break;
        } catch (err) {
          this.redisFailed(err);
          break;
        }
      }
    }
    try {
      const computedAt = Date.now();
      this.stats.computations++;
      const value = await compute();
      const json = JSON.stringify(value);
      await this.redis.nsAnalyticsStore(key, version, `${version}|${computedAt}|${json}`, ENTRY_TTL_SECONDS).catch((e) => this.redisFailed(e));
      return { value: JSON.parse(json) as T, computedAt: new Date(computedAt).toISOString(), dataVersion: version, cached: false, stale: false };
    } finally {
      if (locked) await this.redis.nsAnalyticsRelease(lockKey, token).catch(() => undefined);
    }
  }

  private redisFailed(e: unknown): void {
    this.stats.redisErrors++;
    if (Date.now() - this.lastWarn > 30_000) {
      this.lastWarn = Date.now();
      this.logger.warn(`Redis unavailable for the analytics cache, computing without it: ${(e as Error)?.message ?? e}`);
    }
  }
}
