import { windowParts, type FunnelQuery } from './funnel.schema';
import { localInstant, matcherSql, propertyFilterSql, SqlParams, unitSql, FINAL_SETTINGS, type IdentityMode } from './sql-params';

/** "No per-step limit": large enough never to bind, small enough for Int64 arithmetic. */
const NO_LIMIT_MS = 2 ** 52;

export interface BuiltSql {
  sql: string;
  params: Record<string, unknown>;
}

/**
 * Per counting unit: the entry attempt that converts furthest (earliest entry on a
 * tie), as `depth` (steps reached, 1..N), `entry_ts` (ms), `done` (ms at which each
 * step was reached, -1 = not reached) and `bd` (breakdown value at the entry event).
 *
 * How: the unit's funnel-relevant events are gathered into one array, sorted by
 * (timestamp, first step index the event matches, event_id) — the documented
 * same-millisecond tie-break — and every entry event inside the date range is
 * replayed with arrayFold over the events inside its window. windowFunnel() cannot
 * report when each step was reached nor which entry converted, hence the fold.
 *
 * Ordered/strict state per step k: the latest time a still-valid chain reached k
 * (a later arrival dominates: it leaves more room under per-step limits and sees
 * fewer exclusion events) and the first time any chain reached k (for
 * time-to-convert). All steps are updated from the previous state, so one event
 * never serves two consecutive steps.
 */
export function funnelUnitsSql(q: FunnelQuery, p: SqlParams, identity: IdentityMode = 'resolved'): string {
  const N = q.steps.length;
  const unit = unitSql(q.countingUnit, identity);
  const tz = p.bind(q.timezone, 'String');
  const from = localInstant(p, q.from, tz);
  const to = localInstant(p, q.to, tz);
  const { months, seconds } = windowParts(q.window);
  const winMonths = p.bind(months, 'UInt32');
  const winSeconds = p.bind(seconds, 'UInt64');
  const exm = p.bind(exclusionMasks(q), 'Array(UInt64)');
  const lim = p.bind(
    q.steps.map((s, k) => (k > 0 && s.timeLimitSeconds ? s.timeLimitSeconds * 1000 : NO_LIMIT_MS)),
    'Array(Int64)',
  );
  const names = [...new Set([...q.steps.map((s) => s.event), ...q.exclusions.map((x) => x.event)])];
  const stepConds = q.steps.map((s) => `toUInt64(${matcherSql(p, s)})`);
  const mask = stepConds.map((c, k) => (k === 0 ? c : `bitShiftLeft(${c}, ${k})`)).join(' + ');
  const xmask = q.exclusions.length
    ? q.exclusions.map((x, j) => `bitShiftLeft(toUInt64(${matcherSql(p, x)}), ${j})`).join(' + ')
    : 'toUInt64(0)';
  const bd = q.breakdown
    ? `JSONExtractString(properties, ${q.breakdown.property
        .split('.')
        .map((k) => p.bind(k, 'String'))
        .join(', ')})`
    : `''`;
  const fs = `multiIf(${q.steps.map((_, k) => `bitTest(mask, ${k}), ${k}`).join(', ')}, 255)`;

  const attempt = q.order === 'any' ? anyOrderAttempt(N, exm) : orderedAttempt(N, exm, lim, q.order === 'strict');

  return `
SELECT unit, best.1 AS depth, best.2 AS entry_ts, best.3 AS done, best.4 AS bd
FROM (
  SELECT unit,
    arraySort(e -> (e.1, e.5, e.6), groupArray((ts, mask, xmask, bd, fs, eid, win_end))) AS evs,
    arrayFilter(i -> bitTest(evs[i].2, 0) AND evs[i].1 >= toUnixTimestamp64Milli(${from}) AND evs[i].1 < toUnixTimestamp64Milli(${to}),
                arrayEnumerate(evs)) AS entries,
    arrayMap(i -> ${attempt}, entries) AS attempts,
    arraySort(a -> (-a.1, a.2), attempts)[1] AS best
  FROM (
    SELECT ${unit.expr} AS unit,
      toUnixTimestamp64Milli(timestamp) AS ts,
      ${mask} AS mask,
      ${xmask} AS xmask,
      if(bitTest(mask, 0), ${bd}, '') AS bd,
      toUInt8(${fs}) AS fs,
      toString(event_id) AS eid,
      toUnixTimestamp64Milli(toTimeZone(timestamp, ${tz}) + toIntervalMonth(${winMonths}) + toIntervalSecond(${winSeconds})) AS win_end
    FROM events FINAL ${unit.join}
    WHERE event IN ${p.bind(names, 'Array(String)')}
      AND timestamp >= ${from}
      AND timestamp <= ${to} + toIntervalMonth(${winMonths}) + toIntervalSecond(${winSeconds})
  )
  WHERE unit != '' AND (mask != 0 OR xmask != 0)
  GROUP BY unit
  HAVING length(entries) > 0
)`;
}

/** exm[k] (1-based, step k-1): the exclusions whose span covers a chain sitting at that step. */
export function exclusionMasks(q: Pick<FunnelQuery, 'steps' | 'exclusions'>): number[] {
  const N = q.steps.length;
  return q.steps.map((_, step) =>
    q.exclusions.reduce((m, x, j) => (x.afterStep <= step && step < (x.beforeStep ?? N - 1) ? m + 2 ** j : m), 0),
  );
}

function orderedAttempt(N: number, exm: string, lim: string, strict: boolean): string {
  const steps = `range(1, ${N + 1})`;
  // P(k): this event moves a valid chain from step k-1 to k.
  const P =
    `(k > 1 AND bitTest(e.2, k - 1) AND acc.1[greatest(k - 1, 1)] >= 0 ` +
    `AND bitAnd(e.3, ${exm}[greatest(k - 1, 1)]) = 0 AND e.1 - acc.1[greatest(k - 1, 1)] <= ${lim}[k])`;
  // Strict: a step event that does not extend a chain breaks it; non-step events (exclusions only) do not.
  const otherwise = strict ? `if(e.2 = 0, acc.1[k], toInt64(-1))` : `acc.1[k]`;
  const fold =
    `arrayFold((acc, e) -> (` +
    `arrayMap(k -> multiIf(${P}, e.1, bitAnd(e.3, ${exm}[k]) != 0, toInt64(-1), ${otherwise}), ${steps}), ` +
    `arrayMap(k -> if(acc.2[k] < 0 AND ${P}, e.1, acc.2[k]), ${steps})), ` +
    `arrayFilter(e -> e.1 <= evs[i].7, arraySlice(evs, i + 1)), ` +
    `(arrayMap(k -> if(k = 1, evs[i].1, toInt64(-1)), ${steps}), arrayMap(k -> if(k = 1, evs[i].1, toInt64(-1)), ${steps})))`;
  return `arrayMap(f -> (toUInt8(arrayCount(x -> x >= 0, f.2)), evs[i].1, f.2, evs[i].4), [${fold}])[1]`;
}

function anyOrderAttempt(N: number, exm: string): string {
  const steps = `range(1, ${N + 1})`;
  const depth = (F: string) => `if(arrayAll(x -> x >= 0, ${F}), ${N}, arrayFirstIndex(x -> x < 0, ${F}) - 1)`;
  const frozen = `(acc.2 OR bitAnd(e.3, ${exm}[${depth('acc.1')}]) != 0)`;
  const slot = `arrayFirstIndex(k -> bitTest(e.2, k - 1) AND acc.1[k] < 0, ${steps})`;
  const fold =
    `arrayFold((acc, e) -> (` +
    `arrayMap(k -> if(NOT ${frozen} AND k = ${slot}, e.1, acc.1[k]), ${steps}), toUInt8(${frozen})), ` +
    `arrayFilter(e -> e.1 <= evs[i].7, arraySlice(evs, i + 1)), ` +
    `(arrayMap(k -> if(k = 1, evs[i].1, toInt64(-1)), ${steps}), toUInt8(0)))`;
  // A step counts once steps 1..k have all happened; it was reached when the last of them did.
  const done = `arrayMap(k -> if(arrayAll(x -> x >= 0, arraySlice(f.1, 1, k)), arrayMax(arraySlice(f.1, 1, k)), toInt64(-1)), ${steps})`;
  return `arrayMap(f -> (toUInt8(${depth('f.1')}), evs[i].1, ${done}, evs[i].4), [${fold}])[1]`;
}

/** Per step (and breakdown value): units reached, mean and median seconds from the previous step. */
export function funnelStepsSql(q: FunnelQuery, identity: IdentityMode = 'resolved'): BuiltSql {
  const p = new SqlParams();
  const units = funnelUnitsSql(q, p, identity);
  const sql = `
SELECT bd AS breakdown, k AS step, count() AS units,
  avgIf((done[k] - done[greatest(k - 1, 1)]) / 1000, k > 1) AS mean_seconds,
  quantileExactInclusiveIf(0.5)((done[k] - done[greatest(k - 1, 1)]) / 1000, k > 1) AS median_seconds
FROM (${units})
ARRAY JOIN range(1, toUInt64(depth) + 1) AS k
GROUP BY breakdown, step
ORDER BY breakdown, step`;
  return { sql: `${sql}\n${FINAL_SETTINGS}`, params: p.values };
}

const BUCKET = { day: 'toDate', week: 'toMonday', month: 'toStartOfMonth' } as const;

/** Units entering per day/week/month (in the funnel's time zone) and how many reached each step. */
export function funnelTrendSql(q: FunnelQuery): BuiltSql {
  const p = new SqlParams();
  const units = funnelUnitsSql(q, p);
  const tz = p.bind(q.timezone, 'String');
  const sql = `
SELECT toString(${BUCKET[q.interval]}(toDate(fromUnixTimestamp64Milli(entry_ts), ${tz}))) AS bucket,
  sumForEach(arrayMap(k -> toUInt64(depth >= k), range(1, ${q.steps.length + 1}))) AS reached
FROM (${units})
GROUP BY bucket
ORDER BY bucket`;
  return { sql: `${sql}\n${FINAL_SETTINGS}`, params: p.values };
}

/** Units whose furthest step is `step` (1-based): they reached it and went no further. */
export function funnelDroppedSql(q: FunnelQuery, step: number, limit: number, offset: number): BuiltSql {
  const p = new SqlParams();
  const units = funnelUnitsSql(q, p);
  const sql = `
SELECT unit, entry_ts, done[${p.bind(step, 'UInt8')}] AS reached_ts, bd AS breakdown
FROM (${units})
WHERE depth = ${p.bind(step, 'UInt8')}
ORDER BY entry_ts, unit
LIMIT ${p.bind(limit, 'UInt32')} OFFSET ${p.bind(offset, 'UInt32')}`;
  return { sql: `${sql}\n${FINAL_SETTINGS}`, params: p.values };
}

export { propertyFilterSql };
