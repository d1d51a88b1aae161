import { z } from 'zod';
import { isCalendarDate, line, measure, timeZone } from '@northstar/http';

export const WINDOW_SECONDS = { second: 1, minute: 60, hour: 3600, day: 86400, week: 604800 } as const;

/** Ten years: a conversion window or step limit longer than that is a mistake, and date arithmetic past it leaves DateTime64's range. */
const MAX_WINDOW_SECONDS = 3660 * 86400;
const MAX_WINDOW_MONTHS = 120;

/** A property path: `a` or `a.b.c` (nested JSON). Bound as parameters, so only its shape is limited. */
const PropertyPath = line(200).min(1);

export const PropertyFilterSchema = z
  .object({
    property: PropertyPath,
    op: z.enum(['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'contains', 'exists', 'in']).default('eq'),
    value: z.union([line(500, { trim: false }), measure(), z.boolean(), z.array(line(500, { trim: false })).max(100)]).optional(),
  })
  .superRefine((f, ctx) => {
    const v = f.value;
    if (f.op === 'exists') return;
    if (v === undefined) ctx.addIssue({ code: 'custom', message: `op ${f.op} needs a value`, path: ['value'] });
    else if (['gt', 'gte', 'lt', 'lte'].includes(f.op) && typeof v !== 'number')
      ctx.addIssue({ code: 'custom', message: `op ${f.op} needs a number`, path: ['value'] });
    else if (f.op === 'in' && !Array.isArray(v)) ctx.addIssue({ code: 'custom', message: 'op in needs an array of strings', path: ['value'] });
    else if (f.op === 'contains' && typeof v !== 'string') ctx.addIssue({ code: 'custom', message: 'op contains needs a string', path: ['value'] });
    else if (Array.isArray(v) && f.op !== 'in') ctx.addIssue({ code: 'custom', message: 'arrays only with op in', path: ['value'] });
  });
export type PropertyFilter = z.infer<typeof PropertyFilterSchema>;

export const EventMatcherSchema = z.object({
  event: line(200).min(1),
  filters: z.array(PropertyFilterSchema).max(10).default([]),
});

export const FunnelStepSchema = EventMatcherSchema.extend({
  label: line(200).optional(),
  /** Max seconds from the previous step to this one (ordered and strict modes). */
  timeLimitSeconds: z.number().int().positive().max(MAX_WINDOW_SECONDS).optional(),
});
export type FunnelStep = z.infer<typeof FunnelStepSchema>;

export const ExclusionSchema = EventMatcherSchema.extend({
  /** 0-based step index after which the exclusion applies (default 0: from entry). */
  afterStep: z.number().int().min(0).max(9).default(0),
  /** 0-based step index before which it applies (default: the last step). */
  beforeStep: z.number().int().min(1).max(9).optional(),
});
export type Exclusion = z.infer<typeof ExclusionSchema>;

export const WindowSchema = z
  .object({
    value: z.number().int().positive().max(100000),
    unit: z.enum(['second', 'minute', 'hour', 'day', 'week', 'month']),
  })
  .refine((w) => (w.unit === 'month' ? w.value <= MAX_WINDOW_MONTHS : w.value * WINDOW_SECONDS[w.unit] <= MAX_WINDOW_SECONDS), {
    path: ['value'],
    message: 'the window must be at most ten years',
  });
export type FunnelWindow = z.infer<typeof WindowSchema>;

export const TimeZone = timeZone().default('UTC');

/** `HH:MM` or `HH:MM:SS` on a 24-hour clock. */
const CLOCK = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/;

/** `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM[:SS]`: a wall-clock time in the request's time zone. */
export const LocalDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?)?$/, 'expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS')
  .refine((s) => isCalendarDate(s.slice(0, 10)) && (s.length === 10 || CLOCK.test(s.slice(11))), 'expected a real date and time (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)')
  .transform(toLocalDateTimeString);

export function toLocalDateTimeString(s: string): string {
  const [d, t = '00:00:00'] = s.replace('T', ' ').split(' ');
  return `${d} ${t.length === 5 ? `${t}:00` : t}`;
}

export const FunnelShape = z.object({
  name: line(200).optional(),
  steps: z.array(FunnelStepSchema).min(2).max(10),
  window: WindowSchema.default({ value: 30, unit: 'day' }),
  order: z.enum(['strict', 'ordered', 'any']).default('ordered'),
  countingUnit: z.enum(['customer', 'account']).default('customer'),
  exclusions: z.array(ExclusionSchema).max(10).default([]),
  breakdown: z.object({ property: PropertyPath }).optional(),
});
export type FunnelShapeInput = z.input<typeof FunnelShape>;

export const FunnelRangeSchema = z.object({
  from: LocalDateTime,
  to: LocalDateTime,
  timezone: TimeZone,
  interval: z.enum(['day', 'week', 'month']).default('day'),
});

export const FunnelQuerySchema = FunnelShape.extend(FunnelRangeSchema.shape).superRefine((f, ctx) => {
  for (const [i, x] of f.exclusions.entries()) {
    const before = x.beforeStep ?? f.steps.length - 1;
    if (before > f.steps.length - 1 || x.afterStep >= before)
      ctx.addIssue({ code: 'custom', message: 'need afterStep < beforeStep <= last step index', path: ['exclusions', i] });
  }
  if (f.from >= f.to) ctx.addIssue({ code: 'custom', message: 'from must be before to', path: ['to'] });
});
export type FunnelQuery = z.infer<typeof FunnelQuerySchema>;
export type FunnelQueryInput = z.input<typeof FunnelQuerySchema>;

/** Months are calendar months in the funnel's time zone; everything else is a fixed span. */
export function windowParts(w: FunnelWindow): { months: number; seconds: number } {
  return w.unit === 'month' ? { months: w.value, seconds: 0 } : { months: 0, seconds: w.value * WINDOW_SECONDS[w.unit] };
}
