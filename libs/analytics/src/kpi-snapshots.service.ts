import { Logger } from '@nestjs/common';
import { DEFAULT_CALENDAR } from '@northstar/business-hours';
import { previousFrom } from './analytics.schemas';
import type { AnalyticsService } from './analytics.service';
import { RetentionQuerySchema } from './retention.sql';
import { intervalFor, presetRanges, SPARKLINE_BUCKETS } from './snapshot-presets';

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
 * funnel and the monthly retention, in the business time zone(s). Runs as the
 * `refresh-kpi-snapshots` job (refresh-kpi-snapshots.job.ts): every
 * SNAPSHOT_EVERY_MS and, debounced, after the data version advanced
 * (AnalyticsDataVersion). A request already at the current version costs one
 * Redis read, so a run without new data is cheap.
 */
export class KpiSnapshotService {
  private readonly logger = new Logger('KpiSnapshots');

  constructor(
    private readonly analytics: AnalyticsService,
    private readonly timezones: string[],
  ) {}

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
