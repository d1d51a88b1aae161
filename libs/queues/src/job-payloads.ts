import type { QueueName } from './queue-registry';

/**
 * Typed job payloads, one union per queue: `{ type, payload }`. Producers and
 * processors both use these, so a renamed field fails to compile on both sides.
 */
export interface EventRowsJob {
  type: 'rows';
  payload: {
    /** 'segment' (API ingestion) or 'outbox' (lifecycle events). */
    origin: 'segment' | 'outbox';
    rows: Record<string, unknown>[];
    /** Outbox row ids to mark delivered once the rows are in ClickHouse. */
    outboxIds?: string[];
    /** Set on dead letters: why the writer gave up, when, and which events job it was. */
    error?: string;
    failedAt?: string;
    originalJobId?: string;
  };
}

export interface PingJob {
  type: 'ping';
  payload: { sentAt: string; nonce: string };
}

export interface ScheduledJob<T extends string = string> {
  type: T;
  payload: Record<string, unknown>;
}

export interface QueuePayloads {
  [QueueName.Events]: EventRowsJob | PingJob;
  [QueueName.EventsDeadLetter]: EventRowsJob;
  [QueueName.Outbox]: ScheduledJob<'relay'> | PingJob;
  [QueueName.Analytics]: ScheduledJob | PingJob;
  [QueueName.Interventions]: ScheduledJob | PingJob;
  [QueueName.Reminders]: ScheduledJob | PingJob;
  [QueueName.Notifications]: ScheduledJob | PingJob;
  [QueueName.System]: PingJob;
}

export type JobOf<Q extends QueueName> = QueuePayloads[Q];
