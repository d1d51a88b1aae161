/**
 * Wall-clock ↔ instant conversion for IANA zones with nothing but Intl, so slot
 * rules follow daylight-saving changes without a date library.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
    });
    formatters.set(tz, f);
  }
  return f;
}

export function isValidTimeZone(tz: string): boolean {
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  /** 0 = Sunday. */
  weekday: number;
  hour: number;
  minute: number;
  second: number;
}

export function localParts(instant: Date | number, tz: string): LocalParts {
  const parts = formatter(tz).formatToParts(new Date(instant));
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return {
    year: Number(get('year')),
    month: Number(get('month')),
    day: Number(get('day')),
    weekday: WEEKDAYS.indexOf(get('weekday')),
    hour: Number(get('hour')),
    minute: Number(get('minute')),
    second: Number(get('second')),
  };
}

/** Offset of the zone from UTC at an instant, minutes (Toronto in winter: −300). */
export function offsetMinutes(instant: Date | number, tz: string): number {
  const ms = new Date(instant).getTime();
  const p = localParts(ms, tz);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
}

/**
 * The instant at which the zone's clock shows date + minutes-of-day. A wall time
 * inside a spring-forward gap resolves to the instant after the gap; an ambiguous
 * fall-back time resolves to its first occurrence.
 */
export function zonedToUtc(date: { year: number; month: number; day: number }, minuteOfDay: number, tz: string): Date {
  const guess = Date.UTC(date.year, date.month - 1, date.day, 0, minuteOfDay);
  const first = guess - offsetMinutes(guess, tz) * 60_000;
  const second = guess - offsetMinutes(first, tz) * 60_000;
  const candidate = Math.min(first, second);
  // pick the earliest candidate that really shows the requested wall time, else the later one (gap)
  for (const t of [candidate, Math.max(first, second)]) {
    const p = localParts(t, tz);
    if (p.year === date.year && p.month === date.month && p.day === date.day && p.hour * 60 + p.minute === minuteOfDay) return new Date(t);
  }
  return new Date(Math.max(first, second));
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
