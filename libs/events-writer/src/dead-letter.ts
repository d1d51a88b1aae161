import type { Queue } from 'bullmq';
import type { EventRowsPayload } from '@northstar/queues';

export interface DeadLetterSummary {
  id: string;
  origin: string;
  rows: number;
  error?: string;
  failedAt?: string;
  originalJobId?: string;
  firstEventIds: string[];
}

/**
 * Dead letters wait in their queue (nothing consumes it) until an operator looks:
 * `npm run events:dlq -- list` shows them, `… replay [id…]` puts them back on the
 * events queue. Replay is safe to repeat: event ids are stable, so rows that did
 * land before are collapsed by FINAL reads.
 */
export async function listDeadLetters(dlq: Queue): Promise<DeadLetterSummary[]> {
  const jobs = await dlq.getJobs(['waiting', 'delayed', 'failed', 'prioritized'], 0, -1, true);
  return jobs
    .filter(Boolean)
    .map((j) => {
      const p = j.data as EventRowsPayload;
      return {
        id: String(j.id),
        origin: p.origin,
        rows: p.rows.length,
        error: p.error,
        failedAt: p.failedAt,
        originalJobId: p.originalJobId,
        firstEventIds: p.rows.slice(0, 3).map((r) => String(r.event_id)),
      };
    });
}

export async function replayDeadLetters(dlq: Queue, events: Queue, ids?: string[]): Promise<string[]> {
  const wanted = ids?.length ? new Set(ids) : undefined;
  const jobs = (await dlq.getJobs(['waiting', 'delayed', 'failed', 'prioritized'], 0, -1, true)).filter(
    (j) => j && (!wanted || wanted.has(String(j.id))),
  );
  const replayed: string[] = [];
  for (const j of jobs) {
    const { error: _e, failedAt: _f, originalJobId: _o, ...payload } = j.data as EventRowsPayload;
    await events.add('store-rows', payload);
    await j.remove();
    replayed.push(String(j.id));
  }
  return replayed;
}
