import { Global, Module } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '@northstar/config';
import { ClickhouseService } from '@northstar/clickhouse';
import { EventsStoredHooksModule } from '@northstar/events-writer';
import { QueueName } from '@northstar/queues';
import { AnalyticsCacheService } from './analytics-cache.service';
import { AnalyticsController } from './analytics.controller';
import { AnalyticsService } from './analytics.service';
import { AnalyticsDataVersion } from './data-version.service';
import { AnalyticsEventsSubscriber } from './events-stored.subscriber';
import { KpiSnapshotService } from './kpi-snapshots.service';

const analyticsQueue = { token: getQueueToken(QueueName.Analytics), optional: true };

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
      useFactory: (cache: AnalyticsCacheService, queue?: Queue) => new AnalyticsDataVersion(cache, queue, process.env.NODE_ENV !== 'test'),
      inject: [AnalyticsCacheService, analyticsQueue],
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
      useFactory: (analytics: AnalyticsService, config: AppConfig, queue?: Queue) => new KpiSnapshotService(analytics, config.ANALYTICS_SNAPSHOT_TIMEZONES, queue),
      inject: [AnalyticsService, APP_CONFIG, analyticsQueue],
    },
  ],
  exports: [AnalyticsService, KpiSnapshotService],
})
export class AnalyticsModule {}
