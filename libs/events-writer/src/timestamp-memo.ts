import type { Redis } from 'ioredis';
import { chTime, fromChTime, type EventRow } from '@northstar/contracts';

/** Corrected timestamps this close to a UTC day boundary are pinned to their first value. */
/** Must stay ≤ 1 h: the text pre-filter below only looks at hours 23 and 00. */
export const DAY_EDGE_WINDOW_MS = 60 * 60 * 1000;
export const MEMO_TTL_SECONDS = 24 * 60 * 60;
const DAY_MS = 24 * 60 * 60 * 1000;

export function nearDayEdge(ts: Date, windowMs = DAY_EDGE_WINDOW_MS): boolean {
  const intoDay = ((ts.getTime() % DAY_MS) + DAY_MS) % DAY_MS;
  return intoDay < windowMs || DAY_MS - intoDay <= windowMs;
}

/**
 * Why: the events sort key starts with toDate(timestamp), and ReplacingMergeTree
 * only collapses rows with equal sort keys. A Segment SDK retry resends a message
 * with a new sentAt, so its skew-corrected timestamp differs from the first
 * delivery's by the difference in transit times (normally milliseconds). That
 * matters only if the two corrections fall on different UTC days, so only rows
 * within DAY_EDGE_WINDOW_MS of midnight are pinned: the first corrected timestamp
 * per event_id is kept in Redis (SET NX GET, 24 h TTL) and reused by later
 * deliveries. This keeps Redis memory at ~1/12 of the traffic instead of all of it.
 *
 * Residual risk (documented, accepted): a retry whose correction differs by more
 * than the window (a client clock jump of over an hour between attempts), or a
 * retry arriving more than 24 h after the first delivery near midnight, or the
 * memo lost with Redis, can land on another day and stay a second row.
 */
export async function pinDayEdgeTimestamps(redis: Redis, keyPrefix: string, rows: EventRow[]): Promise<number> {
  // Cheap pre-filter on the text ('YYYY-MM-DD HH…'): only hours 23 and 00 can be within the window.
  const edge = rows.filter((r) => {
    const hh = r.timestamp.slice(11, 13);
    return (hh === '23' || hh === '00') && r.source !== 'outbox' && nearDayEdge(fromChTime(r.timestamp));
  });
  if (!edge.length) return 0;
  const pipe = redis.pipeline();
  for (const r of edge) pipe.call('SET', `${keyPrefix}${r.event_id}`, r.timestamp, 'NX', 'GET', 'EX', MEMO_TTL_SECONDS);
  const results = (await pipe.exec()) ?? [];
  let changed = 0;
  edge.forEach((r, i) => {
    const [err, previous] = results[i] ?? [];
    if (err) throw err;
    if (typeof previous === 'string' && previous !== r.timestamp) {
      r.timestamp = chTime(fromChTime(previous));
      changed++;
    }
  });
  return changed;
}
