import { Injectable, type Type } from '@nestjs/common';
import type { Job, JobsOptions } from 'bullmq';
import type { JobName, JobPayload, JobQueue } from './job-definitions';

/** When a job runs on its own: a fixed interval or a cron pattern, with the payload it gets. */
export type JobSchedule<N extends JobName> = ({ every: number } | { pattern: string }) & { payload: JobPayload<N> };

/**
 * One instance of a delayed one-off job that Postgres says is still to run: enough to
 * add it again under the same id (a no-op while Redis still has it).
 */
export interface PendingJob<N extends JobName> {
  jobId: string;
  payload: JobPayload<N>;
  /** When it is due; a time already past runs it at once. */
  runAt: Date;
}

/**
 * Job options that add a pending job under its id, delayed until it is due on the real
 * clock (queue delays know no other), so a job due in the past runs at once.
 */
export function pendingJobOptions(job: PendingJob<JobName>, nowMs = Date.now()): JobsOptions {
  return { jobId: job.jobId, delay: Math.max(0, job.runAt.getTime() - nowMs) };
}

/**
 * One job: what runs when a job of this name is taken from its queue. A class per
 * job, in a file named `<what-it-does>.job.ts`, provided by the module that owns it;
 * the workers host finds it by its `@QueueJob` metadata and dispatches by job name.
 */
export interface QueueJobHandler<N extends JobName> {
  // A property, not a method: methods compare their parameters both ways, so a
  // handler expecting a field the payload lacks would still compile.
  handle: (payload: JobPayload<N>, job: Job<JobPayload<N>>) => Promise<unknown>;
  /** A recurring job returns its schedule (read at start-up, so it may come from settings); undefined = none. */
  schedule?(): JobSchedule<N> | undefined;
  /**
   * A delayed one-off job whose truth is in Postgres lists the instances still due, read
   * from there: after Redis lost them (or anyone removed them) the job reconciler adds
   * them again. An instance already done per Postgres must not be listed.
   */
  pendingJobs?(now: Date): Promise<PendingJob<N>[]>;
  /**
   * Called once this process consumes the job's queue (its processor has started):
   * what a job does on its own between jobs (the outbox relay's poll) starts here,
   * so a process that does not consume the queue does not do it either.
   */
  onWorkerStarted?(): void;
  /**
   * Called when the queue's worker begins to close, before it waits for the jobs in
   * flight: a handler that holds jobs open (the batching ClickHouse writer) flushes here.
   */
  onWorkerClosing?(): Promise<void> | void;
}

export const QUEUE_JOB_METADATA = 'northstar:queue-job';

export interface QueueJobMetadata {
  name: JobName;
  queue: JobQueue<JobName>;
}

/**
 * Marks a class as the handler of job `name` on `queue` (and makes it injectable).
 * The queue must be the one `JobDefinitions` declares for the name, and the class's
 * `handle` must take that job's payload; either mistake fails to compile.
 */
export function QueueJob<N extends Exclude<JobName, 'ping'>>(name: N, queue: JobQueue<N>) {
  return (target: Type<QueueJobHandler<N>>): void => {
    const meta: QueueJobMetadata = { name, queue };
    Reflect.defineMetadata(QUEUE_JOB_METADATA, meta, target);
    Injectable()(target);
  };
}

export function queueJobMetadata(target: unknown): QueueJobMetadata | undefined {
  return typeof target === 'function' ? Reflect.getMetadata(QUEUE_JOB_METADATA, target) : undefined;
}
