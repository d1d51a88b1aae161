import { chTime, type EventRow } from '@northstar/contracts';

export interface OutboxRecord {
  id: string;
  seq: bigint | number | string;
  aggregateType: string;
  aggregateId: string;
  eventName: string;
  customerId: string | null;
  accountId: string | null;
  payload: unknown;
  occurredAt: Date;
  attempts: number;
}

/**
 * A lifecycle event as an events row. event_id is the outbox row id, and every
 * sort-key column (occurredAt, name) comes from the committed row, so however
 * often the relay re-sends it the row is the same one.
 */
export function outboxToEventRow(r: OutboxRecord, now = new Date()): EventRow {
  const props = (r.payload && typeof r.payload === 'object' ? r.payload : {}) as Record<string, unknown>;
  const amount = props.amountMinor;
  return {
    event_id: r.id,
    message_id: r.id,
    type: 'lifecycle',
    event: r.eventName,
    source: 'outbox',
    user_id: '',
    anonymous_id: '',
    customer_id: r.customerId ?? '',
    account_id: r.accountId ?? '',
    timestamp: chTime(r.occurredAt),
    original_timestamp: chTime(r.occurredAt),
    sent_at: null,
    received_at: chTime(now),
    properties: JSON.stringify({ ...props, aggregateType: r.aggregateType, aggregateId: r.aggregateId }),
    context: '{}',
    traits: '{}',
    amount_minor: typeof amount === 'number' && Number.isSafeInteger(amount) ? amount : 0,
    currency: typeof props.currency === 'string' ? props.currency : '',
  };
}
