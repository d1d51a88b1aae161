import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@northstar/config';
import { JobProducer, QueueName } from '@northstar/queues';
import { z } from 'zod';
import { JobReconciler } from './job-reconciler';

const settingsSchema = z.object({
  NODE_ENV: z.string().optional(),
  /** How often this process checks whether Redis lost its data; 0 turns the watch (and the start-up run) off. */
  JOB_RECONCILE_WATCH_MS: z.coerce.number().int().min(0).max(3_600_000).optional(),
});

/** Milliseconds between checks: 10 s, and off under tests (as schedules are: they drive jobs themselves) unless asked for. */
export function reconcileWatchMs(env: NodeJS.ProcessEnv = process.env): number {
  const parsed = settingsSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) throw new Error(`JOB_RECONCILE_WATCH_MS: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  return parsed.data.JOB_RECONCILE_WATCH_MS ?? (parsed.data.NODE_ENV === 'test' ? 0 : 10_000);
}

/**
 * What brings schedules and reminders back after Redis lost its data: a timer in this
 * process, which Redis cannot take away (the reconciler's BullMQ schedule goes with
 * the data it should restore).
 *
 * The timer checks the loss itself, not the connection: each process keeps a marker key
 * in Redis and renews it on every check (PEXPIRE); when the marker is gone, Redis lost
 * its data (restarted empty, flushed, failed over to an empty replica) or this process
 * just started, and the reconciler runs. A reconnect event would fire on every network
 * blip where nothing was lost and never on a FLUSHALL over a live connection. The
 * marker is set before the run, so a loss during the run is seen at the next check; a
 * failed run deletes it, so the next check tries again. While Redis is down the check
 * simply waits for it (commands queue until it is back).
 */
@Injectable()
export class ReconcileWatch implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('JobReconciler');
  private readonly everyMs = reconcileWatchMs();
  private readonly marker: string;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly reconciler: JobReconciler,
    private readonly producer: JobProducer,
  ) {
    this.marker = `${config.QUEUE_PREFIX}:job-reconciler:${randomUUID()}`;
  }

  onApplicationBootstrap(): void {
    if (!this.everyMs) return;
    void this.check();
    this.timer = setInterval(() => void this.check(), this.everyMs);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** One check at a time: while Redis is down the pending one waits, later ticks join it. */
  check(): Promise<void> {
    this.running ??= this.reconcileIfLost()
      .catch((e) => this.logger.error(`reconcile failed, retrying at the next check: ${(e as Error).message}`))
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async reconcileIfLost(): Promise<void> {
    const redis = (await this.producer.queue(QueueName.System).getBackend().client) as unknown as Redis;
    // Outlives a few missed checks (a busy event loop), not a dead process.
    const ttl = this.everyMs * 10;
    if (await redis.pexpire(this.marker, ttl)) return;
    await redis.set(this.marker, '1', 'PX', ttl);
    try {
      const report = await this.reconciler.reconcile();
      this.logger.log(`schedules of ${report.scheduledQueues.length} queue(s) declared; ${report.restored} of ${report.due} due job(s) added again`);
    } catch (e) {
      await redis.del(this.marker);
      throw e;
    }
  }
}
