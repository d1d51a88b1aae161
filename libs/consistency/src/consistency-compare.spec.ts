import { LifecycleEvent as L } from '@northstar/contracts';
import { compareStores, type EventRow, type RecordRow } from './consistency-compare';
import { OUTBOX_FACT, type ConsistencyFact } from './consistency-facts';
import { mismatchLine } from './consistency-report';

const FACTS: ConsistencyFact[] = [
  { kind: 'quotes sent', events: [L.QuoteSent], measure: 'amount_minor', postgres: '' },
  { kind: 'quote versions', events: [L.QuoteCreated, L.QuoteRevised], postgres: '' },
];

const ev = (customer_id: string, event: string, n: number, amount = 0): EventRow => ({ customer_id, event, n, amount_minor: amount, netMinor: 0, hoursHundredths: 0, score: 0, points: 0 });
const rec = (customer_id: string, n: number, amount = 0): RecordRow => ({ customer_id, n: String(n), amount: String(amount) });

function compare(records: Record<string, RecordRow[]>, events: EventRow[], opts: { merged?: Record<string, string>; erased?: string[] } = {}) {
  return compareStores({
    records: new Map(Object.entries(records)),
    events,
    survivor: (id) => opts.merged?.[id] ?? id,
    skip: (id) => (opts.erased ?? []).includes(id),
    facts: FACTS,
  });
}

describe('compareStores', () => {
  const events = [ev('c1', L.QuoteSent, 2, 5000), ev('c1', L.QuoteCreated, 1), ev('c1', L.QuoteRevised, 1)];

  it('finds nothing when every record has its event, in count and amount', () => {
    expect(compare({ 'quotes sent': [rec('c1', 2, 5000)], 'quote versions': [rec('c1', 2)], [OUTBOX_FACT.kind]: [rec('c1', 4)] }, events)).toEqual([]);
  });

  it('names the customer, the kind and both sides when a record lacks its event or the amounts differ', () => {
    const found = compare({ 'quotes sent': [rec('c1', 2, 4000)], 'quote versions': [rec('c1', 3)], [OUTBOX_FACT.kind]: [rec('c1', 4)] }, events);
    expect(found.map(mismatchLine)).toEqual([
      'customer c1  quotes sent: Postgres 2 (amount 4000), ClickHouse 2 (amount 5000)',
      'customer c1  quote versions: Postgres 3, ClickHouse 2',
    ]);
  });

  it('reports events without an outbox row (written around the lifecycle) and records of a customer with no events', () => {
    const found = compare({ 'quotes sent': [rec('c1', 2, 5000), rec('c2', 1, 100)], 'quote versions': [rec('c1', 2)], [OUTBOX_FACT.kind]: [rec('c1', 3)] }, events);
    expect(found.map((m) => `${m.customerId} ${m.kind} ${m.postgres.n}/${m.clickhouse.n}`)).toEqual(['c2 quotes sent 1/0', `c1 ${OUTBOX_FACT.kind} 3/4`]);
  });

  it("counts a merged-away customer's events and rows on the survivor, and leaves erased customers out", () => {
    const split = [ev('old', L.QuoteSent, 1, 2000), ev('c1', L.QuoteSent, 1, 3000), ev('gone', L.QuoteSent, 1, 1)];
    const records = { 'quotes sent': [rec('c1', 2, 5000)], 'quote versions': [], [OUTBOX_FACT.kind]: [rec('c1', 1), rec('old', 1), rec('gone', 1)] };
    expect(compare(records, split, { merged: { old: 'c1' }, erased: ['gone'] })).toEqual([]);
  });
});
