import { hash, randomUUID } from 'node:crypto';

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

/** The message id given to a Segment message that arrived without one. */
export function newMessageId(): string {
  return randomUUID();
}
