import { Inject, Logger, Optional } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@northstar/config';
import { ClickhouseService } from '@northstar/clickhouse';
import { PrismaService } from '@northstar/prisma';
import { JobProducer, QueueJob, QueueName, type EventRowsPayload, type QueueJobHandler } from '@northstar/queues';
import {
  CUSTOMER_RESOLVER,
  PostgresCustomerResolver,
  COMPONENT_LINKS_SQL,
  deriveLinks,
  identifyEmail,
  nextPersonVersion,
  personOverridesFor,
  type CustomerResolver,
  type IdentityLinkRow,
} from '@northstar/identity';
import type { EventRow } from '@northstar/contracts';
import { EventsSink } from './events-sink';
import { EventsStoredHooks } from './events-stored.hooks';
import { backoffMs, isRetryable } from './retryable';
import { pinDayEdgeTimestamps } from './timestamp-memo';

interface Pending {
  job: Job<EventRowsPayload>;
  rows: EventRow[];
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

/** In-process retries of one flush before its jobs are handed back to BullMQ's own retry/backoff. */
const FLUSH_RETRIES = 6;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The one batching ClickHouse writer. Each queue job (an accepted Segment batch or
 * a slice of the outbox) stays *active* until the buffer holding its rows has been
 * inserted: the job completes only after ClickHouse acknowledged, so a crash at
 * any point leaves the job to be redelivered (BullMQ stalled-job recovery) and
 * never loses rows. Redelivery re-inserts the same event_ids, which FINAL reads
 * collapse, so a crash can double parts but never query results.
 *
 * Flushes when EVENTS_FLUSH_SIZE rows are waiting or EVENTS_FLUSH_INTERVAL_MS after
 * the first one arrived, and at once on shutdown. Retryable failures (server down,
 * table missing during a deploy, too many parts…) are retried here with backoff,
 * then by BullMQ (attempts/backoff of the events queue); when the last attempt
 * fails, or the data itself is refused (parse/type errors, isolated by inserting
 * job by job), the job moves to the dead-letter queue instead of being dropped.
 * Outbox rows are marked delivered in Postgres only after their insert succeeded.
 * What follows a write is not the writer's business: the rows it stored are
 * published on EventsStoredHooks, where health and analytics subscribe.
 */
@QueueJob('store-rows', QueueName.Events)
export class StoreRowsJob implements QueueJobHandler<'store-rows'> {
  private readonly logger = new Logger('EventsWriter');
  private pending: Pending[] = [];
  private pendingRows = 0;
  private timer?: NodeJS.Timeout;
  private flushing: Promise<void> | null = null;
  private closing = false;
  private sink?: EventsSink;
  private readonly resolver: CustomerResolver;
  private readonly customerCache = new Map<string, { id: string | null; by?: string; until: number }>();
  private readonly userLinksWritten = new Set<string>();
  readonly stats = { flushes: 0, rows: 0, retries: 0, deadLettered: 0 };

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clickhouse: ClickhouseService,
    private readonly prisma: PrismaService,
    private readonly jobs: JobProducer,
    private readonly hooks: EventsStoredHooks,
    @Optional() @Inject(CUSTOMER_RESOLVER) resolver?: CustomerResolver,
  ) {
    this.resolver = resolver ?? new PostgresCustomerResolver(prisma);
  }

  async handle(payload: EventRowsPayload, job: Job<EventRowsPayload>): Promise<unknown> {
    const { rows } = payload;
    return new Promise((resolve, reject) => {
      this.pending.push({ job, rows, resolve, reject });
      this.pendingRows += rows.length;
      this.scheduleFlush();
    });
  }

  private scheduleFlush(): void {
    if (!this.pending.length) return;
    if (this.closing || this.pendingRows >= this.config.EVENTS_FLUSH_SIZE) {
      void this.kick();
    } else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.kick();
      }, this.config.EVENTS_FLUSH_INTERVAL_MS);
    }
  }

  /** Runs flushes one at a time until the buffer is below the size threshold. */
  private kick(): Promise<void> {
    if (this.flushing) return this.flushing;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.flushing = (async () => {
      while (this.pending.length) {
        const batch = this.take();
        await this.flush(batch);
        if (!this.closing && this.pendingRows < this.config.EVENTS_FLUSH_SIZE) break;
      }
    })()
      .catch((e) => this.logger.error(`flush loop failed: ${(e as Error).message}`))
      .finally(() => {
        this.flushing = null;
        this.scheduleFlush();
      });
    return this.flushing;
  }

  private take(): Pending[] {
    const batch: Pending[] = [];
    let n = 0;
    while (this.pending.length && (batch.length === 0 || n + this.pending[0].rows.length <= this.config.EVENTS_FLUSH_SIZE)) {
      const p = this.pending.shift()!;
      n += p.rows.length;
      batch.push(p);
    }
    this.pendingRows -= n;
    return batch;
  }

  private async getSink(): Promise<EventsSink> {
    this.sink ??= new EventsSink(await this.clickhouse.writer(), this.clickhouse.database);
    return this.sink;
  }

  private async flush(batch: Pending[]): Promise<void> {
    const rows = batch.flatMap((p) => p.rows);
    let lastError: unknown;
    for (let attempt = 0; attempt < FLUSH_RETRIES; attempt++) {
      try {
        await this.write(rows);
        lastError = undefined;
        break;
      } catch (e) {
        lastError = e;
        if (!isRetryable(e)) return this.isolate(batch, e);
        this.stats.retries++;
        this.logger.warn(`insert of ${rows.length} rows failed (attempt ${attempt + 1}/${FLUSH_RETRIES}), retrying: ${(e as Error).message}`);
        // On shutdown, hand the jobs back to the queue rather than hold the process.
        if (this.closing) break;
        await sleep(backoffMs(attempt));
      }
    }
    if (lastError) {
      await Promise.all(batch.map((p) => this.fail(p, lastError)));
      return;
    }
    this.stats.flushes++;
    this.stats.rows += rows.length;
    await this.settle(batch);
  }

  /** Marks delivered outbox rows, then completes the jobs. */
  private async settle(batch: Pending[]): Promise<void> {
    const outboxIds = batch.flatMap((p) => p.job.data.outboxIds ?? []);
    if (outboxIds.length) {
      try {
        await this.prisma.$executeRawUnsafe(
          `UPDATE outbox_events SET "deliveredAt" = now() WHERE id = ANY($1::uuid[]) AND "deliveredAt" IS NULL`,
          outboxIds,
        );
      } catch (e) {
        // Rows are in ClickHouse but not marked: fail the outbox jobs so they are retried
        // (re-insert is harmless) instead of leaving the outbox to re-send much later.
        for (const p of batch) {
          if (p.job.data.outboxIds?.length) p.reject(e);
          else p.resolve({ rows: p.rows.length });
        }
        return;
      }
    }
    for (const p of batch) p.resolve({ rows: p.rows.length });
  }

  /** A batch the engine refused as data: insert job by job so one bad job cannot hold back the rest. */
  private async isolate(batch: Pending[], cause: unknown): Promise<void> {
    this.logger.warn(`batch refused (${(cause as Error).message}); inserting its ${batch.length} jobs one by one`);
    for (const p of batch) {
      try {
        await this.write(p.rows);
        await this.settle([p]);
      } catch (e) {
        if (isRetryable(e)) p.reject(e);
        else await this.toDeadLetter(p, e).then(p.resolve, p.reject);
      }
    }
  }

  private async fail(p: Pending, e: unknown): Promise<void> {
    const attempts = p.job.opts.attempts ?? 1;
    if (p.job.attemptsMade + 1 >= attempts) await this.toDeadLetter(p, e).then(p.resolve, p.reject);
    else p.reject(e);
  }

  private async toDeadLetter(p: Pending, e: unknown): Promise<unknown> {
    this.stats.deadLettered++;
    const reason = (e as Error)?.message ?? String(e);
    this.logger.error(`job ${p.job.id} (${p.rows.length} rows) moved to the dead-letter queue: ${reason}`);
    await this.jobs.add(
      QueueName.EventsDeadLetter,
      'dead-rows',
      { ...p.job.data, error: reason.slice(0, 2000), failedAt: new Date().toISOString(), originalJobId: String(p.job.id) },
      { jobId: `dl-${p.job.id}-${p.job.attemptsMade}` },
    );
    return { deadLettered: true };
  }

  /** The actual write: stabilise timestamps, attribute customers, insert events, links and person overrides, then tell EventsStoredHooks. */
  private async write(rows: EventRow[]): Promise<void> {
    const redis = (await this.jobs.queue(QueueName.Events).getBackend().client) as unknown as Redis;
    await pinDayEdgeTimestamps(redis, `${this.config.QUEUE_PREFIX}:events:ts:`, rows);
    const userLinks = await this.attribute(rows);
    const sink = await this.getSink();
    await sink.insert('events', rows);
    const links = [...deriveLinks(rows), ...userLinks];
    if (links.length) {
      await sink.insert('identity_links', links);
      await sink.insert('person_overrides', await this.personOverrides(links));
    }
    for (const l of userLinks) this.userLinksWritten.add(`${l.from_id}\0${l.to_id}`);
    // Subscribers (the analytics data version) hear of the rows once their persons are resolved too.
    await this.hooks.eventsStored(rows);
  }

  /**
   * Re-resolves every person the new links touch, from the links stored in ClickHouse
   * (after this flush's own were inserted), so the answer does not depend on what this
   * process saw before. A retry after a failure here re-inserts the same links: harmless.
   */
  private async personOverrides(links: IdentityLinkRow[]) {
    const client = await this.clickhouse.writer();
    const readLinks = async (ids: string[]) =>
      (await client.query({ query: COMPONENT_LINKS_SQL, query_params: { ids }, format: 'JSONEachRow' })).json<IdentityLinkRow>();
    const seeds = links.filter((l) => l.kind !== 'account').flatMap((l) => [l.from_id, l.to_id]);
    const { rows, truncated } = await personOverridesFor(seeds, readLinks, nextPersonVersion());
    if (truncated) this.logger.warn(`identity component of ${rows.length}+ ids resolved only partly (one id links too many people?)`);
    return rows;
  }

  /**
   * Fills customer_id for rows whose userId resolves to a Postgres customer, and
   * returns the userId → customer links not yet written by this process. If the
   * lookup fails (Postgres down) rows go in unattributed rather than waiting:
   * query-time attribution catches up once a later message resolves the user.
   */
  private async attribute(rows: EventRow[]): Promise<IdentityLinkRow[]> {
    const now = Date.now();
    const wanted = new Map<string, { email?: string; row: EventRow }>();
    for (const r of rows) {
      if (!r.user_id || r.customer_id || r.source === 'outbox') continue;
      const cached = this.customerCache.get(r.user_id);
      const email = identifyEmail(r);
      if (cached && cached.until > now && !(cached.id === null && email)) continue;
      const w = wanted.get(r.user_id);
      if (!w || (email && !w.email)) wanted.set(r.user_id, { email: email ?? w?.email, row: w?.row ?? r });
    }
    if (wanted.size) {
      try {
        const found = await this.resolver.resolve([...wanted].map(([userId, w]) => ({ userId, email: w.email })));
        if (this.customerCache.size > 100_000) this.customerCache.clear();
        for (const userId of wanted.keys()) {
          const hit = found.get(userId);
          // Unknown users are re-asked soon: the customer may be created any moment.
          this.customerCache.set(userId, hit ? { id: hit.customerId, by: hit.by, until: now + 600_000 } : { id: null, until: now + 30_000 });
        }
      } catch (e) {
        this.logger.warn(`customer resolution skipped: ${(e as Error).message}`);
      }
    }
    const links: IdentityLinkRow[] = [];
    const seen = new Set<string>();
    for (const r of rows) {
      if (!r.user_id || r.source === 'outbox') continue;
      const c = this.customerCache.get(r.user_id);
      if (!c?.id) continue;
      if (!r.customer_id) r.customer_id = c.id;
      const key = `${r.user_id}\0${c.id}`;
      // A userId that is the customer id is linked to itself: it marks the id as a customer for person resolution.
      if (!this.userLinksWritten.has(key) && !seen.has(key)) {
        seen.add(key);
        links.push({ kind: 'user', from_id: r.user_id, to_id: c.id, via: c.by ?? 'id', message_id: r.message_id, linked_at: r.timestamp });
      }
    }
    return links;
  }

  /** Flush on shutdown: stop waiting for the interval, so the jobs the worker waits for can finish. */
  async onWorkerClosing(): Promise<void> {
    this.closing = true;
    await this.kick();
  }
}
