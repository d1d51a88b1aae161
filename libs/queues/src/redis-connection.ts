import type { RedisOptions } from 'bullmq';

/**
 * ioredis options for BullMQ. maxRetriesPerRequest must be null for workers
 * (blocking commands); reconnects back off so a Redis restart is survived
 * without a process restart.
 */
export function redisConnectionOptions(redisUrl: string): RedisOptions {
  const u = new URL(redisUrl);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    username: u.username || undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
    enableOfflineQueue: true,
    retryStrategy: (times: number) => Math.min(times * 200, 2000),
  };
}
