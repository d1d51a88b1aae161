import { z } from 'zod';
import { DEFAULT_SLOT_RULES, type SlotRules } from './slot-rules';

export const APPOINTMENTS_SETTINGS = Symbol('APPOINTMENTS_SETTINGS');

export interface AppointmentsSettings {
  /** The team's Google calendars whose free/busy decides availability; bookings go on the free one. */
  calendarIds: string[];
  rules: SlotRules;
  /** Reminder offsets before the start, minutes (24 h and 1 h). */
  reminderOffsetsMinutes: number[];
}

const csv = z.string().transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean));
const env = z.object({
  APPOINTMENT_CALENDAR_IDS: csv.default(['primary']),
  APPOINTMENT_TIME_ZONE: z.string().default(DEFAULT_SLOT_RULES.businessHours.timeZone),
  APPOINTMENT_MIN_NOTICE_MINUTES: z.coerce.number().int().min(0).default(DEFAULT_SLOT_RULES.minNoticeMinutes),
  APPOINTMENT_HORIZON_DAYS: z.coerce.number().int().min(1).max(365).default(DEFAULT_SLOT_RULES.horizonDays),
  APPOINTMENT_BUFFER_MINUTES: z.coerce.number().int().min(0).max(120).default(DEFAULT_SLOT_RULES.bufferBeforeMinutes),
  /** YYYY-MM-DD list of closed days. */
  APPOINTMENT_HOLIDAYS: csv.default([]),
});

export function loadAppointmentsSettings(source: NodeJS.ProcessEnv = process.env): AppointmentsSettings {
  const parsed = env.safeParse(source);
  if (!parsed.success) throw new Error(`appointments settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const e = parsed.data;
  return {
    calendarIds: e.APPOINTMENT_CALENDAR_IDS,
    rules: {
      ...DEFAULT_SLOT_RULES,
      minNoticeMinutes: e.APPOINTMENT_MIN_NOTICE_MINUTES,
      horizonDays: e.APPOINTMENT_HORIZON_DAYS,
      bufferBeforeMinutes: e.APPOINTMENT_BUFFER_MINUTES,
      bufferAfterMinutes: e.APPOINTMENT_BUFFER_MINUTES,
      businessHours: { ...DEFAULT_SLOT_RULES.businessHours, timeZone: e.APPOINTMENT_TIME_ZONE, holidays: e.APPOINTMENT_HOLIDAYS },
    },
    reminderOffsetsMinutes: [24 * 60, 60],
  };
}
