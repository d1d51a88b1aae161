import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { JobProducer, QueueName } from '@northstar/queues';

/** How long events for a customer are collected before their health is recomputed. */
export const HEALTH_DEBOUNCE_MS = Number(process.env.HEALTH_DEBOUNCE_MS ?? 5000);

type SetClient = { sadd(key: string, ...members: string[]): Promise<number>; spop(key: string, count: number): Promise<string[] | string | null> };
// BullMQ 6 keeps the raw Redis client on the queue's backend.
const redisOf = (queue: Queue) => (queue.getBackend() as unknown as { client: Promise<SetClient> }).client;
const pendingKey = (queue: Queue) => `${queue.opts.prefix ?? 'bull'}:${queue.name}:health-pending`;

/**
 * Health recomputes asked for "soon", for a few customers. Ids go into a Redis set;
 * one delayed `health-drain` job per debounce window picks up everything collected
 * so far. BullMQ's deduplication keeps a single drain job per window however many
 * events arrive, and the drain takes the whole set at run time, so an id added while
 * the drain is already delayed is still included; an id added after the drain
 * started schedules the next window. Ask after lifecycle rows reach ClickHouse.
 */
@Injectable()
export class HealthRecomputeRequests {
  constructor(private readonly jobs: JobProducer) {}

  async request(customerIds: string[]): Promise<void> {
    const ids = [...new Set(customerIds.filter(Boolean))];
    if (ids.length === 0) return;
    const queue = this.jobs.queue(QueueName.Analytics);
    await (await redisOf(queue)).sadd(pendingKey(queue), ...ids);
    await this.jobs.add(QueueName.Analytics, 'health-drain', {}, { delay: HEALTH_DEBOUNCE_MS, deduplication: { id: 'health-drain', ttl: HEALTH_DEBOUNCE_MS } });
  }

  /** Takes (and removes) every pending id, for the drain job to recompute. */
  async takePending(max = 50_000): Promise<string[]> {
    const queue = this.jobs.queue(QueueName.Analytics);
    const ids = await (await redisOf(queue)).spop(pendingKey(queue), max);
    return Array.isArray(ids) ? ids : ids ? [ids] : [];
  }
}
