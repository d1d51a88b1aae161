import { z } from 'zod';
import { calendarDate, country, hours, int4, line, minorUnits, recordId, region, text } from '@northstar/http';
import { QUOTE_STATES } from './quote-state-machine';

/** Hours on a line: positive, two decimals at most, and few enough that rate × hours fits an amount. */
const MAX_LINE_HOURS = 10_000;
const MAX_QUANTITY = 100_000;

const lineHours = z.union([
  hours(MAX_LINE_HOURS),
  z
    .string()
    .regex(/^\d{1,5}(\.\d{1,2})?$/, 'expected hours like "12.5"')
    .refine((h) => Number(h) > 0 && Number(h) <= MAX_LINE_HOURS, `expected more than 0 and at most ${MAX_LINE_HOURS} hours`),
]);
const quantity = int4().positive().max(MAX_QUANTITY);

export const LineSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('service'), service: line(100).min(1), hours: lineHours, complexity: line(100).min(1), description: text(500).optional() }),
  z.object({ kind: z.literal('fixed'), item: line(100).min(1), quantity, description: text(500).optional() }),
  z.object({ kind: z.literal('custom'), description: text(500).min(1), unitMinor: minorUnits(), quantity }),
]);

export const DiscountSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('percent'), bps: z.number().int().min(0).max(10_000), reason: line(200).optional() }),
  z.object({ kind: z.literal('amount'), amountMinor: minorUnits(), reason: line(200).optional() }),
]);

export const MilestoneSchema = z.object({
  name: line(200).min(1),
  dueDate: calendarDate(),
  description: text(1000).optional(),
});

const content = {
  title: line(200).min(1),
  executiveSummary: text(5000).min(1),
  scope: text(20_000).min(1),
  milestones: z.array(MilestoneSchema).max(50).default([]),
  timeline: text(2000).optional(),
  terms: text(10_000).optional(),
  lines: z.array(LineSchema).min(1).max(200),
  discount: DiscountSchema.nullable().optional(),
  /** Deposit, basis points; default by customer type (individual 25 %, business 50 %). */
  depositBps: z.number().int().min(0).max(10_000).optional(),
  validityDays: z.number().int().min(1).max(365).optional(),
  /** Tax location override, e.g. { country: 'CA', region: 'QC' }; default: the customer's address. */
  taxLocation: z.object({ country: country(), region: region().optional() }).optional(),
};

export const CreateQuoteSchema = z.object({
  customerId: recordId(),
  quoteRequestId: recordId().optional(),
  ...content,
});
export type CreateQuote = z.infer<typeof CreateQuoteSchema>;

export const UpdateQuoteSchema = z.object(content).partial();
export type UpdateQuote = z.infer<typeof UpdateQuoteSchema>;

export const AcceptQuoteSchema = z.object({
  /** Typed full name: the signature. */
  name: line(200).min(2, 'type your full name to sign'),
  agree: z.literal(true, { message: 'you must agree to the terms' }),
});
export const RejectQuoteSchema = z.object({ reason: text(2000).min(3, 'please give a reason') });
export const RequestRevisionSchema = z.object({ note: text(2000).min(3, 'say what should change') });
export const ListQuotesSchema = z.object({
  customerId: recordId().optional(),
  status: z.enum(QUOTE_STATES).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
