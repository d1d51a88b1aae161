import { QueueJob, QueueName, type QueueJobHandler } from '@northstar/queues';
import { KpiSnapshotService, SNAPSHOT_EVERY_MS } from './kpi-snapshots.service';

export interface RefreshKpiSnapshotsPayload {
  /** What asked: the schedule, or new data (AnalyticsDataVersion, debounced). */
  reason: 'schedule' | 'data';
  /** Time zones to refresh instead of ANALYTICS_SNAPSHOT_TIMEZONES. */
  timezones?: string[];
}

declare module '@northstar/queues' {
  interface JobDefinitions {
    /** Keeps the dashboard presets warm in the analytics result cache. */
    'refresh-kpi-snapshots': { queue: QueueName.Analytics; payload: RefreshKpiSnapshotsPayload };
  }
}

/** Runs a KPI snapshot refresh every SNAPSHOT_EVERY_MS, and when new data asks for one. */
@QueueJob('refresh-kpi-snapshots', QueueName.Analytics)
export class RefreshKpiSnapshotsJob implements QueueJobHandler<'refresh-kpi-snapshots'> {
  constructor(private readonly snapshots: KpiSnapshotService) {}

  schedule() {
    return { every: SNAPSHOT_EVERY_MS, payload: { reason: 'schedule' as const } };
  }

  handle(payload: RefreshKpiSnapshotsPayload) {
    return this.snapshots.refresh({ timezones: payload.timezones });
  }
}
