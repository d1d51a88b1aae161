import { z } from 'zod';
import { APPOINTMENT_TYPE_NAMES } from './appointment-types';
import { isValidTimeZone } from './zoned-time';

const tz = z.string().refine(isValidTimeZone, { message: 'expected an IANA time zone, e.g. America/Toronto' });
const instant = z.iso.datetime({ offset: true, message: 'expected an ISO 8601 date-time' }).transform((v) => new Date(v));

export const SlotsQuerySchema = z.object({
  type: z.enum(APPOINTMENT_TYPE_NAMES),
  from: instant.optional(),
  to: instant.optional(),
  /** Show times on this clock; default the customer's zone. */
  timeZone: tz.optional(),
  customerId: z.string().optional(),
});

export const BookAppointmentSchema = z.object({
  customerId: z.string().min(1),
  quoteId: z.string().min(1).optional(),
  type: z.enum(APPOINTMENT_TYPE_NAMES),
  startsAt: instant,
  timeZone: tz.optional(),
  notes: z.string().max(2000).optional(),
});
export type BookAppointment = z.infer<typeof BookAppointmentSchema>;

export const RescheduleSchema = z.object({ startsAt: instant });
export const CancelSchema = z.object({ reason: z.string().trim().min(3).max(1000) });

const dayOrInstant = z.union([z.iso.date(), z.iso.datetime({ offset: true })], { message: 'expected a date (YYYY-MM-DD) or an ISO 8601 date-time' });

/**
 * The calendar list for staff views ("appointments today"). A bare date means
 * midnight on `timeZone` (default the business's zone), so "today" is the
 * business's day, not UTC's.
 */
export const ListAppointmentsSchema = z
  .object({
    from: dayOrInstant,
    to: dayOrInstant,
    timeZone: tz.optional(),
    status: z.enum(['booked', 'cancelled', 'held', 'no_show']).optional(),
    customerId: z.string().min(1).max(40).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(200),
  });
export type ListAppointmentsQuery = z.infer<typeof ListAppointmentsSchema>;
