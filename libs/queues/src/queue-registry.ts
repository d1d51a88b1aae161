import type { JobsOptions } from 'bullmq';

/** Every BullMQ queue of the platform. Add a name here and the compiler asks for its settings. */
export enum QueueName {
  /** Rows bound for ClickHouse (accepted Segment batches, relayed outbox events). */
  Events = 'events',
  /** Batches the ClickHouse writer gave up on; inspect and replay with `npm run events:dlq`. */
  EventsDeadLetter = 'events-dead-letter',
  /** Moves committed outbox rows to the events queue. */
  Outbox = 'outbox',
  /** Scheduled analytics: health, churn, segments, KPI snapshots. */
  Analytics = 'analytics',
  /** Intervention rules, customer-success tasks, nurture steps. */
  Interventions = 'interventions',
  /** Timed reminders: appointments, invoices, quote follow-ups. */
  Reminders = 'reminders',
  /** Outgoing email / SMS / webhooks. */
  Notifications = 'notifications',
  /** Heartbeats and maintenance (readiness round trips, scheduler bookkeeping). */
  System = 'system',
}

export interface QueueConfig {
  /** Jobs one worker process runs at once. */
  concurrency: number;
  attempts: number;
  backoff: { type: 'exponential' | 'fixed'; delay: number };
  /** Completed jobs kept for inspection (count). */
  removeOnComplete: number;
  /** Failed jobs kept; `false` keeps them all (nothing accepted is ever dropped). */
  removeOnFail: number | false;
}

export const QUEUE_CONFIG: Record<QueueName, QueueConfig> = {
  [QueueName.Events]: {
    // High on purpose: the batching writer holds each job active until the buffer
    // holding its rows is flushed, so concurrency bounds the rows one flush can batch.
    concurrency: 256,
    attempts: 12,
    backoff: { type: 'exponential', delay: 500 },
    // Each job carries a whole accepted batch (tens of KB): keep few once done.
    removeOnComplete: 200,
    removeOnFail: false,
  },
  [QueueName.EventsDeadLetter]: {
    concurrency: 1,
    attempts: 1,
    backoff: { type: 'fixed', delay: 1000 },
    removeOnComplete: 1000,
    removeOnFail: false,
  },
  [QueueName.Outbox]: {
    concurrency: 1,
    attempts: 5,
    backoff: { type: 'exponential', delay: 200 },
    removeOnComplete: 100,
    removeOnFail: 1000,
  },
  [QueueName.Analytics]: {
    concurrency: 1,
    attempts: 3,
    backoff: { type: 'exponential', delay: 5000 },
    removeOnComplete: 200,
    removeOnFail: 1000,
  },
  [QueueName.Interventions]: {
    concurrency: 4,
    attempts: 5,
    backoff: { type: 'exponential', delay: 1000 },
    removeOnComplete: 1000,
    removeOnFail: false,
  },
  [QueueName.Reminders]: {
    concurrency: 4,
    attempts: 5,
    backoff: { type: 'exponential', delay: 1000 },
    removeOnComplete: 1000,
    removeOnFail: false,
  },
  [QueueName.Notifications]: {
    concurrency: 4,
    attempts: 8,
    backoff: { type: 'exponential', delay: 2000 },
    removeOnComplete: 1000,
    removeOnFail: false,
  },
  [QueueName.System]: {
    concurrency: 2,
    attempts: 3,
    backoff: { type: 'fixed', delay: 500 },
    removeOnComplete: 100,
    removeOnFail: 100,
  },
};

export function defaultJobOptions(name: QueueName): JobsOptions {
  const c = QUEUE_CONFIG[name];
  return {
    attempts: c.attempts,
    backoff: c.backoff,
    removeOnComplete: c.removeOnComplete,
    removeOnFail: c.removeOnFail === false ? false : c.removeOnFail,
  };
}

/**
 * Queues no process consumes: dead letters wait for an operator (`npm run events:dlq`);
 * a consumer would only fail them, since no job handles 'dead-rows'.
 */
const NOT_CONSUMED: ReadonlySet<QueueName> = new Set([QueueName.EventsDeadLetter]);

/** Queues a worker process consumes: WORKER_QUEUES (comma list) or all, less those nothing consumes. */
export function consumedQueues(selected: string[]): QueueName[] {
  const all = Object.values(QueueName);
  const unknown = selected.filter((s) => !all.includes(s as QueueName));
  if (unknown.length) throw new Error(`WORKER_QUEUES: unknown queue(s) ${unknown.join(', ')}; known: ${all.join(', ')}`);
  return (selected.length ? (selected as QueueName[]) : all).filter((q) => !NOT_CONSUMED.has(q));
}
