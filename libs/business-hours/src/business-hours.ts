/**
 * Business-hours arithmetic in a calendar's own time zone. Pure functions: the clock
 * and the calendar are arguments, so DST, weekends and holidays are unit-testable.
 *
 * Intervals are local wall-clock times, turned into instants per day with the zone's
 * offset on that day — so a 09:00–17:00 day is 8 real hours, and an interval that
 * spans a DST jump is shorter or longer in real minutes, as the clock on the wall says.
 */
import { isValidTimeZone, zonedParts, zonedTimeToInstant } from './zoned-time';

export * from './zoned-time';

export interface BusinessCalendar {
  /** IANA zone, e.g. 'America/Toronto'. */
  timeZone: string;
  /** Open intervals per ISO weekday (1 = Monday … 7 = Sunday), 'HH:MM' local, end exclusive. */
  week: Partial<Record<1 | 2 | 3 | 4 | 5 | 6 | 7, [string, string][]>>;
  /** Closed local dates, 'YYYY-MM-DD'. */
  holidays?: string[];
}

export const DEFAULT_CALENDAR: BusinessCalendar = {
  timeZone: 'America/Toronto',
  week: { 1: [['09:00', '17:00']], 2: [['09:00', '17:00']], 3: [['09:00', '17:00']], 4: [['09:00', '17:00']], 5: [['09:00', '17:00']] },
  holidays: [],
};

const MINUTE = 60_000;
/** Farther than any real calendar's gap between open intervals; stops a closed calendar looping forever. */
const MAX_SCAN_DAYS = 800;

function parseHm(v: string): [number, number] {
  const m = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(v);
  if (!m) throw new Error(`business-hours: bad time '${v}' (expected HH:MM)`);
  return [Number(m[1]), Number(m[2])];
}

/** ISO weekday of a plain calendar date (timezone-free arithmetic on a UTC date). */
function isoWeekday(y: number, m: number, d: number): 1 | 2 | 3 | 4 | 5 | 6 | 7 {
  const wd = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return (wd === 0 ? 7 : wd) as 1 | 2 | 3 | 4 | 5 | 6 | 7;
}

/** Open intervals of one local date as instants [start, end) in ms, sorted. */
export function openIntervalsOn(y: number, m: number, d: number, cal: BusinessCalendar): [number, number][] {
  const key = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  if (cal.holidays?.includes(key)) return [];
  const spans = cal.week[isoWeekday(y, m, d)] ?? [];
  return spans
    .map(([from, to]): [number, number] => {
      const [fh, fm] = parseHm(from);
      const [th, tm] = parseHm(to);
      const start = zonedTimeToInstant(y, m, d, fh, fm, cal.timeZone).getTime();
      // 24:00 = midnight of the next local day.
      const end =
        th === 24
          ? zonedTimeToInstant(...nextDay(y, m, d), 0, 0, cal.timeZone).getTime()
          : zonedTimeToInstant(y, m, d, th, tm, cal.timeZone).getTime();
      return [start, end];
    })
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
}

function nextDay(y: number, m: number, d: number): [number, number, number] {
  const t = new Date(Date.UTC(y, m - 1, d + 1));
  return [t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate()];
}

/** Walks open intervals from the local day containing `from`, yielding [start,end) clipped to start at `from`. */
function* openIntervalsFrom(from: Date, cal: BusinessCalendar): Generator<[number, number]> {
  const p = zonedParts(from, cal.timeZone);
  let day: [number, number, number] = [p.year, p.month, p.day];
  const t = from.getTime();
  for (let i = 0; i < MAX_SCAN_DAYS; i++) {
    for (const [s, e] of openIntervalsOn(...day, cal)) {
      if (e <= t) continue;
      yield [Math.max(s, t), e];
    }
    day = nextDay(...day);
  }
}

export function isBusinessTime(at: Date, cal: BusinessCalendar): boolean {
  const p = zonedParts(at, cal.timeZone);
  const t = at.getTime();
  return openIntervalsOn(p.year, p.month, p.day, cal).some(([s, e]) => t >= s && t < e);
}

/** The instant `minutes` business minutes after `from` (from inside or outside hours). */
export function addBusinessMinutes(from: Date, minutes: number, cal: BusinessCalendar): Date {
  if (minutes < 0) throw new Error('business-hours: minutes must be >= 0');
  let left = minutes * MINUTE;
  let last = from.getTime();
  for (const [s, e] of openIntervalsFrom(from, cal)) {
    last = s;
    if (left === 0) return new Date(s);
    const span = e - s;
    if (span >= left) return new Date(s + left);
    left -= span;
    last = e;
  }
  throw new Error(`business-hours: calendar has no open time within ${MAX_SCAN_DAYS} days of ${new Date(last).toISOString()}`);
}

/** Business minutes elapsed between two instants (0 when `to` <= `from`). */
export function businessMinutesBetween(from: Date, to: Date, cal: BusinessCalendar): number {
  const end = to.getTime();
  if (end <= from.getTime()) return 0;
  let ms = 0;
  for (const [s, e] of openIntervalsFrom(from, cal)) {
    if (s >= end) break;
    ms += Math.min(e, end) - s;
  }
  return Math.floor(ms / MINUTE);
}

/** Validates a calendar (zone and times) and throws naming the problem. */
export function assertCalendar(cal: BusinessCalendar): void {
  if (!isValidTimeZone(cal.timeZone)) throw new Error(`business-hours: unknown time zone '${cal.timeZone}'`);
  for (const spans of Object.values(cal.week)) for (const [a, b] of spans ?? []) {
      parseHm(a);
      parseHm(b);
    }
  for (const h of cal.holidays ?? []) if (!/^\d{4}-\d{2}-\d{2}$/.test(h)) throw new Error(`business-hours: bad holiday '${h}'`);
}
