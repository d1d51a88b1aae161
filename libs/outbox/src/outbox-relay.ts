import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { JobsOptions } from 'bullmq';
import { withTimeout } from '@northstar/async';
import { APP_CONFIG, type AppConfig } from '@northstar/config';
import { PrismaService } from '@northstar/prisma';
import { JobProducer, QueueName, type EventRowsPayload } from '@northstar/queues';
import { LifecycleTransaction } from './lifecycle-transaction';
import { outboxToEventRow, type OutboxRecord } from './outbox-row';

/** Rows moved per relay transaction, and per events job. */
export const RELAY_BATCH = 1000;
export const RELAY_JOB_ROWS = 500;
/** Postgres advisory lock key: one relay at a time across all processes. */
export const RELAY_LOCK_KEY = 7_310_001;
const ENQUEUE_TIMEOUT_MS = 3_000;

export interface RelayOptions {
  /** A row enqueued but not delivered after this long is enqueued again (doubling per attempt, max ×64). */
  reenqueueAfterMs: number;
}
export const RELAY_OPTIONS = Symbol('RELAY_OPTIONS');
export const DEFAULT_RELAY_OPTIONS: RelayOptions = { reenqueueAfterMs: 60_000 };

/**
 * Moves committed outbox rows to the events queue, in seq order.
 *
 * Failure model. Postgres is the only durable truth: a row is done when the
 * writer has inserted it into ClickHouse and set deliveredAt (never here).
 * Here we only set enqueuedAt. So:
 * - relay crash after enqueue, before its UPDATE commits → the rows are sent
 *   again; the job id (first row id + attempt) makes that second add a no-op;
 * - Redis loses the job (restart without persistence, eviction) → the rows
 *   stay undelivered and are enqueued again once reenqueueAfterMs has passed;
 * - ClickHouse down for long → the job waits/retries in the queue; the
 *   re-enqueue delay doubles per attempt so a long outage does not flood Redis;
 * - two relays (API + workers, or scaled workers) → pg_try_advisory_xact_lock
 *   lets one run; the other skips its turn.
 * Every duplicate this allows carries the same event_id, which FINAL collapses.
 *
 * Runs on a poll interval (OUTBOX_RELAY_INTERVAL_MS), at once after a
 * LifecycleTransaction commits in this process, and on `relay-outbox` jobs; the
 * poll runs only in a process that consumes the outbox queue (RelayOutboxJob
 * starts and stops it with the queue's worker).
 */
@Injectable()
export class OutboxRelay {
  private readonly logger = new Logger('OutboxRelay');
  private timer?: NodeJS.Timeout;
  private unsubscribe?: () => void;
  private running: Promise<number> | null = null;
  private again = false;
  private stopped = false;
  private readonly options: RelayOptions;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly prisma: PrismaService,
    private readonly jobs: JobProducer,
    @Optional() private readonly lifecycle?: LifecycleTransaction,
    @Optional() @Inject(RELAY_OPTIONS) options?: Partial<RelayOptions>,
  ) {
    this.options = { ...DEFAULT_RELAY_OPTIONS, reenqueueAfterMs: config.OUTBOX_REENQUEUE_AFTER_MS, ...options };
  }

  start(): void {
    this.timer = setInterval(() => void this.poke(), this.config.OUTBOX_RELAY_INTERVAL_MS);
    this.timer.unref();
    this.unsubscribe = this.lifecycle?.onCommitted(() => void this.poke());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.unsubscribe?.();
    await this.running?.catch(() => undefined);
  }

  /** Relays until the outbox has nothing ready; concurrent pokes coalesce into the running pass. */
  poke(): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      let total = 0;
      do {
        this.again = false;
        let n: number;
        do {
          n = await this.relayOnce();
          total += n;
        } while (n === RELAY_BATCH && !this.stopped);
      } while (this.again && !this.stopped);
      return total;
    })()
      .catch((e) => {
        this.logger.warn(`outbox relay pass failed (rows stay in the outbox): ${(e as Error).message}`);
        return 0;
      })
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  /** One transaction: lock, pick ready rows in seq order, enqueue, mark enqueued. Returns rows moved. */
  async relayOnce(): Promise<number> {
    const redis = await this.jobs.queue(QueueName.Events).getBackend().client;
    if (redis.status !== 'ready') return 0;
    return this.prisma.$transaction(
      async (tx) => {
        const [{ locked }] = await tx.$queryRawUnsafe<{ locked: boolean }[]>('SELECT pg_try_advisory_xact_lock($1) AS locked', RELAY_LOCK_KEY);
        if (!locked) return 0;
        const rows = await tx.$queryRawUnsafe<OutboxRecord[]>(
          `SELECT id::text AS id, seq, "aggregateType", "aggregateId", "eventName", "customerId", "accountId", payload, "occurredAt", attempts
             FROM outbox_events
            WHERE "deliveredAt" IS NULL
              AND ("enqueuedAt" IS NULL
                   OR "enqueuedAt" < now() - ($1::double precision * power(2, LEAST(GREATEST(attempts - 1, 0), 6))) * interval '1 millisecond')
            ORDER BY seq
            LIMIT $2`,
          this.options.reenqueueAfterMs,
          RELAY_BATCH,
        );
        if (!rows.length) return 0;
        const now = new Date();
        const slices: { name: 'store-rows'; data: EventRowsPayload; opts: JobsOptions }[] = [];
        for (let i = 0; i < rows.length; i += RELAY_JOB_ROWS) {
          const chunk = rows.slice(i, i + RELAY_JOB_ROWS);
          slices.push({
            name: 'store-rows',
            data: { origin: 'outbox', rows: chunk.map((r) => outboxToEventRow(r, now)), outboxIds: chunk.map((r) => r.id) },
            opts: { jobId: `outbox-${chunk[0].id}-${chunk[0].attempts + 1}` },
          });
        }
        await withTimeout(this.jobs.addBulk(QueueName.Events, slices), ENQUEUE_TIMEOUT_MS, 'enqueue timed out');
        await tx.$executeRawUnsafe(
          `UPDATE outbox_events SET "enqueuedAt" = now(), attempts = attempts + 1 WHERE id = ANY($1::uuid[])`,
          rows.map((r) => r.id),
        );
        return rows.length;
      },
      { timeout: 30_000, maxWait: 10_000 },
    );
  }
}
