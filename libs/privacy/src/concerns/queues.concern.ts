import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Job } from 'bullmq';
import { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@northstar/config';
import type { EventRow } from '@northstar/contracts';
import { JobProducer, QueueName, type EventRowsPayload, type JobName } from '@northstar/queues';
import { PrivacyRegistry } from '../privacy.registry';
import { sharedDataNeedles, subjectIds, type PrivacySubject } from '../privacy-subject';
import type { Needles } from '../redaction';
import { findInRedis, scanNeedles, type RedisHit } from './redis-scan';

/** Jobs whose payload is a batch of event rows (many people's): the subject's rows are taken out, the job stays. */
const EVENT_ROW_JOBS: ReadonlySet<JobName> = new Set<JobName>(['store-rows', 'dead-rows']);
/** Jobs that are a message about someone: one mentioning the subject is removed, never sent. */
const MESSAGE_JOBS: ReadonlySet<JobName> = new Set<JobName>(['send-mail']);
/** How long an active job holding the subject is waited for: its rows may be on their way to ClickHouse. */
const ACTIVE_WAIT_MS = 30_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Which event rows are the subject's, by the same rule the ClickHouse concern deletes
 * by: one of their ids in an id column, or an email / phone inside the row's text.
 */
export function subjectRowTest(s: PrivacySubject): (row: EventRow) => boolean {
  const ids = new Set(subjectIds(s));
  const customers = new Set(s.customerIds);
  const accounts = new Set(s.accountIds);
  const needles = [...s.emails, ...s.phones].map((n) => n.toLowerCase());
  const mentions = (text: string) => needles.some((n) => text.includes(n));
  return (row) =>
    customers.has(row.customer_id) ||
    accounts.has(row.account_id) ||
    ids.has(row.user_id) ||
    ids.has(row.anonymous_id) ||
    mentions(`${row.properties}\n${row.context}\n${row.traits}`.toLowerCase());
}

/**
 * Everything under the deployment's Redis prefix: BullMQ jobs of every queue (data,
 * return values, failure reasons, logs, the queues' event streams), caches and sets.
 * Keys are found by searching their content inside Redis (see redis-scan.ts), then
 * handled by what they are:
 * - a mail job mentioning the subject is removed (waiting, delayed or done alike);
 * - an events job keeps its other rows and loses the subject's; an active one is
 *   waited for first, so the ClickHouse concern (after this one) sees its rows;
 * - any other job, hash, list, set or stream entry is redacted or loses the member;
 * - a plain string (a cached result) is deleted: it is recomputed when next asked.
 * Runs after the outbox rows are deleted, so the relay cannot queue them again.
 */
@Injectable()
export class QueuesPrivacyConcern implements OnModuleInit, OnApplicationShutdown {
  private client?: Redis;

  constructor(
    private readonly registry: PrivacyRegistry,
    private readonly jobs: JobProducer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit() {
    this.registry.register({ name: 'redis.queues', eraseOrder: 8, erase: (s) => this.erase(s) });
  }

  async onApplicationShutdown() {
    await this.client?.quit().catch(() => this.client?.disconnect());
  }

  private get redis(): Redis {
    this.client ??= new Redis(this.config.REDIS_URL, { maxRetriesPerRequest: 3 });
    return this.client;
  }

  private async erase(s: PrivacySubject) {
    const needles = sharedDataNeedles(s);
    const hits = await findInRedis(this.redis, this.config.QUEUE_PREFIX, scanNeedles([...needles.list, ...subjectIds(s)]));
    let affected = 0;
    for (const hit of hits) if (await this.handle(hit, s, needles)) affected++;
    return { affected };
  }

  private async handle(hit: RedisHit, s: PrivacySubject, needles: Needles): Promise<boolean> {
    const job = await this.jobOf(hit);
    if (job) return this.handleJob(job, hit, s, needles);
    const ids = new Set(subjectIds(s));
    const holds = (member: string) => ids.has(member) || needles.foundIn(member);
    if (hit.inName || hit.type === 'string') return (await this.redis.del(hit.key)) > 0;
    switch (hit.type) {
      case 'hash':
        return this.redactHash(hit.key, hit.parts, needles);
      case 'list':
        return this.removeMembers(hit.parts.filter(holds), (m) => this.redis.lrem(hit.key, 0, m));
      case 'set':
        return this.removeMembers(hit.parts.filter(holds), (m) => this.redis.srem(hit.key, m));
      case 'zset':
        return this.removeMembers(hit.parts.filter(holds), (m) => this.redis.zrem(hit.key, m));
      case 'stream':
        return this.removeStreamEntries(hit.key, hit.parts, holds);
      default:
        return false;
    }
  }

  /** The BullMQ job a hash key is, if it is one: `<prefix>:<queue>:<job id>` with a name and data. */
  private async jobOf(hit: RedisHit): Promise<{ queue: QueueName; job: Job } | null> {
    if (hit.type !== 'hash') return null;
    const queue = Object.values(QueueName).find((q) => hit.key.startsWith(`${this.config.QUEUE_PREFIX}:${q}:`));
    if (!queue) return null;
    const [name, data] = await this.redis.hmget(hit.key, 'name', 'data');
    if (name === null || data === null) return null;
    const job = await this.jobs.queue(queue).getJob(hit.key.slice(`${this.config.QUEUE_PREFIX}:${queue}:`.length));
    return job ? { queue, job } : null;
  }

  private async handleJob({ queue, job }: { queue: QueueName; job: Job }, hit: RedisHit, s: PrivacySubject, needles: Needles): Promise<boolean> {
    const name = job.name as JobName;
    if (MESSAGE_JOBS.has(name)) {
      if (!needles.foundIn(JSON.stringify(job.data)) && !hit.inName) return this.redactHash(hit.key, hit.parts, needles);
      await this.settled(job);
      await this.jobs.queue(queue).remove(String(job.id));
      return true;
    }
    if (EVENT_ROW_JOBS.has(name)) {
      await this.settled(job);
      const current = await this.jobs.queue(queue).getJob(String(job.id));
      if (!current) return false;
      const data = current.data as EventRowsPayload;
      const isSubject = subjectRowTest(s);
      const rows = data.rows.filter((r) => !isSubject(r));
      if (rows.length === data.rows.length) return this.redactHash(hit.key, hit.parts, needles);
      if (!rows.length && !data.outboxIds?.length) {
        await this.jobs.queue(queue).remove(String(job.id));
        return true;
      }
      await current.updateData({ ...data, rows });
      await this.redactHash(hit.key, hit.parts, needles);
      return true;
    }
    return this.redactHash(hit.key, hit.parts, needles);
  }

  /** Waits while the job is being worked on (its data is already in the worker's hands). */
  private async settled(job: Job): Promise<void> {
    const deadline = Date.now() + ACTIVE_WAIT_MS;
    while (await job.isActive()) {
      if (Date.now() > deadline) throw new Error(`job ${job.queueName}/${job.id} stayed active for ${ACTIVE_WAIT_MS} ms; erase again`);
      await sleep(100);
    }
  }

  /** Rewrites the named fields with the needles redacted; only while the hash still exists (a job may finish and go meanwhile). */
  private async redactHash(key: string, fields: string[], needles: Needles): Promise<boolean> {
    let changed = false;
    for (const field of fields) {
      const value = await this.redis.hget(key, field);
      if (value === null) continue;
      if (needles.foundIn(field)) {
        changed = (await this.redis.hdel(key, field)) > 0 || changed;
        continue;
      }
      const redacted = needles.redact(value);
      if (redacted === value) continue;
      const written = await this.redis.eval(`if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end return -1`, 1, key, field, redacted);
      changed = written !== -1 || changed;
    }
    return changed;
  }

  private async removeMembers(members: string[], remove: (m: string) => Promise<number>): Promise<boolean> {
    let removed = 0;
    for (const m of members) removed += await remove(m);
    return removed > 0;
  }

  private async removeStreamEntries(key: string, ids: string[], holds: (m: string) => boolean): Promise<boolean> {
    let removed = 0;
    for (const id of ids) {
      const [entry] = await this.redis.xrange(key, id, id);
      if (entry && entry[1].some(holds)) removed += await this.redis.xdel(key, id);
    }
    return removed > 0;
  }
}
