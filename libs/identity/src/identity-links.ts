import { LifecycleEvent, type EventRow } from '@northstar/contracts';

/** One row of the append-only ClickHouse `identity_links` table. */
export interface IdentityLinkRow {
  /**
   * anonymous: anonymousId/previousId → userId; user: userId → customer id (to itself when the
   * userId is the customer id); merge: merged-away customer → survivor; account: person → account (group).
   */
  kind: 'anonymous' | 'user' | 'merge' | 'account';
  from_id: string;
  to_id: string;
  /** identify | alias | group | track | page | screen | lifecycle, or resolution method for 'user' links. */
  via: string;
  message_id: string;
  linked_at: string;
}

function parse(json: string): Record<string, unknown> {
  try {
    const v = JSON.parse(json);
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * The links a batch of event rows teaches us. identify (and any message carrying
 * both ids) ties the anonymous id to the user; alias ties previousId to the new
 * userId; group ties the person to an account; a Customer Merged lifecycle event ties the
 * merged-away customer to the survivor. The link row names the message it
 * came from, so every attribution can be explained; replays of the same message
 * produce the same row (ReplacingMergeTree key includes message_id).
 */
export function deriveLinks(rows: EventRow[]): IdentityLinkRow[] {
  const links: IdentityLinkRow[] = [];
  for (const r of rows) {
    if (r.type === 'identify' || r.type === 'alias' || r.type === 'group') {
      if (r.user_id && r.anonymous_id && r.anonymous_id !== r.user_id) {
        links.push({ kind: 'anonymous', from_id: r.anonymous_id, to_id: r.user_id, via: r.type, message_id: r.message_id, linked_at: r.timestamp });
      }
    }
    if (r.type === 'alias') {
      const previousId = parse(r.properties).previousId;
      if (typeof previousId === 'string' && previousId && r.user_id && previousId !== r.user_id) {
        links.push({ kind: 'anonymous', from_id: previousId, to_id: r.user_id, via: 'alias', message_id: r.message_id, linked_at: r.timestamp });
      }
    }
    if (r.event === LifecycleEvent.CustomerMerged && r.source === 'outbox') {
      const { fromCustomerId, intoCustomerId } = parse(r.properties);
      if (typeof fromCustomerId === 'string' && typeof intoCustomerId === 'string' && fromCustomerId && intoCustomerId && fromCustomerId !== intoCustomerId) {
        links.push({ kind: 'merge', from_id: fromCustomerId, to_id: intoCustomerId, via: 'merge', message_id: r.message_id, linked_at: r.timestamp });
      }
    }
    if (r.type === 'group' && r.account_id) {
      const who = r.user_id || r.anonymous_id;
      if (who) links.push({ kind: 'account', from_id: who, to_id: r.account_id, via: 'group', message_id: r.message_id, linked_at: r.timestamp });
    }
  }
  return links;
}

/** Email carried by an identify's traits, used to resolve the user to a customer. */
export function identifyEmail(row: EventRow): string | undefined {
  if (row.type !== 'identify') return undefined;
  const email = parse(row.traits).email;
  return typeof email === 'string' && email.includes('@') ? email : undefined;
}
