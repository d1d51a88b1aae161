import { z } from 'zod';
import { calendarDate, country, line, timeZone } from '@northstar/http';
import { CONTACT_METHODS } from './customer.schemas';

/** An optional field the caller may clear with null; an empty string is refused rather than stored. */
const clearable = (max: number) => line(max).min(1).nullable().optional();

/**
 * Master data staff may correct. Not the number, type, registration channel or stages:
 * those are facts of the customer's history (stages derive from their records).
 * Phones are normalised by the service, which knows the address country.
 */
export const UpdateCustomerSchema = z
  .strictObject({
    name: line(200).min(1).optional(),
    email: z.email('not a valid email address').max(254).transform((v) => v.trim().toLowerCase()).optional(),
    phone: line(40).min(1).optional(),
    secondaryPhone: clearable(40),
    whatsapp: clearable(40),
    preferredContact: z.enum(CONTACT_METHODS).optional(),
    address: z
      .strictObject({
        line1: clearable(200),
        line2: clearable(200),
        city: clearable(100),
        region: clearable(100),
        postalCode: clearable(20),
        country: country().nullable().optional(),
      })
      .optional(),
    company: clearable(200),
    dateOfBirth: calendarDate()
      .refine((d) => d <= new Date().toISOString().slice(0, 10), 'date of birth must be in the past')
      .nullable()
      .optional(),
    occupation: clearable(120),
    language: z
      .string()
      .trim()
      .regex(/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/, 'expected a language tag such as en or fr-CA')
      .nullable()
      .optional(),
    timeZone: timeZone().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'nothing to change');
export type UpdateCustomerInput = z.output<typeof UpdateCustomerSchema>;
