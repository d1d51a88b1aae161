/** Dates are `YYYY-MM-DD` wall-clock days in the chosen time zone; `to` is exclusive. */
export interface DateRange {
  from: string;
  to: string;
}

export const PRESETS = [
  { key: 'last_7_days', label: 'Last 7 days' },
  { key: 'last_30_days', label: 'Last 30 days' },
  { key: 'last_90_days', label: 'Last 90 days' },
  { key: 'this_month', label: 'This month' },
  { key: 'last_month', label: 'Last month' },
  { key: 'quarter_to_date', label: 'Quarter to date' },
  { key: 'year_to_date', label: 'Year to date' },
  { key: 'last_12_months', label: 'Last 12 months' },
] as const;
export type PresetKey = (typeof PRESETS)[number]['key'];

const DAY = 86_400_000;
const parse = (d: string) => Date.parse(`${d}T00:00:00Z`);
const fmt = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function isIsoDate(s: unknown): s is string {
  return typeof s === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(parse(s)) && fmt(parse(s)) === s;
}

export function addDays(d: string, n: number): string {
  return fmt(parse(d) + n * DAY);
}

export function addMonths(d: string, n: number): string {
  const [y, m, day] = d.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1 + n, 1));
  const last = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 0)).getUTCDate();
  return fmt(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), Math.min(day, last)));
}

export function daysBetween(from: string, to: string): number {
  return Math.round((parse(to) - parse(from)) / DAY);
}

/** Today's date in a time zone (what a user there sees on the wall calendar). */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  } catch {
    return now.toISOString().slice(0, 10);
  }
}

/** A preset as a half-open range ending after today (so today's data is included). */
export function resolvePreset(key: PresetKey, today: string): DateRange {
  const to = addDays(today, 1);
  const [y, m] = today.split('-').map(Number);
  const monthStart = `${today.slice(0, 8)}01`;
  switch (key) {
    case 'last_7_days':
      return { from: addDays(to, -7), to };
    case 'last_30_days':
      return { from: addDays(to, -30), to };
    case 'last_90_days':
      return { from: addDays(to, -90), to };
    case 'this_month':
      return { from: monthStart, to };
    case 'last_month':
      return { from: addMonths(monthStart, -1), to: monthStart };
    case 'quarter_to_date':
      return { from: `${y}-${String(Math.floor((m - 1) / 3) * 3 + 1).padStart(2, '0')}-01`, to };
    case 'year_to_date':
      return { from: `${y}-01-01`, to };
    case 'last_12_months':
      return { from: addMonths(addDays(to, 0), -12), to };
  }
}

/** The period of the same length just before this one (what "change" compares against). */
export function previousRange(r: DateRange): DateRange {
  const n = daysBetween(r.from, r.to);
  return { from: addDays(r.from, -n), to: r.from };
}

/**
 * Splits a range into at most `n` consecutive whole-day buckets that cover it
 * exactly (the last bucket takes the remainder). Used for sparklines.
 */
export function splitRange(r: DateRange, n: number): DateRange[] {
  const days = daysBetween(r.from, r.to);
  if (days <= 0) return [];
  const k = Math.max(1, Math.min(n, days));
  const size = Math.floor(days / k);
  const out: DateRange[] = [];
  let from = r.from;
  for (let i = 0; i < k; i++) {
    const to = i === k - 1 ? r.to : addDays(from, size);
    out.push({ from, to });
    from = to;
  }
  return out;
}

/** Chart bucket for a range: days up to ~2 months, weeks up to ~6 months, else months. */
export function intervalFor(r: DateRange): 'day' | 'week' | 'month' {
  const d = daysBetween(r.from, r.to);
  return d <= 62 ? 'day' : d <= 190 ? 'week' : 'month';
}
