import type { Queue } from 'bullmq';

export const HEALTH_DRAIN_JOB = 'health-drain';
/** How long events for a customer are collected before their health is recomputed. */
export const HEALTH_DEBOUNCE_MS = Number(process.env.HEALTH_DEBOUNCE_MS ?? 5000);

type SetClient = { sadd(key: string, ...members: string[]): Promise<number>; spop(key: string, count: number): Promise<string[] | string | null> };
// BullMQ 6 keeps the raw Redis client on the queue's backend.
const redisOf = (queue: Queue) => (queue.getBackend() as unknown as { client: Promise<SetClient> }).client;
const pendingKey = (queue: Queue) => `${queue.opts.prefix ?? 'bull'}:${queue.name}:health-pending`;

/**
 * Asks for a health recompute of these customers "soon". Ids go into a Redis set;
 * one delayed drain job per debounce window picks up everything collected so far.
 * BullMQ's deduplication keeps a single drain job per window however many events
 * arrive, and the drain takes the whole set at run time, so an id added while the
 * drain is already delayed is still included; an id added after the drain started
 * schedules the next window. Call it after lifecycle rows reach ClickHouse.
 */
export async function requestHealthRecompute(analyticsQueue: Queue, customerIds: string[]): Promise<void> {
  const ids = [...new Set(customerIds.filter(Boolean))];
  if (ids.length === 0) return;
  const redis = await redisOf(analyticsQueue);
  await redis.sadd(pendingKey(analyticsQueue), ...ids);
  await analyticsQueue.add(
    HEALTH_DRAIN_JOB,
    { type: HEALTH_DRAIN_JOB, payload: {} },
    { delay: HEALTH_DEBOUNCE_MS, deduplication: { id: HEALTH_DRAIN_JOB, ttl: HEALTH_DEBOUNCE_MS } },
  );
}

/** Takes (and removes) every pending id; the drain job recomputes them. */
export async function takePendingHealthRecompute(analyticsQueue: Queue, max = 50_000): Promise<string[]> {
  const redis = await redisOf(analyticsQueue);
  const ids = await redis.spop(pendingKey(analyticsQueue), max);
  return Array.isArray(ids) ? ids : ids ? [ids] : [];
}
