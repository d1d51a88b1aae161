import { z } from 'zod';
import { CONTACT_METHODS, FileUploadSchema } from '@northstar/customers';
import { country, line, minorUnits, recordId, text } from '@northstar/http';

export const COMPLEXITIES = ['simple', 'standard', 'complex'] as const;
export const MAX_ATTACHMENTS = 5;
export const MAX_ATTACHMENT_TOTAL_BYTES = 10 * 1024 * 1024;
/** base64 inflates 4/3, plus the JSON around it. */
/** Dates past 2199 (ms since epoch): a clock that far off is not a browser's. */
const MAX_EPOCH_MS = Date.UTC(2200, 0, 1);

export const INTAKE_BODY_LIMIT_BYTES = Math.ceil((MAX_ATTACHMENT_TOTAL_BYTES * 4) / 3) + 256 * 1024;

export const QuoteRequestSchema = z
  .object({
    name: line(200).min(1),
    email: z.email('not a valid email address').max(254).transform((v) => v.trim().toLowerCase()),
    phone: line(40).min(1, 'phone number is required'),
    /** Read numbers without '+' in this country. */
    country: country().optional(),
    company: line(200).optional(),
    contactPreference: z.enum(CONTACT_METHODS),
    category: line(60).min(1).regex(/^[a-z0-9_-]+$/, 'expected a category key such as web_development'),
    complexity: z.enum(COMPLEXITIES).default('standard'),
    urgent: z.boolean().default(false),
    details: text(10_000).min(10, 'tell us a little more (10 characters or more)'),
    budget: z
      .object({ minMinor: minorUnits().optional(), maxMinor: minorUnits().optional(), currency: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 currency code').default('CAD') })
      .refine((b) => b.minMinor === undefined || b.maxMinor === undefined || b.minMinor <= b.maxMinor, { path: ['maxMinor'], message: 'maximum is below minimum' })
      .optional(),
    timeline: line(200).optional(),
    attachments: z.array(FileUploadSchema).max(MAX_ATTACHMENTS, `at most ${MAX_ATTACHMENTS} files`).default([]),
    /** Honeypot: a field hidden from people; bots fill it. */
    website: line(500, { trim: false }).optional(),
    /** When the form was rendered (ms since epoch), to catch instant bot submits. */
    formStartedAt: z.number().int().positive().max(MAX_EPOCH_MS).optional(),
  })
  .superRefine((v, ctx) => {
    const total = v.attachments.reduce((n, a) => n + Math.floor((a.contentBase64.length * 3) / 4), 0);
    if (total > MAX_ATTACHMENT_TOTAL_BYTES) ctx.addIssue({ code: 'custom', path: ['attachments'], message: 'attachments exceed 10 MB in total' });
  });
export type QuoteRequestInput = z.output<typeof QuoteRequestSchema>;

export const ListQuoteRequestsSchema = z.object({
  breached: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  status: z.enum(['new', 'acknowledged', 'responded', 'quoted', 'closed']).optional(),
  queue: line(60).optional(),
  customerId: recordId().optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListQuoteRequestsQuery = z.output<typeof ListQuoteRequestsSchema>;

export const FirstResponseSchema = z.object({ note: text(2000).optional() });

export const RoutingRuleSchema = z.object({
  category: line(60).min(1).default('*'),
  complexity: line(60).min(1).default('*'),
  queue: line(60).min(1),
  ownerId: recordId().nullable().optional(),
});
export type RoutingRuleInput = z.output<typeof RoutingRuleSchema>;
