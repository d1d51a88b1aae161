import { Logger, type OnModuleDestroy } from '@nestjs/common';
import { QueueName, type JobProducer } from '@northstar/queues';
import type { AnalyticsCacheService } from './analytics-cache.service';

/** New data triggers one snapshot refresh per this window (BullMQ deduplication, like the health drain). */
export const SNAPSHOT_DEBOUNCE_MS = 15_000;
/** The data version advances at most once per this interval per process (a trailing bump covers the rest). */
export const DATA_VERSION_MIN_INTERVAL_MS = 1000;

/**
 * Advances the analytics data version after events reach ClickHouse. Writers call
 * `changed()` after every successful insert; it never throws and never waits.
 * At most one INCR per second per process: the first change bumps at once, later
 * ones within the second schedule one trailing bump, so every insert is followed
 * by a bump at most ~1 s later — that is the cache's freshness bound for
 * non-preset requests. Each bump also asks for a (debounced) snapshot refresh.
 */
export class AnalyticsDataVersion implements OnModuleDestroy {
  private readonly logger = new Logger('AnalyticsDataVersion');
  private last = 0;
  private timer?: NodeJS.Timeout;
  private inFlight: Promise<void> = Promise.resolve();
  private closed = false;
  readonly stats = { changes: 0, bumps: 0 };

  constructor(
    private readonly cache: AnalyticsCacheService,
    private readonly jobs?: JobProducer,
    private readonly refreshOnChange = true,
  ) {}

  changed(): void {
    this.stats.changes++;
    if (this.closed) return this.bump(); // a writer's last flush during shutdown: no timers any more
    if (this.timer) return;
    const wait = this.last + DATA_VERSION_MIN_INTERVAL_MS - Date.now();
    if (wait <= 0) this.bump();
    else
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.bump();
      }, wait);
  }

  /** Resolves once every change reported so far is reflected in the version (tests, shutdown). */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.bump();
    }
    await this.inFlight;
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  private bump(): void {
    this.last = Date.now();
    this.inFlight = this.inFlight.then(async () => {
      try {
        await this.cache.bumpDataVersion();
        this.stats.bumps++;
      } catch (e) {
        // Redis is down: entries cannot be read meanwhile, but they may be again once it is
        // back (a partition, not a restart), so keep retrying until the bump lands.
        this.logger.warn(`analytics data version not advanced, retrying: ${(e as Error).message}`);
        if (!this.timer && !this.closed) {
          this.timer = setTimeout(() => {
            this.timer = undefined;
            this.bump();
          }, DATA_VERSION_MIN_INTERVAL_MS);
          this.timer.unref();
        }
        return;
      }
      if (this.refreshOnChange && this.jobs) {
        await this.jobs
          .add(QueueName.Analytics, 'refresh-kpi-snapshots', { reason: 'data' }, { delay: SNAPSHOT_DEBOUNCE_MS, deduplication: { id: 'refresh-kpi-snapshots', ttl: SNAPSHOT_DEBOUNCE_MS } })
          .catch((e: Error) => this.logger.warn(`snapshot refresh not queued: ${e.message}`));
      }
    });
  }
}
