import { Logger, type OnModuleInit } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { DEFAULT_CALENDAR } from '@northstar/business-hours';
import { registerAnalyticsHandler } from '@northstar/queues';
import { previousFrom } from './analytics.schemas';
import type { AnalyticsService } from './analytics.service';
import { SNAPSHOT_JOB } from './data-version.service';
import { RetentionQuerySchema } from './retention.sql';
import { intervalFor, presetRanges, SPARKLINE_BUCKETS } from './snapshot-presets';

/** Not `intel:…`: the intelligence processor removes `intel:` schedulers it does not declare itself. */
export const SNAPSHOT_SCHEDULER_ID = 'analytics:kpi-snapshots';
export const SNAPSHOT_EVERY_MS = 5 * 60_000;

export interface SnapshotRun {
  timezones: string[];
  requests: number;
  /** Requests whose entry was already at the current data version. */
  fresh: number;
  computed: number;
  failed: number;
  ms: number;
}

/**
 * KPI snapshots: keeps the management view's requests for every dashboard preset
 * warm in the result cache — the KPI summary, its sparkline series, the lifecycle
 * funnel and the monthly retention, in the business time zone(s). Runs on
 * QueueName.Analytics every SNAPSHOT_EVERY_MS and, debounced, after the data
 * version advanced (AnalyticsDataVersion). A request already at the current
 * version costs one Redis read, so a run without new data is cheap.
 */
export class KpiSnapshotService implements OnModuleInit {
  private readonly logger = new Logger('KpiSnapshots');

  constructor(
    private readonly analytics: AnalyticsService,
    private readonly timezones: string[],
    private readonly queue?: Queue,
    private readonly schedule = process.env.NODE_ENV !== 'test',
  ) {}

  onModuleInit(): void {
    registerAnalyticsHandler(SNAPSHOT_JOB, (payload) => this.refresh({ timezones: Array.isArray(payload.timezones) ? (payload.timezones as string[]) : undefined }));
    if (this.queue && this.schedule) {
      // Not awaited: a Redis that is down at start-up must not hold the process (BullMQ retries).
      this.queue
        .upsertJobScheduler(SNAPSHOT_SCHEDULER_ID, { every: SNAPSHOT_EVERY_MS }, { name: SNAPSHOT_JOB, data: { type: SNAPSHOT_JOB, payload: { reason: 'schedule' } } })
        .catch((e: Error) => this.logger.warn(`snapshot scheduler not declared: ${e.message}`));
    }
  }

  async refresh(opts: { timezones?: string[]; now?: Date } = {}): Promise<SnapshotRun> {
    const t0 = Date.now();
    const timezones = opts.timezones?.length ? opts.timezones : this.timezones.length ? this.timezones : [DEFAULT_CALENDAR.timeZone];
    const run: SnapshotRun = { timezones, requests: 0, fresh: 0, computed: 0, failed: 0, ms: 0 };
    const count = async (p: Promise<{ cached: boolean }>) => {
      run.requests++;
      try {
        if ((await p).cached) run.fresh++;
        else run.computed++;
      } catch (e) {
        run.failed++;
        this.logger.warn(`snapshot failed: ${(e as Error).message}`);
      }
    };
    for (const timezone of timezones) {
      let presets: ReturnType<typeof presetRanges>;
      try {
        presets = presetRanges(timezone, opts.now);
      } catch (e) {
        run.failed++;
        this.logger.warn(`snapshot time zone ${timezone} skipped: ${(e as Error).message}`);
        continue;
      }
      // One request at a time: the job shares the ClickHouse clients with live requests.
      for (const p of presets) {
        await count(this.analytics.kpisServed({ from: p.from, to: p.to, prevFrom: previousFrom(p.from, p.to), timezone, currency: 'CAD' }));
        await count(this.analytics.kpiSeries({ from: p.from, to: p.to, timezone, currency: 'CAD', buckets: SPARKLINE_BUCKETS }));
        await count(this.analytics.funnelServed(this.analytics.lifecycleQuery({ from: p.from, to: p.to, timezone, interval: intervalFor(p.from, p.to) })));
        await count(this.analytics.retentionServed(RetentionQuerySchema.parse({ from: p.from, to: p.to, timezone, interval: 'month', periods: 12 })));
      }
    }
    run.ms = Date.now() - t0;
    this.logger.log(`snapshots: ${run.computed} computed, ${run.fresh} already fresh, ${run.failed} failed in ${run.ms} ms`);
    return run;
  }
}
