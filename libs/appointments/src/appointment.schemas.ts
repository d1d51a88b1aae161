import { z } from 'zod';
import { APPOINTMENT_TYPE_NAMES } from './appointment-types';
import { calendarDate, instant, recordId, text, timeZone } from '@northstar/http';

export const SlotsQuerySchema = z.object({
  type: z.enum(APPOINTMENT_TYPE_NAMES),
  from: instant().optional(),
  to: instant().optional(),
  /** Show times on this clock; default the customer's zone. */
  timeZone: timeZone().optional(),
  customerId: recordId().optional(),
});

export const BookAppointmentSchema = z.object({
  customerId: recordId(),
  quoteId: recordId().optional(),
  type: z.enum(APPOINTMENT_TYPE_NAMES),
  startsAt: instant(),
  timeZone: timeZone().optional(),
  notes: text(2000).optional(),
});
export type BookAppointment = z.infer<typeof BookAppointmentSchema>;

export const RescheduleSchema = z.object({ startsAt: instant() });
export const CancelSchema = z.object({ reason: text(1000).min(3) });

/** Kept as text: a bare date is midnight on the list's time zone, not UTC (see the controller). */
const dayOrInstant = z.union([calendarDate(), instant().transform((d) => d.toISOString())], { message: 'expected a date (YYYY-MM-DD) or an ISO 8601 date-time' });

/**
 * The calendar list for staff views ("appointments today"). A bare date means
 * midnight on `timeZone` (default the business's zone), so "today" is the
 * business's day, not UTC's.
 */
export const ListAppointmentsSchema = z
  .object({
    from: dayOrInstant,
    to: dayOrInstant,
    timeZone: timeZone().optional(),
    status: z.enum(['booked', 'cancelled', 'held', 'no_show']).optional(),
    customerId: recordId().optional(),
    limit: z.coerce.number().int().min(1).max(500).default(200),
  });
export type ListAppointmentsQuery = z.infer<typeof ListAppointmentsSchema>;
