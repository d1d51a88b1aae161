import { chTime, newMessageId, segmentEventId, type EventRow } from '@northstar/contracts';
import type { TrackingMessage } from './tracking-message.schema';

export interface RowContext {
  source: string;
  receivedAt: Date;
  /** The batch envelope's sentAt / context, which apply to every message without its own. */
  sentAt?: Date;
  context?: Record<string, unknown>;
}

/**
 * Segment's clock-skew correction: the client clock may be wrong, but the
 * difference between its timestamp and its sentAt is right, so
 * timestamp = receivedAt − (sentAt − originalTimestamp). An event sent days
 * late keeps its own day. Without sentAt the client's timestamp is trusted;
 * without a timestamp the event happened when received.
 */
export function correctedTimestamp(original: Date | undefined, sentAt: Date | undefined, receivedAt: Date): Date {
  if (!original) return receivedAt;
  if (!sentAt) return original;
  return new Date(receivedAt.getTime() - (sentAt.getTime() - original.getTime()));
}

const json = (v: unknown) => (v === undefined || v === null ? '{}' : JSON.stringify(v));

export function toEventRow(m: TrackingMessage, ctx: RowContext): EventRow {
  const messageId = m.messageId ?? newMessageId();
  const original = m.timestamp ?? m.originalTimestamp;
  const sentAt = m.sentAt ?? ctx.sentAt;
  const context = ctx.context ? { ...ctx.context, ...(m.context ?? {}) } : m.context;
  let event = '';
  let properties: unknown = m.properties;
  let traits: unknown = m.traits;
  if (m.type === 'track') event = m.event ?? '';
  else if (m.type === 'page' || m.type === 'screen') event = m.name ?? '';
  else if (m.type === 'alias') properties = { ...(m.properties ?? {}), previousId: m.previousId };
  if (m.type === 'identify' && !traits && context && typeof context.traits === 'object') traits = context.traits;
  return {
    event_id: segmentEventId(ctx.source, messageId),
    message_id: messageId,
    type: m.type,
    event,
    source: ctx.source,
    user_id: m.userId ?? '',
    anonymous_id: m.anonymousId ?? '',
    customer_id: '',
    account_id: m.type === 'group' ? (m.groupId ?? '') : '',
    timestamp: chTime(correctedTimestamp(original, sentAt, ctx.receivedAt)),
    original_timestamp: original ? chTime(original) : null,
    sent_at: sentAt ? chTime(sentAt) : null,
    received_at: chTime(ctx.receivedAt),
    properties: json(properties),
    context: json(context),
    traits: json(traits),
    amount_minor: 0,
    currency: '',
  };
}
