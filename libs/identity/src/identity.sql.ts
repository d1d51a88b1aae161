/**
 * Query-time attribution: which events belong to a customer. An event is the
 * customer's if it was attributed at ingestion (customer_id), or its userId is
 * the customer id or linked to it, or its anonymousId (or alias previousId) is
 * linked to such a userId or to the customer directly. Because it is computed at
 * read time, an identify that arrives after a visitor's anonymous events still
 * attributes them. Alias chains are followed one level (anonymous → user → customer).
 *
 * Returns a boolean SQL condition over `events` binding `{customerId:String}`.
 */
export function customerEventsCondition(param = 'customerId'): string {
  const c = `{${param}:String}`;
  const users = `SELECT from_id FROM identity_links WHERE kind = 'user' AND to_id = ${c}`;
  const anons = `SELECT from_id FROM identity_links WHERE kind = 'anonymous' AND (to_id = ${c} OR to_id IN (${users}))`;
  return `(customer_id = ${c} OR user_id = ${c} OR user_id IN (${users}) OR (anonymous_id != '' AND anonymous_id IN (${anons})))`;
}

/** The links that explain a customer's attribution, newest first. */
export function customerLinksSql(): string {
  return `SELECT kind, from_id, to_id, via, message_id, toString(linked_at) AS linked_at
          FROM identity_links FINAL
          WHERE (kind = 'user' AND to_id = {customerId:String})
             OR (kind = 'anonymous' AND (to_id = {customerId:String}
                 OR to_id IN (SELECT from_id FROM identity_links WHERE kind = 'user' AND to_id = {customerId:String})))
          ORDER BY linked_at DESC`;
}
