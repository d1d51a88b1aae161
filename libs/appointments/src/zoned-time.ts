/**
 * Wall-clock ↔ instant conversion for IANA zones with nothing but Intl, so slot
 * rules follow daylight-saving changes without a date library.
 */
import { isValidTimeZone, zonedParts, zoneOffsetMs, zonedTimeToInstant, type LocalParts as ZonedParts } from '@northstar/business-hours';

export { isValidTimeZone };

export interface LocalParts extends ZonedParts {
  /** 0 = Sunday. */
  weekday: number;
}

export function localParts(instant: Date | number, tz: string): LocalParts {
  const p = zonedParts(new Date(instant), tz);
  // The weekday of the local calendar date, so a zone's clock and its weekday always agree.
  const weekday = new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay();
  return { year: p.year, month: p.month, day: p.day, weekday, hour: p.hour, minute: p.minute, second: p.second };
}

/** Offset of the zone from UTC at an instant, minutes (Toronto in winter: −300). */
export function offsetMinutes(instant: Date | number, tz: string): number {
  return Math.round(zoneOffsetMs(new Date(instant).getTime(), tz) / 60_000);
}

/**
 * The instant at which the zone's clock shows date + minutes-of-day. A wall time
 * inside a spring-forward gap resolves to the instant after the gap; an ambiguous
 * fall-back time resolves to its first occurrence.
 */
export function zonedToUtc(date: { year: number; month: number; day: number }, minuteOfDay: number, tz: string): Date {
  const minute = ((minuteOfDay % 60) + 60) % 60;
  return zonedTimeToInstant(date.year, date.month, date.day, (minuteOfDay - minute) / 60, minute, tz);
}

/** ISO 8601 with the zone's offset, e.g. 2026-03-09T09:00:00-04:00 — how a customer sees a time. */
export function formatInZone(instant: Date | number, tz: string): string {
  const p = localParts(instant, tz);
  const off = offsetMinutes(instant, tz);
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

/** Calendar date arithmetic on Y-M-D (no time zone involved). */
export function addDays(date: { year: number; month: number; day: number }, days: number) {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), weekday: d.getUTCDay() };
}

export const ymd = (d: { year: number; month: number; day: number }) =>
  `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
