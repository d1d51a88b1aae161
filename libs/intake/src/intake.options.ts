import { DEFAULT_CALENDAR, assertCalendar, type BusinessCalendar } from '@northstar/business-hours';
import { lifecycleNow } from '@northstar/outbox';

export interface IntakeOptions {
  /** The business calendar first-response commitments are measured in. */
  calendar: BusinessCalendar;
  /** First response due within this many business minutes (4 business hours). */
  responseBusinessMinutes: number;
  /** Where new-request alerts go. */
  teamEmail: string;
  /** Injected clock: tests cross years and DST without waiting. */
  now: () => Date;
}

export const INTAKE_OPTIONS = Symbol('INTAKE_OPTIONS');

/**
 * From the environment: INTAKE_BUSINESS_CALENDAR (JSON BusinessCalendar, e.g.
 * {"timeZone":"America/Vancouver","week":{"1":[["08:00","16:00"]]},"holidays":["2025-12-25"]}),
 * INTAKE_TEAM_EMAIL. A bad calendar stops start-up with the reason.
 */
export function intakeOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): IntakeOptions {
  let calendar = DEFAULT_CALENDAR;
  if (env.INTAKE_BUSINESS_CALENDAR) {
    try {
      calendar = JSON.parse(env.INTAKE_BUSINESS_CALENDAR) as BusinessCalendar;
    } catch {
      throw new Error('INTAKE_BUSINESS_CALENDAR: expected JSON');
    }
  }
  assertCalendar(calendar);
  return { calendar, responseBusinessMinutes: 240, teamEmail: env.INTAKE_TEAM_EMAIL ?? 'team@northstar.local', now: lifecycleNow };
}
