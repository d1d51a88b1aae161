import type { RetentionCohort } from '@northstar/api-contracts';
import { z } from 'zod';
import { LifecycleEvent } from '@northstar/contracts';
import { line } from '@northstar/http';
import { LocalDateTime, TimeZone } from './funnel.schema';
import { localInstant, SqlParams, unitSql, FINAL_SETTINGS, type IdentityMode } from './sql-params';
import type { BuiltSql } from './funnel.sql';

/** Query strings carry lists as `a,b` or repeated keys. */
const csv = (v: unknown) => (typeof v === 'string' ? v.split(',').map((x) => x.trim()) : v);

export const RetentionQuerySchema = z.object({
  from: LocalDateTime,
  to: LocalDateTime,
  timezone: TimeZone,
  interval: z.enum(['week', 'month']).default('month'),
  periods: z.coerce.number().int().min(1).max(52).default(12),
  /** What puts a unit into a cohort (its first one ever). */
  cohortEvents: z.preprocess(csv, z.array(line(200).min(1)).min(1).max(10)).default([LifecycleEvent.PaymentReceived, LifecycleEvent.DepositPaid]),
  /** What counts as coming back. */
  returnEvents: z.preprocess(csv, z.array(line(200).min(1)).min(1).max(10)).default([LifecycleEvent.PaymentReceived, LifecycleEvent.DepositPaid]),
  countingUnit: z.enum(['customer', 'account']).default('customer'),
});
export type RetentionQuery = z.infer<typeof RetentionQuerySchema>;

const BUCKET = { week: 'toMonday', month: 'toStartOfMonth' } as const;

/**
 * Cohorts by each unit's first cohort event ever (earliest by (timestamp, event_id)),
 * kept when that falls in [from, to). A return is a return event strictly after
 * the cohort event in that order; its period is the number of whole weeks/months
 * between the cohort's bucket and the return's bucket, in the query's time zone.
 * Rows: kind 'size' (period 0), 'recurring' (units with a return in the period),
 * 'first' (units whose first return is in the period).
 */
export function retentionSql(q: RetentionQuery, identity: IdentityMode = 'resolved'): BuiltSql {
  const p = new SqlParams();
  const tz = p.bind(q.timezone, 'String');
  const from = localInstant(p, q.from, tz);
  const to = localInstant(p, q.to, tz);
  const unit = unitSql(q.countingUnit, identity);
  const bucket = (ms: string) => `${BUCKET[q.interval]}(toDate(fromUnixTimestamp64Milli(${ms}), ${tz}))`;
  const period =
    q.interval === 'month'
      ? `(toYear(rb) * 12 + toMonth(rb)) - (toYear(cb) * 12 + toMonth(cb))`
      : `intDiv(dateDiff('day', cb, rb), 7)`;
  const sql = `
WITH
cohorts AS (
  SELECT unit, f.1 AS cts, f.2 AS ceid, ${bucket('f.1')} AS cb
  FROM (
    SELECT unit, min((ts, eid)) AS f
    FROM (SELECT ${unit.expr} AS unit, toUnixTimestamp64Milli(timestamp) AS ts, toString(event_id) AS eid
          FROM events FINAL ${unit.join} WHERE event IN ${p.bind(q.cohortEvents, 'Array(String)')} AND timestamp < ${to})
    WHERE unit != ''
    GROUP BY unit
  )
  WHERE f.1 >= toUnixTimestamp64Milli(${from})
),
returns AS (
  SELECT c.unit AS unit, c.cb AS cb, ${bucket('r.ts')} AS rb, toInt64(${period}) AS period
  FROM cohorts AS c
  INNER JOIN (
    SELECT ${unit.expr} AS unit, toUnixTimestamp64Milli(timestamp) AS ts, toString(event_id) AS eid
    FROM events FINAL ${unit.join} WHERE event IN ${p.bind(q.returnEvents, 'Array(String)')} AND timestamp >= ${from}
  ) AS r ON r.unit = c.unit
  WHERE (r.ts, r.eid) > (c.cts, c.ceid)
),
capped AS (SELECT * FROM returns WHERE period <= ${p.bind(q.periods, 'UInt32')})
SELECT * FROM (
  SELECT 'size' AS kind, toString(cb) AS cohort, toInt64(0) AS period, count() AS units FROM cohorts GROUP BY cb
  UNION ALL
  SELECT 'recurring', toString(cb), period, uniqExact(unit) FROM capped GROUP BY cb, period
  UNION ALL
  SELECT 'first', toString(cb), period, count() FROM (SELECT unit, any(cb) AS cb, min(period) AS period FROM returns GROUP BY unit)
    WHERE period <= ${p.bind(q.periods, 'UInt32')} GROUP BY cb, period
)
ORDER BY kind, cohort, period`;
  return { sql: `${sql}\n${FINAL_SETTINGS}`, params: p.values };
}

export type { RetentionCohort };

/** The heatmap: one row per cohort, one cell per period (zeros filled in). */
export function shapeRetention(rows: { kind: string; cohort: string; period: unknown; units: unknown }[], periods: number): RetentionCohort[] {
  const sizes = new Map<string, number>();
  for (const r of rows) if (r.kind === 'size') sizes.set(r.cohort, Number(r.units));
  return [...sizes.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([cohort, size]) => {
      const cells = (kind: string) =>
        Array.from({ length: periods + 1 }, (_, period) => {
          const units = Number(rows.find((r) => r.kind === kind && r.cohort === cohort && Number(r.period) === period)?.units ?? 0);
          return { period, units, rate: size ? units / size : 0 };
        });
      return { cohort, size, recurring: cells('recurring'), firstTime: cells('first') };
    });
}
