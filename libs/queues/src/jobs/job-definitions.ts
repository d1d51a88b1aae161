import type { EventRow } from '@northstar/contracts';
import type { QueueName } from '../queue-registry';

/**
 * Every job of the platform, by name: the queue it runs on and its payload.
 *
 * This interface is open: each lib declares its own jobs beside their job classes,
 * by module augmentation —
 *
 *     declare module '@northstar/queues' {
 *       interface JobDefinitions {
 *         'invoice-reminder': { queue: QueueName.Reminders; payload: { reminderId: string } };
 *       }
 *     }
 *
 * so the registry stays on the ground floor while the payload types live with the
 * code that owns them. A job class (`@QueueJob`) must accept exactly its payload and
 * producers (`JobProducer.add`) must send it to its queue: a wrong field or a wrong
 * queue fails to compile on both sides. BullMQ's job name is the dispatch key; the
 * job's data is the payload itself.
 */
export interface JobDefinitions {
  /** Answered by every queue's processor: proves producer → Redis → consumer end to end. */
  ping: { queue: QueueName; payload: PingPayload };
  /** Rows bound for ClickHouse: an accepted Segment batch or a slice of the outbox. */
  'store-rows': { queue: QueueName.Events; payload: EventRowsPayload };
  /** Rows the writer gave up on, kept for inspection and replay (`npm run events:dlq`). */
  'dead-rows': { queue: QueueName.EventsDeadLetter; payload: EventRowsPayload };
}

export interface PingPayload {
  sentAt: string;
  nonce: string;
}

export interface EventRowsPayload {
  /** 'segment' (API ingestion) or 'outbox' (lifecycle events). */
  origin: 'segment' | 'outbox';
  rows: EventRow[];
  /** Outbox row ids to mark delivered once the rows are in ClickHouse. */
  outboxIds?: string[];
  /** Set on dead letters: why the writer gave up, when, and which events job it was. */
  error?: string;
  failedAt?: string;
  originalJobId?: string;
}

/** A scheduled sweep with nothing to say: the schedule itself is the message. */
export type NoPayload = Record<string, never>;

export type JobName = keyof JobDefinitions;
export type JobQueue<N extends JobName> = JobDefinitions[N]['queue'];
export type JobPayload<N extends JobName> = JobDefinitions[N]['payload'];
/** The jobs that run on queue Q. */
export type JobsOn<Q extends QueueName> = { [N in JobName]: Q extends JobQueue<N> ? N : never }[JobName];
