import { hash, randomUUID } from 'node:crypto';

/**
 * One row of the ClickHouse `events` table, exactly as inserted (JSONEachRow).
 * Timestamps are `YYYY-MM-DD HH:MM:SS.mmm` in UTC so both transports parse them
 * without `date_time_input_format` (which chdb would make sticky).
 */
export interface EventRow {
  event_id: string;
  message_id: string;
  type: string;
  event: string;
  source: string;
  user_id: string;
  anonymous_id: string;
  customer_id: string;
  account_id: string;
  timestamp: string;
  original_timestamp: string | null;
  sent_at: string | null;
  received_at: string;
  properties: string;
  context: string;
  traits: string;
  amount_minor: number;
  currency: string;
}

// A batch's rows share their receivedAt and sentAt (and often their timestamps): a
// few remembered conversions spare most toISOString calls on the ingestion path.
const CH_TIME_MEMO = 4;
const memoMs = new Array<number>(CH_TIME_MEMO).fill(NaN);
const memoText = new Array<string>(CH_TIME_MEMO).fill('');
let memoNext = 0;

/** ClickHouse DateTime64(3) text for a Date (UTC). */
export function chTime(d: Date): string {
  const ms = d.getTime();
  for (let i = 0; i < CH_TIME_MEMO; i++) if (memoMs[i] === ms) return memoText[i];
  const text = d.toISOString().slice(0, 23).replace('T', ' ');
  memoMs[memoNext] = ms;
  memoText[memoNext] = text;
  memoNext = (memoNext + 1) % CH_TIME_MEMO;
  return text;
}

/** Inverse of chTime, for rows read back from ClickHouse. */
export function fromChTime(s: string): Date {
  return new Date(s.replace(' ', 'T') + 'Z');
}

const NAMESPACE = 'northstar.events';

/**
 * The producer-minted event id of a Segment message: a name-based UUID (v5 layout
 * over sha1) of source + messageId. The same message re-sent by an SDK retry, or
 * re-delivered by the queue, always maps to the same id, hence the same row.
 */
export function segmentEventId(source: string, messageId: string): string {
  // One-shot crypto.hash: same digest as createHash().update()… over the joined text, without the Hash object.
  const h = hash('sha1', `${NAMESPACE}\0${source}\0${messageId}`, 'buffer') as unknown as Buffer;
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

export function newMessageId(): string {
  return randomUUID();
}
