import type { FunnelQuery, PropertyFilter } from '../src/funnel.schema';
import type { TestEvent } from './events';
import { addCalendarMonths, bucketOf, localToUtc } from './time';

/**
 * The funnel computed a second way, in plain TypeScript, straight from the written
 * semantics (docs/analytics.md). Where SQL folds a state machine over each entry's
 * events, this builds, for every step, the set of event positions that end a valid
 * chain, and takes the earliest. Only small inputs: it is quadratic per unit.
 * It imports nothing but types from the code under test (not even the window or
 * exclusion helpers the SQL builder uses), so a shared mistake cannot agree with itself.
 */
export interface RefUnit {
  unit: string;
  depth: number;
  entry: number;
  done: number[];
  bd: string;
}

function get(props: Record<string, unknown>, path: string): unknown {
  let v: unknown = props;
  for (const k of path.split('.')) {
    if (v === null || typeof v !== 'object' || !(k in (v as object))) return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

const asString = (v: unknown) => (typeof v === 'string' ? v : '');
const asNumber = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'boolean' ? Number(v) : typeof v === 'string' && v.trim() !== '' && !isNaN(+v) ? +v : 0);

export function matchesFilter(props: Record<string, unknown>, f: PropertyFilter): boolean {
  const v = get(props, f.property);
  const has = v !== undefined;
  switch (f.op) {
    case 'exists':
      return has;
    case 'in':
      return (f.value as string[]).includes(asString(v));
    case 'contains':
      return asString(v).includes(f.value as string);
    case 'gt':
      return has && asNumber(v) > (f.value as number);
    case 'gte':
      return has && asNumber(v) >= (f.value as number);
    case 'lt':
      return has && asNumber(v) < (f.value as number);
    case 'lte':
      return has && asNumber(v) <= (f.value as number);
    case 'eq':
    case 'neq': {
      let eq: boolean;
      if (typeof f.value === 'number') eq = has && asNumber(v) === f.value;
      else if (typeof f.value === 'boolean') eq = has && v === f.value;
      else eq = asString(v) === f.value;
      return f.op === 'eq' ? eq : !eq;
    }
  }
}

const matches = (e: TestEvent, m: { event: string; filters: PropertyFilter[] }) =>
  e.event === m.event && m.filters.every((f) => matchesFilter(e.properties, f));

export function unitOf(e: TestEvent, unit: 'customer' | 'account'): string {
  return unit === 'account' ? e.account_id : e.customer_id || e.user_id || e.anonymous_id;
}

export function dedupe(events: TestEvent[]): TestEvent[] {
  return [...new Map(events.map((e) => [e.event_id, e])).values()];
}

const SECONDS_IN: Record<Exclude<FunnelQuery['window']['unit'], 'month'>, number> = { second: 1, minute: 60, hour: 3600, day: 86400, week: 7 * 86400 };

/** Last instant inside the window opened at t: calendar months on the funnel's clock, else a fixed span. */
function windowEnd(q: FunnelQuery, t: number): number {
  const { value, unit } = q.window;
  return unit === 'month' ? addCalendarMonths(t, value, q.timezone) : t + value * SECONDS_IN[unit] * 1000;
}

export function referenceFunnel(q: FunnelQuery, all: TestEvent[]): RefUnit[] {
  const from = localToUtc(q.from, q.timezone);
  const to = localToUtc(q.to, q.timezone);
  const byUnit = new Map<string, { e: TestEvent; steps: boolean[]; ex: boolean[]; first: number }[]>();
  for (const e of dedupe(all)) {
    if (e.ts < from) continue;
    const unit = unitOf(e, q.countingUnit);
    if (!unit) continue;
    const steps = q.steps.map((s) => matches(e, s));
    const ex = q.exclusions.map((x) => matches(e, x));
    if (!steps.some(Boolean) && !ex.some(Boolean)) continue;
    const first = steps.indexOf(true);
    const list = byUnit.get(unit) ?? [];
    list.push({ e, steps, ex, first: first < 0 ? 255 : first });
    byUnit.set(unit, list);
  }
  const out: RefUnit[] = [];
  for (const [unit, list] of byUnit) {
    list.sort((a, b) => a.e.ts - b.e.ts || a.first - b.first || (a.e.event_id < b.e.event_id ? -1 : a.e.event_id > b.e.event_id ? 1 : 0));
    let best: RefUnit | undefined;
    list.forEach((x, i) => {
      if (!x.steps[0] || x.e.ts < from || x.e.ts >= to) return;
      const end = windowEnd(q, x.e.ts);
      const seq = list.slice(i + 1).filter((y) => y.e.ts <= end);
      const r = q.order === 'any' ? anyOrder(q, x, seq) : ordered(q, x, seq);
      const cand = { unit, entry: x.e.ts, bd: q.breakdown ? asString(get(x.e.properties, q.breakdown.property)) : '', ...r };
      if (!best || cand.depth > best.depth) best = cand;
    });
    if (best) out.push(best);
  }
  return out.sort((a, b) => (a.unit < b.unit ? -1 : 1));
}

type Item = { e: TestEvent; steps: boolean[]; ex: boolean[] };

/** Whether this event ends a chain sitting at step s (0-based): an exclusion matches and its span covers s. */
function endsChainAt(q: FunnelQuery, it: Item, s: number): boolean {
  for (let j = 0; j < q.exclusions.length; j++) {
    const x = q.exclusions[j];
    const before = x.beforeStep ?? q.steps.length - 1;
    if (it.ex[j] && x.afterStep <= s && s < before) return true;
  }
  return false;
}

function ordered(q: FunnelQuery, entry: Item, seq: Item[]): { depth: number; done: number[] } {
  const N = q.steps.length;
  const all = [entry, ...seq];
  // ends[k]: positions (in `all`) where a valid chain reaches step k.
  let ends: number[] = [0];
  const done = Array(N).fill(-1);
  done[0] = entry.e.ts;
  let depth = 1;
  for (let k = 1; k < N && ends.length; k++) {
    const limit = q.steps[k].timeLimitSeconds ? q.steps[k].timeLimitSeconds! * 1000 : Infinity;
    const next: number[] = [];
    for (let p = 1; p < all.length; p++) {
      if (!all[p].steps[k]) continue;
      const ok = ends.some((qpos) => {
        if (qpos >= p || all[p].e.ts - all[qpos].e.ts > limit) return false;
        for (let b = qpos + 1; b < p; b++) {
          if (endsChainAt(q, all[b], k - 1)) return false;
          if (q.order === 'strict' && all[b].steps.some(Boolean)) return false;
        }
        // An exclusion on the arriving event itself also ends the chain sitting at k-1.
        if (endsChainAt(q, all[p], k - 1)) return false;
        return true;
      });
      if (ok) next.push(p);
    }
    if (!next.length) break;
    ends = next;
    done[k] = all[next[0]].e.ts;
    depth = k + 1;
  }
  return { depth, done };
}

function anyOrder(q: FunnelQuery, entry: Item, seq: Item[]): { depth: number; done: number[] } {
  const N = q.steps.length;
  const filled: number[] = Array(N).fill(-1);
  filled[0] = entry.e.ts;
  const prefix = () => {
    const i = filled.indexOf(-1);
    return i < 0 ? N : i;
  };
  for (const it of seq) {
    if (endsChainAt(q, it, prefix() - 1)) break;
    const slot = it.steps.findIndex((m, k) => m && filled[k] < 0);
    if (slot >= 0) filled[slot] = it.e.ts;
  }
  const depth = prefix();
  const done = filled.map((_, k) => (k < depth ? Math.max(...filled.slice(0, k + 1)) : -1));
  return { depth, done };
}

export interface RefStepRow {
  breakdown: string;
  step: number;
  units: number;
  mean_seconds: number | null;
  median_seconds: number | null;
}

export function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = (s.length - 1) / 2;
  return (s[Math.floor(m)] + s[Math.ceil(m)]) / 2;
}
export const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

export function referenceSteps(units: RefUnit[], N: number): RefStepRow[] {
  const rows: RefStepRow[] = [];
  const groups = [...new Set(units.map((u) => u.bd))].sort();
  for (const bd of groups) {
    const us = units.filter((u) => u.bd === bd);
    for (let k = 1; k <= N; k++) {
      const reached = us.filter((u) => u.depth >= k);
      if (!reached.length) continue;
      const times = k > 1 ? reached.map((u) => (u.done[k - 1] - u.done[k - 2]) / 1000) : [];
      rows.push({ breakdown: bd, step: k, units: reached.length, mean_seconds: mean(times), median_seconds: median(times) });
    }
  }
  return rows;
}

export function referenceTrend(units: RefUnit[], q: FunnelQuery): { bucket: string; reached: number[] }[] {
  const m = new Map<string, number[]>();
  for (const u of units) {
    const b = bucketOf(u.entry, q.timezone, q.interval);
    const arr = m.get(b) ?? Array(q.steps.length).fill(0);
    for (let k = 0; k < u.depth; k++) arr[k]++;
    m.set(b, arr);
  }
  return [...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([bucket, reached]) => ({ bucket, reached }));
}
