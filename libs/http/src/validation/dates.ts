import { z } from 'zod';

/**
 * The years a date may fall in. Anything outside is a typo or a probe (year −271821 is
 * the smallest JavaScript Date): PostgreSQL, ClickHouse's DateTime64 (1900–2299) and the
 * date arithmetic downstream all fail on such values instead of refusing them.
 */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2199;

const YMD = /^(\d{4})-(\d{2})-(\d{2})$/;

const inRange = (year: number) => year >= MIN_YEAR && year <= MAX_YEAR;

/** `YYYY-MM-DD` naming a day that exists (not 2026-02-30, not 2026-13-45) within MIN_YEAR–MAX_YEAR. */
export function isCalendarDate(s: string): boolean {
  const m = YMD.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(Date.UTC(y, mo - 1, d));
  return inRange(y) && day.getUTCFullYear() === y && day.getUTCMonth() === mo - 1 && day.getUTCDate() === d;
}

const DATE_MESSAGE = `expected a calendar date YYYY-MM-DD between ${MIN_YEAR} and ${MAX_YEAR}`;

/** A calendar day as `YYYY-MM-DD` text (due dates, birth dates, work dates). */
export const calendarDate = () => z.string().refine(isCalendarDate, DATE_MESSAGE);

const INSTANT_MESSAGE = `expected an ISO 8601 date-time with offset between ${MIN_YEAR} and ${MAX_YEAR}`;

/** An ISO 8601 date-time with `Z` or an offset, on a real calendar day within range, as a Date. */
export const instant = () =>
  z.iso
    .datetime({ offset: true, message: INSTANT_MESSAGE })
    .transform((v) => new Date(v))
    .refine((d) => inRange(d.getUTCFullYear()), INSTANT_MESSAGE);

/** An instant, or a bare `YYYY-MM-DD` meaning midnight UTC that day, as a Date (query ranges). */
export const dayOrInstant = () =>
  z
    .string()
    .refine((v) => (v.length === 10 ? isCalendarDate(v) : instant().safeParse(v).success), `expected YYYY-MM-DD or ${INSTANT_MESSAGE}`)
    .transform((v) => new Date(v.length === 10 ? `${v}T00:00:00Z` : v));
