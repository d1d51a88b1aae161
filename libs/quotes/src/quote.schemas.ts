import { z } from 'zod';

const hours = z.union([z.number().positive(), z.string().regex(/^\d+(\.\d{1,2})?$/, 'expected hours like "12.5"')]);

export const LineSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('service'), service: z.string().min(1), hours, complexity: z.string().min(1), description: z.string().max(500).optional() }),
  z.object({ kind: z.literal('fixed'), item: z.string().min(1), quantity: z.number().int().positive(), description: z.string().max(500).optional() }),
  z.object({ kind: z.literal('custom'), description: z.string().min(1).max(500), unitMinor: z.number().int().min(0), quantity: z.number().int().positive() }),
]);

export const DiscountSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('percent'), bps: z.number().int().min(0).max(10_000), reason: z.string().max(200).optional() }),
  z.object({ kind: z.literal('amount'), amountMinor: z.number().int().min(0), reason: z.string().max(200).optional() }),
]);

export const MilestoneSchema = z.object({
  name: z.string().min(1).max(200),
  dueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD'),
  description: z.string().max(1000).optional(),
});

const content = {
  title: z.string().min(1).max(200),
  executiveSummary: z.string().min(1).max(5000),
  scope: z.string().min(1).max(20_000),
  milestones: z.array(MilestoneSchema).max(50).default([]),
  timeline: z.string().max(2000).optional(),
  terms: z.string().max(10_000).optional(),
  lines: z.array(LineSchema).min(1).max(200),
  discount: DiscountSchema.nullable().optional(),
  /** Deposit, basis points; default by customer type (individual 25 %, business 50 %). */
  depositBps: z.number().int().min(0).max(10_000).optional(),
  validityDays: z.number().int().min(1).max(365).optional(),
  /** Tax location override, e.g. { country: 'CA', region: 'QC' }; default: the customer's address. */
  taxLocation: z.object({ country: z.string().length(2), region: z.string().max(10).optional() }).optional(),
};

export const CreateQuoteSchema = z.object({
  customerId: z.string().min(1),
  quoteRequestId: z.string().min(1).optional(),
  ...content,
});
export type CreateQuote = z.infer<typeof CreateQuoteSchema>;

export const UpdateQuoteSchema = z.object(content).partial();
export type UpdateQuote = z.infer<typeof UpdateQuoteSchema>;

export const AcceptQuoteSchema = z.object({
  /** Typed full name: the signature. */
  name: z.string().trim().min(2, 'type your full name to sign').max(200),
  agree: z.literal(true, { message: 'you must agree to the terms' }),
});
export const RejectQuoteSchema = z.object({ reason: z.string().trim().min(3, 'please give a reason').max(2000) });
export const RequestRevisionSchema = z.object({ note: z.string().trim().min(3, 'say what should change').max(2000) });
export const ListQuotesSchema = z.object({
  customerId: z.string().optional(),
  status: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
