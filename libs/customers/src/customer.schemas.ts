import { z } from 'zod';
import { calendarDate, country, dayOrInstant, line, recordId, text, timeZone } from '@northstar/http';

export const CONTACT_METHODS = ['email', 'phone', 'sms', 'whatsapp'] as const;
export const CHANNELS = ['web_form', 'phone', 'walk_in', 'chat', 'whatsapp', 'referral', 'service_desk'] as const;
export const LIFECYCLE_STAGES = ['lead', 'prospect', 'customer', 'repeat', 'at_risk', 'churned'] as const;
export const NOTIFICATION_KINDS = ['quote', 'appointment', 'invoice', 'reminder', 'support', 'intake'] as const;

const trimmed = (max: number) => line(max).min(1);
const optText = (max: number) => line(max).optional().transform((v) => (v ? v : undefined));

export const AddressSchema = z.object({
  line1: optText(200),
  line2: optText(200),
  city: optText(100),
  region: optText(100),
  postalCode: optText(20),
  country: country().optional(),
});

export const ContactInputSchema = z.object({
  name: trimmed(200),
  role: optText(100),
  email: z.email().max(254).transform((v) => v.toLowerCase()).optional(),
  phone: line(40).optional(),
  isPrimary: z.boolean().optional(),
});

/** Phone numbers are checked (and normalised) by the service, which knows the address country. */
export const RegisterCustomerSchema = z
  .object({
    type: z.enum(['individual', 'business']).default('individual'),
    name: trimmed(200),
    email: z.email('not a valid email address').max(254).transform((v) => v.trim().toLowerCase()),
    phone: line(40).min(1, 'phone number is required'),
    preferredContact: z.enum(CONTACT_METHODS),
    channel: z.enum(CHANNELS),
    address: AddressSchema.optional(),
    company: optText(200),
    dateOfBirth: calendarDate()
      .refine((d) => d <= new Date().toISOString().slice(0, 10), 'date of birth must be in the past')
      .optional(),
    secondaryPhone: line(40).optional(),
    whatsapp: line(40).optional(),
    occupation: optText(120),
    language: z
      .string()
      .trim()
      .regex(/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/, 'expected a language tag such as en or fr-CA')
      .optional(),
    timeZone: timeZone().optional(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'expected an ISO 4217 currency code')
      .optional(),
    lifecycleStage: z.enum(LIFECYCLE_STAGES).optional(),
    /** Business customers: the account's other contacts. */
    contacts: z.array(ContactInputSchema).max(50).optional(),
    accountName: optText(200),
    referredBy: line(40).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.type === 'business' && !v.company && !v.accountName)
      ctx.addIssue({ code: 'custom', path: ['company'], message: 'business customers need a company name' });
    if (v.type === 'individual' && v.contacts?.length)
      ctx.addIssue({ code: 'custom', path: ['contacts'], message: 'only business customers have account contacts' });
  });
export type RegisterCustomerInput = z.output<typeof RegisterCustomerSchema>;

export const PreferencesSchema = z
  .object({
    preferredChannel: z.enum(CONTACT_METHODS).optional(),
    bestTime: line(40).nullable().optional(),
    language: z.string().trim().regex(/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/, 'expected a language tag such as en or fr-CA').nullable().optional(),
    marketingOptIn: z.boolean().optional(),
    notifications: z.partialRecord(z.enum(NOTIFICATION_KINDS), z.boolean()).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'nothing to change');
export type PreferencesInput = z.output<typeof PreferencesSchema>;


export const SearchCustomersSchema = z.object({
  name: line(200).min(2).optional(),
  phone: line(40).min(3).optional(),
  email: line(254).min(3).transform((v) => v.toLowerCase()).optional(),
  id: recordId().optional(),
  address: line(200).min(3).optional(),
  type: z.enum(['individual', 'business']).optional(),
  lifecycleStage: z.enum(LIFECYCLE_STAGES).optional(),
  registeredFrom: dayOrInstant().optional(),
  registeredTo: dayOrInstant().optional(),
  lastServiceFrom: dayOrInstant().optional(),
  lastServiceTo: dayOrInstant().optional(),
  includeDeleted: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  sort: z.enum(['relevance', 'name', 'createdAt', 'lastServiceAt']).default('relevance'),
  order: z.enum(['asc', 'desc']).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});
export type SearchCustomersQuery = z.output<typeof SearchCustomersSchema>;

export const MergeCustomersSchema = z
  .object({ fromId: recordId(), intoId: recordId(), reason: text(500).optional() })
  .refine((v) => v.fromId !== v.intoId, { path: ['intoId'], message: 'cannot merge a customer into itself' });

export const NoteSchema = z.object({ body: text(10_000).min(1) });

export const DOCUMENT_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'text/plain', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'] as const;

export const FileUploadSchema = z.object({
  filename: line(200)
    .min(1)
    .refine((v) => !/[\\/\0]/.test(v), 'filename must not contain path separators'),
  mimeType: z.enum(DOCUMENT_TYPES, { message: `allowed types: ${DOCUMENT_TYPES.join(', ')}` }),
  contentBase64: z.string().min(1).regex(/^[A-Za-z0-9+/]+={0,2}$/, 'expected base64'),
});
export const DocumentUploadSchema = FileUploadSchema;
