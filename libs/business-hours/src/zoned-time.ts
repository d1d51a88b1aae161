/**
 * Wall-clock ↔ instant conversion for IANA zones on Intl alone — the one implementation
 * shared by business hours, appointment slots and the analytics reference computations.
 */
import { IANA_TIME_ZONES } from './iana-time-zones';

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** An IANA zone name spelled exactly as the tz database spells it (see IANA_TIME_ZONES for why Intl alone is not enough). */
export function isValidTimeZone(timeZone: string): boolean {
  return IANA_TIME_ZONES.has(timeZone);
}

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** Wall-clock parts of an instant in a zone. */
export function zonedParts(at: Date, timeZone: string): LocalParts {
  const p: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(at)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return { year: p.year, month: p.month, day: p.day, hour: p.hour, minute: p.minute, second: p.second };
}

/** Offset (ms) of the zone from UTC at an instant (Toronto in winter: −5 h). */
export function zoneOffsetMs(at: number, timeZone: string): number {
  const p = zonedParts(new Date(at), timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(at / 1000) * 1000;
}

/**
 * The instant a local wall time denotes. A time skipped by a spring-forward gap maps
 * forward by the gap (02:30 → 03:30); an ambiguous fall-back time takes the first
 * occurrence. That is what a person setting a clock would expect.
 */
export function zonedTimeToInstant(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): Date {
  const naive = Date.UTC(year, month - 1, day, hour, minute);
  const o1 = zoneOffsetMs(naive, timeZone);
  let guess = naive - o1;
  const o2 = zoneOffsetMs(guess, timeZone);
  if (o2 !== o1) {
    const alt = naive - o2;
    // Ambiguous or gap: prefer the candidate whose local time reads back as asked, earliest first.
    const candidates = [Math.min(guess, alt), Math.max(guess, alt)];
    const exact = candidates.find((c) => {
      const p = zonedParts(new Date(c), timeZone);
      return p.hour === hour && p.minute === minute && p.day === day;
    });
    guess = exact ?? naive - Math.min(o1, o2);
  }
  return new Date(guess);
}

/** Local calendar date of an instant, 'YYYY-MM-DD'. */
export function localDate(at: Date, timeZone: string): string {
  const p = zonedParts(at, timeZone);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}
