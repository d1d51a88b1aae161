import type { RetentionCohort, RetentionQuery } from '../src/retention.sql';
import type { TestEvent } from './events';
import { dedupe, unitOf } from './funnel.reference';
import { bucketOf, localToUtc, periodsBetween } from './time';

/** Retention computed a second way: per unit, walk its sorted events. */
export function referenceRetention(q: RetentionQuery, all: TestEvent[]): RetentionCohort[] {
  const from = localToUtc(q.from, q.timezone);
  const to = localToUtc(q.to, q.timezone);
  const cmp = (a: TestEvent, b: TestEvent) => a.ts - b.ts || (a.event_id < b.event_id ? -1 : a.event_id > b.event_id ? 1 : 0);
  const byUnit = new Map<string, TestEvent[]>();
  for (const e of dedupe(all)) {
    const u = unitOf(e, q.countingUnit);
    if (!u) continue;
    byUnit.set(u, [...(byUnit.get(u) ?? []), e]);
  }
  const cohorts = new Map<string, { size: number; rec: number[]; first: number[] }>();
  for (const events of byUnit.values()) {
    events.sort(cmp);
    const c = events.find((e) => q.cohortEvents.includes(e.event) && e.ts < to);
    if (!c || c.ts < from) continue;
    const cb = bucketOf(c.ts, q.timezone, q.interval);
    const entry = cohorts.get(cb) ?? { size: 0, rec: Array(q.periods + 1).fill(0), first: Array(q.periods + 1).fill(0) };
    cohorts.set(cb, entry);
    entry.size++;
    const periods = events
      .filter((e) => q.returnEvents.includes(e.event) && cmp(e, c) > 0)
      .map((e) => periodsBetween(cb, bucketOf(e.ts, q.timezone, q.interval), q.interval));
    for (const p of new Set(periods)) if (p <= q.periods) entry.rec[p]++;
    if (periods.length && Math.min(...periods) <= q.periods) entry.first[Math.min(...periods)]++;
  }
  return [...cohorts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([cohort, x]) => ({
      cohort,
      size: x.size,
      recurring: x.rec.map((units, period) => ({ period, units, rate: units / x.size })),
      firstTime: x.first.map((units, period) => ({ period, units, rate: units / x.size })),
    }));
}
