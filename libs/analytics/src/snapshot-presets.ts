/**
 * The dashboard's date presets, resolved on the server so the snapshot job can
 * precompute exactly the requests the management view sends. Mirrors
 * apps/dashboard/src/lib/date-presets.ts (half-open ranges of whole local days
 * ending after today) and the view's request shapes (intervalFor, 6 sparkline
 * buckets, monthly 12-period retention) — change both together.
 */
export const SNAPSHOT_PRESETS = ['this_month', 'last_month', 'last_30_days', 'last_90_days', 'quarter_to_date', 'year_to_date'] as const;
export type SnapshotPreset = (typeof SNAPSHOT_PRESETS)[number];
/** Sparkline points the management view asks for. */
export const SPARKLINE_BUCKETS = 6;

const DAY = 86_400_000;
const parseDay = (d: string) => Date.parse(`${d.slice(0, 10)}T00:00:00Z`);
const fmtDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const asLocal = (d: string) => `${d} 00:00:00`;

function addDays(d: string, n: number): string {
  return fmtDay(parseDay(d) + n * DAY);
}
function addMonths(d: string, n: number): string {
  const [y, m, day] = d.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1 + n, 1));
  const last = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 0)).getUTCDate();
  return fmtDay(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), Math.min(day, last)));
}

export function todayIn(timeZone: string, now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** A preset as wall-clock `YYYY-MM-DD 00:00:00` bounds, `to` exclusive. */
export function resolvePreset(key: SnapshotPreset, today: string): { from: string; to: string } {
  const to = addDays(today, 1);
  const [y, m] = today.split('-').map(Number);
  const monthStart = `${today.slice(0, 8)}01`;
  const r = (from: string, until = to) => ({ from: asLocal(from), to: asLocal(until) });
  switch (key) {
    case 'this_month':
      return r(monthStart);
    case 'last_month':
      return r(addMonths(monthStart, -1), monthStart);
    case 'last_30_days':
      return r(addDays(to, -30));
    case 'last_90_days':
      return r(addDays(to, -90));
    case 'quarter_to_date':
      return r(`${y}-${String(Math.floor((m - 1) / 3) * 3 + 1).padStart(2, '0')}-01`);
    case 'year_to_date':
      return r(`${y}-01-01`);
  }
}

export function presetRanges(timeZone: string, now: Date = new Date()): { key: SnapshotPreset; from: string; to: string }[] {
  const today = todayIn(timeZone, now);
  return SNAPSHOT_PRESETS.map((key) => ({ key, ...resolvePreset(key, today) }));
}

/**
 * Whether a request's range is one of the presets in its time zone (today or
 * yesterday there, so a page opened just before midnight still counts). Only
 * these may be served stale-while-revalidate: the snapshot job keeps them warm.
 */
export function isPresetRange(from: string, to: string, timeZone: string, now: Date = new Date()): boolean {
  try {
    return [now, new Date(now.getTime() - DAY)].some((at) => presetRanges(timeZone, at).some((p) => p.from === from && p.to === to));
  } catch {
    return false;
  }
}

/** The view's chart bucket: days up to ~2 months, weeks up to ~6 months, else months. */
export function intervalFor(from: string, to: string): 'day' | 'week' | 'month' {
  const d = Math.round((parseDay(to) - parseDay(from)) / DAY);
  return d <= 62 ? 'day' : d <= 190 ? 'week' : 'month';
}

const parseLocal = (s: string) => Date.parse(`${s.replace(' ', 'T')}Z`);
const fmtLocal = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

/**
 * Splits [from, to) into at most `n` consecutive buckets covering it exactly, the
 * last one taking the remainder: whole days when both ends are midnights (as the
 * dashboard's splitRange did per request), else equal whole seconds.
 */
export function splitPeriod(from: string, to: string, n: number): { from: string; to: string }[] {
  const f = parseLocal(from);
  const t = parseLocal(to);
  const unit = f % DAY === 0 && t % DAY === 0 ? DAY : 1000;
  const units = Math.floor((t - f) / unit);
  if (units <= 0) return [];
  const k = Math.max(1, Math.min(n, units));
  const size = Math.floor(units / k) * unit;
  const out: { from: string; to: string }[] = [];
  let cur = f;
  for (let i = 0; i < k; i++) {
    const next = i === k - 1 ? t : cur + size;
    out.push({ from: fmtLocal(cur), to: fmtLocal(next) });
    cur = next;
  }
  return out;
}
