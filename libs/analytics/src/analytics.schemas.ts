import { z } from 'zod';
import { isValidTimeZone } from '@northstar/business-hours';
import { KPI_KEYS } from './kpi-figures';
import { FunnelRangeSchema, LocalDateTime, toLocalDateTimeString } from './funnel.schema';

export const RangeQuerySchema = FunnelRangeSchema;

export const DroppedQuerySchema = FunnelRangeSchema.extend({
  step: z.coerce.number().int().min(1).max(10),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

const KpiQueryShape = z.object({
  from: LocalDateTime,
  to: LocalDateTime,
  tz: z.string().default('UTC'),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .default('CAD'),
});

/** A period query is valid when it runs forward and names a real time zone. */
function validPeriod<S extends z.ZodType<{ from: string; to: string; tz: string }>>(schema: S) {
  return schema
    .refine((q) => q.from < q.to, { message: 'from must be before to', path: ['to'] })
    .refine((q) => isValidTimeZone(q.tz), { message: 'unknown time zone', path: ['tz'] });
}

export const KpiQuerySchema = validPeriod(KpiQueryShape);

/** GET /analytics/kpis/series: [from, to) split into `buckets` consecutive periods (sparklines). */
export const KpiSeriesQuerySchema = validPeriod(KpiQueryShape.extend({ buckets: z.coerce.number().int().min(1).max(24).default(6) }));

/** The previous period: same length in wall-clock days, ending where the current one starts. */
export function previousFrom(from: string, to: string): string {
  const f = Date.parse(from.replace(' ', 'T') + 'Z');
  const t = Date.parse(to.replace(' ', 'T') + 'Z');
  return toLocalDateTimeString(new Date(f - (t - f)).toISOString().slice(0, 19));
}

export const KpiTargetSchema = z.object({ target: z.number().finite().nullable() });
export const KpiKeyParam = z.enum(KPI_KEYS as [string, ...string[]]);
export const UuidParam = z.string().uuid();
