/**
 * Time-zone arithmetic for the reference implementations, on Intl only — an
 * independent path from ClickHouse's own time-zone code (the code these references
 * check). Reading an instant's wall clock reuses the Intl helpers of
 * @northstar/business-hours, which is not on the ClickHouse path, so independence holds.
 */
import { zonedParts, zoneOffsetMs } from '@northstar/business-hours';

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
  const p = zonedParts(new Date(ms), tz);
  return { y: p.year, m: p.month, d: p.day, h: p.hour % 24, mi: p.minute, s: p.second, ms: ((ms % 1000) + 1000) % 1000 };
}

/**
 * Deliberately not zonedTimeToInstant: this two-step fixed point resolves a wall time
 * skipped by a spring-forward gap differently (02:30 → 01:30 standard time here, 03:30
 * there), and the golden references were built on this resolution.
 */
export function civilToUtc(c: Civil, tz: string): number {
  const guess = Date.UTC(c.y, c.m - 1, c.d, c.h, c.mi, c.s, c.ms);
  const first = guess - zoneOffsetMs(guess, tz);
  return guess - zoneOffsetMs(first, tz);
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
