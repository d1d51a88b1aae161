import { Injectable, Logger } from '@nestjs/common';
import { withTimeout } from '@northstar/async';
import { ApiError } from '@northstar/http';
import { JobProducer, QueueName } from '@northstar/queues';
import type { TrackingMessage } from './tracking-message.schema';
import { toEventRow } from './tracking-row';

/** How long an accepted batch may wait for Redis before the client is told to retry. */
export const ENQUEUE_TIMEOUT_MS = 2_000;

/**
 * Turns validated messages into event rows and makes them durable: the 200 is
 * sent only after Redis has the job (BullMQ's add resolves after the MULTI that
 * stores it). If Redis is not connected we answer 503 at once — the SDKs retry
 * 5xx, and the same messageIds then map to the same event ids.
 */
@Injectable()
export class IngestionService {
  private readonly logger = new Logger('Ingestion');

  constructor(private readonly jobs: JobProducer) {}

  async accept(source: string, messages: TrackingMessage[], envelope: { sentAt?: Date; context?: Record<string, unknown> }): Promise<number> {
    const receivedAt = new Date();
    const rows = messages.map((m) => toEventRow(m, { source, receivedAt, sentAt: envelope.sentAt, context: envelope.context }));
    const client = await this.jobs.queue(QueueName.Events).getBackend().client;
    if (client.status !== 'ready') throw this.unavailable(`redis ${client.status}`);
    try {
      await withTimeout(this.jobs.add(QueueName.Events, 'store-rows', { origin: 'segment', rows }), ENQUEUE_TIMEOUT_MS, 'enqueue timed out');
    } catch (e) {
      throw this.unavailable((e as Error).message);
    }
    return rows.length;
  }

  private unavailable(why: string): ApiError {
    this.logger.warn(`ingestion refused, queue unavailable: ${why}`);
    return ApiError.unavailable('Event queue unavailable; retry with backoff', { headers: { 'retry-after': '1' } });
  }
}
