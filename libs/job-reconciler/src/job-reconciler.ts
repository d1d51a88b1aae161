import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { APP_CONFIG, type AppConfig } from '@northstar/config';
import { JobProducer, QueueJobsRegistry, QueueName, consumedQueues, pendingJobOptions, queueProcessor } from '@northstar/queues';

export interface ReconcileReport {
  /** Queues whose schedules this process declared again. */
  scheduledQueues: QueueName[];
  /** Delayed jobs Postgres lists as still due. */
  due: number;
  /** Of those, the ones Redis did not have and that were added again. */
  restored: number;
}

/**
 * Rebuilds from Postgres what Redis alone held about the future, so that losing Redis
 * delays work but never drops it:
 * - the schedulers of the queues this process consumes (each processor's
 *   `declareSchedules()`, as at start-up): sweeps, snapshots, intelligence runs, and
 *   the reconciler's own schedule;
 * - the delayed one-off jobs (reminders) whose job classes list what is still due in
 *   Postgres (`pendingJobs()`), added again under their ids: one Redis still has is left
 *   alone, a due time already past runs at once, and a job never lists what Postgres
 *   records as done, so nothing is sent twice.
 * Idempotent: running it on a Redis that lost nothing changes nothing.
 */
@Injectable()
export class JobReconciler {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: QueueJobsRegistry,
    private readonly producer: JobProducer,
    private readonly moduleRef: ModuleRef,
  ) {}

  async reconcile(now = new Date()): Promise<ReconcileReport> {
    const scheduledQueues = consumedQueues(this.config.WORKER_QUEUES);
    for (const queue of scheduledQueues) await this.moduleRef.get(queueProcessor(queue), { strict: false }).declareSchedules();
    let due = 0;
    let restored = 0;
    for (const queue of Object.values(QueueName)) {
      for (const [name, handler] of this.registry.handlers(queue)) {
        for (const job of (await handler.pendingJobs?.(now)) ?? []) {
          due++;
          const q = this.producer.queue(queue);
          if (await q.getJob(job.jobId)) continue;
          await q.add(name, job.payload, pendingJobOptions(job));
          restored++;
        }
      }
    }
    return { scheduledQueues, due, restored };
  }
}
