import { customerEventsCondition } from '@northstar/identity';

// Plain columns: aliasing e.g. toString(timestamp) AS timestamp would shadow the
// column in WHERE/ORDER BY. JSONEachRow already renders UUID and DateTime64 as text.
export const TIMELINE_COLUMNS = `event_id, message_id, type, event, source, user_id, anonymous_id,
  customer_id, account_id, timestamp, received_at, properties, traits, amount_minor, currency`;

/**
 * One page of a customer's timeline, newest first. Keyset pagination on
 * (timestamp, event_id): stable while new events arrive, unlike OFFSET.
 * Binds {customerId:String}, {limit:UInt32} and, after the first page,
 * {cursorTs:String} and {cursorId:String}.
 */
export function customerTimelineSql(withCursor: boolean): string {
  return `SELECT ${TIMELINE_COLUMNS}
    FROM events FINAL
    WHERE ${customerEventsCondition('customerId')}
      ${withCursor ? `AND (timestamp, event_id) < (toDateTime64({cursorTs:String}, 3, 'UTC'), toUUID({cursorId:String}))` : ''}
    ORDER BY timestamp DESC, event_id DESC
    LIMIT {limit:UInt32}`;
}

/** Events per name over [from, to). Binds {from:String}, {to:String} and optionally {event:String}. */
export function eventCountsSql(withEvent: boolean): string {
  return `SELECT event, type, count() AS count
    FROM events FINAL
    WHERE timestamp >= toDateTime64({from:String}, 3, 'UTC') AND timestamp < toDateTime64({to:String}, 3, 'UTC')
      ${withEvent ? 'AND event = {event:String}' : ''}
    GROUP BY event, type
    ORDER BY count DESC, event`;
}
