import { CONSISTENCY_FACTS, OUTBOX_FACT, type ConsistencyFact, type Measure } from './consistency-facts';

/** One customer's total of one fact kind in one store. */
export interface Tally {
  n: number;
  amount: number;
}

/** A Postgres fact query's row. */
export interface RecordRow {
  customer_id: string;
  n: number | string;
  amount: number | string;
}

/** The ClickHouse totals' row (numbers may arrive as strings: Int64/UInt64). */
export type EventRow = { customer_id: string; event: string; n: number | string } & Record<Measure, number | string>;

export interface Mismatch {
  customerId: string;
  kind: string;
  postgres: Tally;
  clickhouse: Tally;
  /** Whether `amount` is compared for this kind (else only the count). */
  measured: boolean;
}

const ZERO: Tally = { n: 0, amount: 0 };
const add = (m: Map<string, Tally>, id: string, n: number, amount: number) => {
  const t = m.get(id) ?? { n: 0, amount: 0 };
  m.set(id, { n: t.n + n, amount: t.amount + amount });
};

/** Postgres rows per customer, customers merged away counted on their survivor. */
export function recordTallies(rows: RecordRow[], survivor: (id: string) => string): Map<string, Tally> {
  const m = new Map<string, Tally>();
  for (const r of rows) add(m, survivor(r.customer_id), Number(r.n), Number(r.amount));
  return m;
}

/** ClickHouse totals of one fact's events per customer (every lifecycle event when `events` is 'all'). */
export function eventTallies(rows: EventRow[], events: readonly string[] | 'all', measure: Measure | undefined, survivor: (id: string) => string): Map<string, Tally> {
  const m = new Map<string, Tally>();
  for (const r of rows) if (events === 'all' || events.includes(r.event)) add(m, survivor(r.customer_id), Number(r.n), measure ? Number(r[measure]) : 0);
  return m;
}

/** Every customer whose two tallies differ (in count, or in amount when the kind is measured). */
export function differences(kind: string, postgres: Map<string, Tally>, clickhouse: Map<string, Tally>, measured: boolean, skip: (id: string) => boolean): Mismatch[] {
  const out: Mismatch[] = [];
  for (const id of new Set([...postgres.keys(), ...clickhouse.keys()])) {
    if (skip(id)) continue;
    const p = postgres.get(id) ?? ZERO;
    const c = clickhouse.get(id) ?? ZERO;
    if (p.n !== c.n || (measured && p.amount !== c.amount)) out.push({ customerId: id, kind, postgres: p, clickhouse: c, measured });
  }
  return out;
}

/**
 * Compares every fact kind, and the transport (delivered outbox rows against all
 * lifecycle events), for every customer. `records` holds each kind's Postgres rows.
 */
export function compareStores(input: {
  records: Map<string, RecordRow[]>;
  events: EventRow[];
  survivor: (id: string) => string;
  skip: (id: string) => boolean;
  facts?: readonly ConsistencyFact[];
}): Mismatch[] {
  const facts = input.facts ?? CONSISTENCY_FACTS;
  const out: Mismatch[] = [];
  for (const f of facts) {
    const pg = recordTallies(input.records.get(f.kind) ?? [], input.survivor);
    out.push(...differences(f.kind, pg, eventTallies(input.events, f.events, f.measure, input.survivor), !!f.measure, input.skip));
  }
  const outbox = recordTallies(input.records.get(OUTBOX_FACT.kind) ?? [], input.survivor);
  out.push(...differences(OUTBOX_FACT.kind, outbox, eventTallies(input.events, 'all', undefined, input.survivor), false, input.skip));
  return out;
}
