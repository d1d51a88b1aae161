import type { KpiUnit } from '@northstar/api-contracts';
import { minorToMajor } from '@northstar/money';

/**
 * Money for screens, localized ("$1,235", "$2.5M" on chart axes). Amounts arrive in
 * integer minor units; the currency's own exponent (libs/money) turns them into major
 * units, which only Intl ever sees.
 */
export function formatMoney(minor: number | null | undefined, currency = 'CAD', compact = false): string {
  if (minor === null || minor === undefined || Number.isNaN(minor)) return '—';
  const major = minorToMajor(minor, currency);
  const short = compact && Math.abs(major) >= 10_000;
  try {
    return new Intl.NumberFormat('en-CA', {
      style: 'currency',
      currency,
      notation: short ? 'compact' : 'standard',
      // Explicit minimum: Node's and Chromium's ICU differ on trailing zeros in compact notation otherwise.
      minimumFractionDigits: 0,
      maximumFractionDigits: short ? 1 : compact || Math.abs(major) >= 1000 ? 0 : 2,
    }).format(major);
  } catch {
    return `${major.toFixed(2)} ${currency}`;
  }
}

export function formatNumber(v: number, digits = 1): string {
  return new Intl.NumberFormat('en-CA', { maximumFractionDigits: digits }).format(v);
}

export function formatKpiValue(value: number | null | undefined, unit: KpiUnit, currency = 'CAD'): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  switch (unit) {
    case 'ratio':
      return `${formatNumber(value * 100, 1)}%`;
    case 'minor':
      return formatMoney(value, currency, true);
    case 'hours':
      return `${formatNumber(value, 1)} h`;
    case 'days':
      return `${formatNumber(value, 1)} d`;
    case 'minutes':
      return value >= 120 ? `${formatNumber(value / 60, 1)} h` : `${formatNumber(value, 0)} min`;
    case 'count':
      return formatNumber(value, 0);
    default:
      return formatNumber(value, 1);
  }
}

export type Tone = 'good' | 'bad' | 'neutral';

/** Whether a change is good news depends on which way the KPI should move. */
export function changeTone(change: number | null | undefined, better: 'higher' | 'lower'): Tone {
  if (change === null || change === undefined || change === 0 || Number.isNaN(change)) return 'neutral';
  return (change > 0) === (better === 'higher') ? 'good' : 'bad';
}

/**
 * The change against the previous period. Ratios change in percentage points
 * (40% → 45% is "+5.0 pts", not "+12.5%"); other units as a relative change.
 */
export function formatChange(change: number | null, changeRatio: number | null, unit: KpiUnit): string {
  if (change === null || change === undefined) return 'no previous data';
  const sign = (v: number) => (v > 0 ? '+' : v < 0 ? '−' : '±');
  if (unit === 'ratio') return `${sign(change)}${formatNumber(Math.abs(change) * 100, 1)} pts`;
  if (changeRatio === null || changeRatio === undefined) return `${sign(change)}${formatKpiValue(Math.abs(change), unit)}`;
  return `${sign(changeRatio)}${formatNumber(Math.abs(changeRatio) * 100, 1)}%`;
}

export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || Number.isNaN(seconds)) return '—';
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${formatNumber(seconds / 3600, 1)} h`;
  return `${formatNumber(seconds / 86_400, 1)} d`;
}

export function formatDateTime(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(d);
  } catch {
    return d.toISOString();
  }
}

/** "3 h ago", "in 2 d": for due times on the desk. */
export function relativeTime(iso: string | null | undefined, now: Date = new Date()): string {
  if (!iso) return '—';
  const ms = new Date(iso).getTime() - now.getTime();
  if (Number.isNaN(ms)) return '—';
  const abs = Math.abs(ms);
  const text = abs < 3_600_000 ? `${Math.max(1, Math.round(abs / 60_000))} min` : abs < 172_800_000 ? `${Math.round(abs / 3_600_000)} h` : `${Math.round(abs / 86_400_000)} d`;
  return ms < 0 ? `${text} ago` : `in ${text}`;
}

/** `quote_to_customer_conversion` → "Quote to customer conversion". */
export function humanize(key: string): string {
  const s = key.replace(/[_:]+/g, ' ').trim();
  return s.charAt(0).toUpperCase() + s.slice(1);
}
