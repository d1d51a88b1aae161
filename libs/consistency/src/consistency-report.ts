import type { ConsistencyReport } from './consistency.service';
import type { Mismatch, Tally } from './consistency-compare';

const tally = (t: Tally, measured: boolean) => (measured ? `${t.n} (amount ${t.amount})` : String(t.n));

/** One line per mismatch: customer, kind, and what each store holds. */
export function mismatchLine(m: Mismatch): string {
  return `customer ${m.customerId}  ${m.kind}: Postgres ${tally(m.postgres, m.measured)}, ClickHouse ${tally(m.clickhouse, m.measured)}`;
}

/** The check's printout: every mismatch, then a one-line verdict. */
export function reportLines(r: ConsistencyReport): string[] {
  const verdict = r.mismatches.length
    ? `${r.mismatches.length} mismatch(es) over ${new Set(r.mismatches.map((m) => m.customerId)).size} customer(s)`
    : 'no mismatches';
  return [
    ...r.mismatches.map(mismatchLine),
    `${r.customers} customers, ${r.kinds.length} kinds compared${r.erased ? `, ${r.erased} erased customer(s) left out` : ''}${r.undelivered ? `, ${r.undelivered} outbox row(s) still on their way` : ''}: ${verdict}`,
  ];
}
