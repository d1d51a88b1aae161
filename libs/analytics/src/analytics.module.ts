import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@northstar/config';
import { ClickhouseService } from '@northstar/clickhouse';
import { EventsStoredHooksModule } from '@northstar/events-writer';
import { JobProducer } from '@northstar/queues';
import { AnalyticsCacheService } from './analytics-cache.service';
import { AnalyticsController } from './analytics.controller';
import { AnalyticsService } from './analytics.service';
import { AnalyticsDataVersion } from './data-version.service';
import { AnalyticsEventsSubscriber } from './events-stored.subscriber';
import { KpiSnapshotService } from './kpi-snapshots.service';
import { RefreshKpiSnapshotsJob } from './refresh-kpi-snapshots.job';

/**
 * The result cache and the data version. The events writer's new rows advance the
 * version through EventsStoredHooks; the module is global so that a writer of its
 * own (the demo history import) can report new data with an optional injection of
 * AnalyticsDataVersion.
 */
@Global()
@Module({
  imports: [EventsStoredHooksModule],
  providers: [
    AnalyticsEventsSubscriber,
    {
      provide: AnalyticsCacheService,
      useFactory: (config: AppConfig, ch: ClickhouseService) => new AnalyticsCacheService({ redisUrl: config.REDIS_URL, prefix: config.QUEUE_PREFIX, scope: ch.database }),
      inject: [APP_CONFIG, ClickhouseService],
    },
    {
      provide: AnalyticsDataVersion,
      // Tests keep the version bump but do not queue background snapshot refreshes.
      useFactory: (cache: AnalyticsCacheService, jobs?: JobProducer) => new AnalyticsDataVersion(cache, jobs, process.env.NODE_ENV !== 'test'),
      inject: [AnalyticsCacheService, { token: JobProducer, optional: true }],
    },
  ],
  exports: [AnalyticsCacheService, AnalyticsDataVersion],
})
export class AnalyticsCacheModule {}

/** Funnels, retention and KPIs over ClickHouse; saved funnels and KPI targets in Postgres; KPI snapshots. */
@Module({
  imports: [AnalyticsCacheModule],
  controllers: [AnalyticsController],
  providers: [
    AnalyticsService,
    {
      provide: KpiSnapshotService,
      useFactory: (analytics: AnalyticsService, config: AppConfig) => new KpiSnapshotService(analytics, config.ANALYTICS_SNAPSHOT_TIMEZONES),
      inject: [AnalyticsService, APP_CONFIG],
    },
    RefreshKpiSnapshotsJob,
  ],
  exports: [AnalyticsService, KpiSnapshotService],
})
export class AnalyticsModule {}
