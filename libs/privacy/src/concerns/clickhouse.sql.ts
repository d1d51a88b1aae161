/**
 * SQL for a customer's ClickHouse footprint. Ids bound as parameters, never
 * concatenated. On a cluster, lightweight DELETE must target the shard-local
 * table ON CLUSTER (a Distributed table refuses it); `cluster` switches that.
 */
export interface ChTarget {
  cluster?: string;
}

const local = (t: string, c: ChTarget) => (c.cluster ? `${t}_local ON CLUSTER ${c.cluster}` : t);

/** Ids (user ids, anonymous ids) linked to the customer, one hop from the given ids. */
export const linkedIdsSql = () =>
  `SELECT DISTINCT from_id FROM identity_links FINAL
   WHERE kind IN ('user', 'anonymous') AND has({to:Array(String)}, to_id) AND from_id != ''`;

const eventsWhere = `customer_id = {customerId:String} OR has({ids:Array(String)}, user_id) OR has({ids:Array(String)}, anonymous_id)`;

export const exportEventsSql = () =>
  `SELECT event_id, message_id, type, event, source, user_id, anonymous_id, customer_id, account_id,
          timestamp, received_at, properties, context, traits, amount_minor, currency
   FROM events FINAL WHERE ${eventsWhere} ORDER BY timestamp`;

export const countEventsSql = () => `SELECT count() AS n FROM events WHERE ${eventsWhere}`;

export const deleteEventsSql = (c: ChTarget) => `DELETE FROM ${local('events', c)} WHERE ${eventsWhere}`;

const linksWhere = `to_id = {customerId:String} OR has({ids:Array(String)}, from_id) OR has({ids:Array(String)}, to_id)`;

export const exportLinksSql = () =>
  `SELECT kind, from_id, to_id, via, message_id, linked_at FROM identity_links FINAL WHERE ${linksWhere} ORDER BY linked_at`;

export const countLinksSql = () => `SELECT count() AS n FROM identity_links WHERE ${linksWhere}`;

export const deleteLinksSql = (c: ChTarget) => `DELETE FROM ${local('identity_links', c)} WHERE ${linksWhere}`;
