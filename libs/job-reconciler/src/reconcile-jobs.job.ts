import { Logger } from '@nestjs/common';
import { QueueJob, QueueName, type NoPayload, type QueueJobHandler } from '@northstar/queues';
import { JobReconciler } from './job-reconciler';

/** How often the scheduled reconcile runs: it catches what no Redis loss announces (a job removed by hand, a crash between a commit and its job). */
export const RECONCILE_EVERY_MS = 15 * 60_000;

declare module '@northstar/queues' {
  interface JobDefinitions {
    /** Rebuilds schedulers and due reminders from Postgres (JobReconciler). */
    'reconcile-jobs': { queue: QueueName.System; payload: NoPayload };
  }
}

/**
 * The reconciler on its own schedule. That schedule lives in Redis and goes when Redis
 * loses its data, so it is not what brings things back after a loss: ReconcileWatch
 * is (and it re-declares this schedule too).
 */
@QueueJob('reconcile-jobs', QueueName.System)
export class ReconcileJobsJob implements QueueJobHandler<'reconcile-jobs'> {
  private readonly logger = new Logger('JobReconciler');

  constructor(private readonly reconciler: JobReconciler) {}

  schedule() {
    return { every: RECONCILE_EVERY_MS, payload: {} };
  }

  async handle() {
    const report = await this.reconciler.reconcile();
    if (report.restored) this.logger.warn(`added ${report.restored} of ${report.due} due jobs Redis did not have`);
    return report;
  }
}
