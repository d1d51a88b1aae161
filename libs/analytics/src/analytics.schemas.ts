import { z } from 'zod';
import { measure } from '@northstar/http';
import { KPI_KEYS } from './kpi-figures';
import { FunnelRangeSchema, LocalDateTime, TimeZone, toLocalDateTimeString } from './funnel.schema';

/** A date range runs forward. */
const forward = <S extends z.ZodType<{ from: string; to: string }>>(schema: S) => schema.refine((q) => q.from < q.to, { message: 'from must be before to', path: ['to'] });

export const RangeQuerySchema = forward(FunnelRangeSchema);

export const DroppedQuerySchema = forward(
  FunnelRangeSchema.extend({
    step: z.coerce.number().int().min(1).max(10),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  }),
);

const KpiQueryShape = z.object({
  from: LocalDateTime,
  to: LocalDateTime,
  tz: TimeZone,
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .default('CAD'),
});

export const KpiQuerySchema = forward(KpiQueryShape);

/** GET /analytics/kpis/series: [from, to) split into `buckets` consecutive periods (sparklines). */
export const KpiSeriesQuerySchema = forward(KpiQueryShape.extend({ buckets: z.coerce.number().int().min(1).max(24).default(6) }));

/** The previous period: same length in wall-clock days, ending where the current one starts. */
export function previousFrom(from: string, to: string): string {
  const f = Date.parse(from.replace(' ', 'T') + 'Z');
  const t = Date.parse(to.replace(' ', 'T') + 'Z');
  return toLocalDateTimeString(new Date(f - (t - f)).toISOString().slice(0, 19));
}

export const KpiTargetSchema = z.object({ target: measure().nullable() });
export const KpiKeyParam = z.enum(KPI_KEYS as [string, ...string[]]);
export const UuidParam = z.string().uuid();
