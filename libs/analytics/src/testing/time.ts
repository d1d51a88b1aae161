/**
 * Time-zone arithmetic for the reference implementations, on Intl only — an
 * independent path from ClickHouse's own time-zone code.
 */
const fmtCache = new Map<string, Intl.DateTimeFormat>();
function fmt(tz: string): Intl.DateTimeFormat {
  let f = fmtCache.get(tz);
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
    });
    fmtCache.set(tz, f);
  }
  return f;
}

export interface Civil {
  y: number;
  m: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  ms: number;
}

export function civilOf(ms: number, tz: string): Civil {
  const parts = Object.fromEntries(fmt(tz).formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return { y: +parts.year, m: +parts.month, d: +parts.day, h: +parts.hour % 24, mi: +parts.minute, s: +parts.second, ms: ((ms % 1000) + 1000) % 1000 };
}

function offsetAt(ms: number, tz: string): number {
  const c = civilOf(ms, tz);
  return Date.UTC(c.y, c.m - 1, c.d, c.h, c.mi, c.s, c.ms) - ms;
}

export function civilToUtc(c: Civil, tz: string): number {
  const guess = Date.UTC(c.y, c.m - 1, c.d, c.h, c.mi, c.s, c.ms);
  const first = guess - offsetAt(guess, tz);
  return guess - offsetAt(first, tz);
}

/** 'YYYY-MM-DD HH:MM:SS' wall clock in tz → epoch ms. */
export function localToUtc(local: string, tz: string): number {
  const [d, t] = local.split(' ');
  const [y, m, dd] = d.split('-').map(Number);
  const [h, mi, s] = t.split(':').map(Number);
  return civilToUtc({ y, m, d: dd, h, mi, s, ms: 0 }, tz);
}

export function addCalendarMonths(ms: number, months: number, tz: string): number {
  if (!months) return ms;
  const c = civilOf(ms, tz);
  const total = c.y * 12 + (c.m - 1) + months;
  const y = Math.floor(total / 12);
  const m = (total % 12) + 1;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return civilToUtc({ ...c, y, m, d: Math.min(c.d, last) }, tz);
}

const pad = (n: number) => String(n).padStart(2, '0');

export function localDate(ms: number, tz: string): string {
  const c = civilOf(ms, tz);
  return `${c.y}-${pad(c.m)}-${pad(c.d)}`;
}

export function bucketOf(ms: number, tz: string, interval: 'day' | 'week' | 'month'): string {
  const d = localDate(ms, tz);
  if (interval === 'day') return d;
  if (interval === 'month') return `${d.slice(0, 7)}-01`;
  const dt = new Date(`${d}T00:00:00Z`);
  const dow = (dt.getUTCDay() + 6) % 7; // Monday = 0
  dt.setUTCDate(dt.getUTCDate() - dow);
  return dt.toISOString().slice(0, 10);
}

/** Whole months/weeks between two bucket starts. */
export function periodsBetween(a: string, b: string, interval: 'week' | 'month'): number {
  if (interval === 'month') return (+b.slice(0, 4) - +a.slice(0, 4)) * 12 + (+b.slice(5, 7) - +a.slice(5, 7));
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / (7 * 86400000));
}

export function chTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}
