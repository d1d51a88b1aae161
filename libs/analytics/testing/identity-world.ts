import { chTime, LifecycleEvent as L, type EventRow } from '@northstar/contracts';
import { ev, rng, type TestEvent } from './events';

/** What a person of the identity world does before and after telling us who they are. */
export type PersonKind = 'anon-then-email' | 'anon-then-customer-id' | 'aliased' | 'merged' | 'customer-only' | 'stranger';

/** One identity statement, as the world knows it (the reference unions these; the product reads its own links). */
export type IdentityFact = [a: string, b: string];

export interface IdentityWorld {
  customers: { id: string; email: string }[];
  /** Rows to deliver, in order; the test restarts the app between delivery 1 and 2. */
  deliveries: EventRow[][];
  /** Every counted event once, with the ids it carried. */
  events: TestEvent[];
  facts: IdentityFact[];
  /** The id a person is known by: the surviving customer, else the id itself. */
  label: (id: string) => string | undefined;
}

const H = 3_600_000;
const D = 24 * H;
export const IDENTITY_BROWSE = ['Page Viewed', 'Pricing Viewed'] as const;

/**
 * People who browse anonymously, identify hours to months later (with their email or
 * with their customer id as userId), come back with only a userId, are aliased from a
 * legacy user id, or are two customers merged into one — plus customers who never
 * browse and strangers who never identify. Events arrive in three deliveries in an
 * order unrelated to their timestamps: anonymous events also after the identify that
 * claims them, userId-only events before the link that resolves them.
 */
export function generateIdentityWorld(people: number, seed: number): IdentityWorld {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const customers: IdentityWorld['customers'] = [];
  const events: TestEvent[] = [];
  const facts: IdentityFact[] = [];
  const labels = new Map<string, string>();
  const deliveries: EventRow[][] = [[], [], []];
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(r() * 36).toString(36)).join('');
  const customer = (i: number, k: string) => {
    const c = { id: `c${hex(24)}`, email: `person${i}${k}@identity.test` };
    customers.push(c);
    return c;
  };
  const send = (delivery: number, e: TestEvent, counted = true) => {
    if (counted) events.push(e);
    deliveries[delivery].push(toRow(e));
  };
  const lifecycle = (delivery: number, customer_id: string, event: string, ts: number, properties: Record<string, unknown> = {}, amount = 0) =>
    send(delivery, ev(r, { event, ts, customer_id, type: 'lifecycle', properties, amount_minor: amount, currency: amount ? 'CAD' : '' }));
  const track = (delivery: number, ids: Partial<TestEvent>, ts: number) => send(delivery, ev(r, { event: pick(IDENTITY_BROWSE), ts, type: 'track', ...ids }));
  const identity = (delivery: number, type: 'identify' | 'alias', ids: Partial<TestEvent>, ts: number, properties: Record<string, unknown> = {}) =>
    send(delivery, ev(r, { event: '', ts, type, ...ids, properties }), false);

  /** A customer's sales story from `t`: inquiry, quote, acceptance, deposit, project, later payments. */
  const story = (delivery: number, cid: string, t: number, n: string, lateDelivery: number) => {
    lifecycle(delivery, cid, L.CustomerRegistered, t, { channel: pick(['web', 'referral', 'phone']) });
    lifecycle(delivery, cid, L.InquiryReceived, t + H, { quoteRequestId: `qr${n}` });
    if (r() < 0.8) lifecycle(delivery, cid, L.QuoteSent, t + pick([2 * H, 5 * H, D]), { quoteId: `q${n}`, quoteRequestId: `qr${n}` });
    if (r() < 0.6) {
      lifecycle(delivery, cid, L.QuoteAccepted, t + 2 * D, { quoteId: `q${n}` });
      lifecycle(delivery, cid, L.PaymentReceived, t + 3 * D, { invoiceId: `i${n}` }, pick([50_000, 120_000]));
      if (r() < 0.7) lifecycle(lateDelivery, cid, L.ProjectCompleted, t + pick([20, 45, 90]) * D, { projectId: `p${n}`, onTime: true, quotedMinor: 100_000, billedMinor: 100_000, currency: 'CAD' });
      if (r() < 0.5) lifecycle(lateDelivery, cid, L.PaymentReceived, t + pick([60, 120, 200]) * D, { invoiceId: `i${n}b` }, 80_000);
    }
  };

  for (let i = 0; i < people; i++) {
    const roll = r();
    const kind: PersonKind =
      roll < 0.2 ? 'anon-then-email' : roll < 0.35 ? 'anon-then-customer-id' : roll < 0.5 ? 'aliased' : roll < 0.65 ? 'merged' : roll < 0.85 ? 'customer-only' : 'stranger';
    const t0 = Date.UTC(2024, 0, 1) + Math.floor(r() * 200 * D);
    const later = t0 + pick([2 * H, 3 * D, 40 * D, 120 * D]); // identify: hours to months after browsing
    const anon = `anon-${i}-${hex(6)}`;
    const browse = (delivery: number, ids: Partial<TestEvent>, from: number) => {
      for (let k = 0; k < 1 + Math.floor(r() * 3); k++) track(delivery, ids, from + k * pick([60_000, H]));
    };
    if (kind === 'stranger') {
      browse(pick([0, 2]), { anonymous_id: anon }, t0);
      continue;
    }
    if (kind === 'merged') {
      const survivor = customer(i, 'a');
      const merged = customer(i, 'b');
      labels.set(merged.id, survivor.id);
      labels.set(survivor.id, survivor.id);
      facts.push([merged.id, survivor.id]);
      story(0, merged.id, t0, `${i}b`, 2);
      story(2, survivor.id, later, `${i}a`, 2);
      if (r() < 0.5) {
        browse(0, { anonymous_id: anon }, t0 - D);
        identity(1, 'identify', { anonymous_id: anon, user_id: merged.email }, t0);
        facts.push([anon, merged.email], [merged.email, merged.id]);
      }
      lifecycle(2, survivor.id, L.CustomerMerged, later + 5 * D, { fromCustomerId: merged.id, intoCustomerId: survivor.id });
      continue;
    }
    const c = customer(i, '');
    labels.set(c.id, c.id);
    if (kind === 'customer-only') {
      story(pick([0, 2]), c.id, t0, `${i}`, 2);
      continue;
    }
    const userId = kind === 'anon-then-customer-id' ? c.id : c.email;
    if (kind === 'aliased') {
      const legacy = `legacy-${i}`;
      browse(0, { user_id: legacy }, t0);
      identity(pick([1, 2]), 'alias', { user_id: c.email }, later, { previousId: legacy });
      facts.push([legacy, c.email]);
    } else {
      browse(0, { anonymous_id: anon }, t0);
      // Some anonymous events arrive only after the identify that claims them was stored.
      if (r() < 0.4) browse(2, { anonymous_id: anon }, t0 + H);
      identity(1, 'identify', { anonymous_id: anon, user_id: userId }, later, { email: c.email });
      facts.push([anon, userId]);
    }
    facts.push([c.email, c.id]);
    story(pick([0, 1]), c.id, later + H, `${i}`, 2);
    browse(2, { user_id: userId }, later + pick([10, 90, 300]) * D); // back with only the userId
  }
  for (const d of deliveries) d.sort(() => r() - 0.5);
  return { customers, deliveries, events, facts, label: (id) => labels.get(id) };
}

function toRow(e: TestEvent): EventRow {
  const time = chTime(new Date(e.ts));
  return {
    event_id: e.event_id,
    message_id: e.event_id,
    type: e.type,
    event: e.event,
    source: e.type === 'lifecycle' ? 'outbox' : 'identity-test',
    user_id: e.user_id,
    anonymous_id: e.anonymous_id,
    customer_id: e.customer_id,
    account_id: e.account_id,
    timestamp: time,
    original_timestamp: null,
    sent_at: null,
    received_at: time,
    properties: JSON.stringify(e.properties),
    context: '{}',
    traits: e.type === 'identify' ? JSON.stringify({ email: e.properties.email }) : '{}',
    amount_minor: e.amount_minor,
    currency: e.currency,
  };
}

/**
 * The reference's own identity resolution: a union-find over the world's facts, each
 * set named by its surviving customer (or, for a stranger, the id itself). Shares
 * nothing with libs/identity.
 */
export function referencePersons(world: IdentityWorld): (id: string) => string {
  const up = new Map<string, string>();
  const root = (x: string): string => {
    const p = up.get(x) ?? x;
    if (p === x) return x;
    const top = root(p);
    up.set(x, top);
    return top;
  };
  for (const [a, b] of world.facts) up.set(root(a), root(b));
  const name = new Map<string, string>();
  for (const c of world.customers) {
    const survivor = world.label(c.id);
    if (survivor === c.id) name.set(root(c.id), survivor);
  }
  return (id) => name.get(root(id)) ?? id;
}

/** The world's events as the reference counts them: every event under its person. */
export function eventsByPerson(world: IdentityWorld): TestEvent[] {
  const person = referencePersons(world);
  return world.events.map((e) => {
    const own = e.customer_id || e.user_id || e.anonymous_id;
    return { ...e, customer_id: person(own), user_id: '', anonymous_id: '' };
  });
}
