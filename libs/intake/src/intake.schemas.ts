import { z } from 'zod';
import { CONTACT_METHODS, FileUploadSchema } from '@northstar/customers';

export const COMPLEXITIES = ['simple', 'standard', 'complex'] as const;
export const MAX_ATTACHMENTS = 5;
export const MAX_ATTACHMENT_TOTAL_BYTES = 10 * 1024 * 1024;
/** base64 inflates 4/3, plus the JSON around it. */
export const INTAKE_BODY_LIMIT_BYTES = Math.ceil((MAX_ATTACHMENT_TOTAL_BYTES * 4) / 3) + 256 * 1024;

const money = z.number().int('amounts are integer minor units').min(0).max(10_000_000_000);

export const QuoteRequestSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    email: z.email('not a valid email address').max(254).transform((v) => v.trim().toLowerCase()),
    phone: z.string().trim().min(1, 'phone number is required').max(40),
    /** Read numbers without '+' in this country. */
    country: z.string().regex(/^[A-Za-z]{2}$/, 'expected an ISO 3166-1 alpha-2 country code').transform((v) => v.toUpperCase()).optional(),
    company: z.string().trim().max(200).optional(),
    contactPreference: z.enum(CONTACT_METHODS),
    category: z.string().trim().min(1).max(60).regex(/^[a-z0-9_-]+$/, 'expected a category key such as web_development'),
    complexity: z.enum(COMPLEXITIES).default('standard'),
    urgent: z.boolean().default(false),
    details: z.string().trim().min(10, 'tell us a little more (10 characters or more)').max(10_000),
    budget: z
      .object({ minMinor: money.optional(), maxMinor: money.optional(), currency: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 currency code').default('CAD') })
      .refine((b) => b.minMinor === undefined || b.maxMinor === undefined || b.minMinor <= b.maxMinor, { path: ['maxMinor'], message: 'maximum is below minimum' })
      .optional(),
    timeline: z.string().trim().max(200).optional(),
    attachments: z.array(FileUploadSchema).max(MAX_ATTACHMENTS, `at most ${MAX_ATTACHMENTS} files`).default([]),
    /** Honeypot: a field hidden from people; bots fill it. */
    website: z.string().max(500).optional(),
    /** When the form was rendered (ms since epoch), to catch instant bot submits. */
    formStartedAt: z.number().int().positive().optional(),
  })
  .superRefine((v, ctx) => {
    const total = v.attachments.reduce((n, a) => n + Math.floor((a.contentBase64.length * 3) / 4), 0);
    if (total > MAX_ATTACHMENT_TOTAL_BYTES) ctx.addIssue({ code: 'custom', path: ['attachments'], message: 'attachments exceed 10 MB in total' });
  });
export type QuoteRequestInput = z.output<typeof QuoteRequestSchema>;

export const ListQuoteRequestsSchema = z.object({
  breached: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  status: z.enum(['new', 'acknowledged', 'responded', 'quoted', 'closed']).optional(),
  queue: z.string().max(60).optional(),
  customerId: z.string().max(40).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListQuoteRequestsQuery = z.output<typeof ListQuoteRequestsSchema>;

export const FirstResponseSchema = z.object({ note: z.string().trim().max(2000).optional() });

export const RoutingRuleSchema = z.object({
  category: z.string().trim().min(1).max(60).default('*'),
  complexity: z.string().trim().min(1).max(60).default('*'),
  queue: z.string().trim().min(1).max(60),
  ownerId: z.string().max(40).nullable().optional(),
});
export type RoutingRuleInput = z.output<typeof RoutingRuleSchema>;
