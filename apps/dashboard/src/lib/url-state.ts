import { isIsoDate, PRESETS, resolvePreset, todayIn, type PresetKey } from './date-presets';

/** Everything a view's URL carries, so a link opens the same view for a colleague. */
export interface ViewState {
  from: string;
  to: string;
  preset: PresetKey | 'custom';
  tz: string;
  category: string;
  segment: string;
  owner: string;
}

export interface Route {
  path: string;
  params: Record<string, string>;
}

export const DEFAULT_PRESET: PresetKey = 'last_90_days';

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** `#/customers/abc?from=…` → { path: '/customers/abc', params: {from: …} }. */
export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const [p, q = ''] = raw.split('?');
  const path = '/' + (p ?? '').split('/').filter(Boolean).map(decodeURIComponent).join('/');
  const params: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(q)) params[k] = v;
  return { path, params };
}

/** The inverse of parseHash; empty values are left out so URLs stay short. Keys are sorted: one state, one URL. */
export function buildHash(path: string, params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const k of Object.keys(params).sort()) {
    const v = params[k];
    if (v !== undefined && v !== '') q.set(k, v);
  }
  const segs = path.split('/').filter(Boolean).map(encodeURIComponent).join('/');
  const s = q.toString();
  return `#/${segs}${s ? `?${s}` : ''}`;
}

/**
 * Reads the shared controls from URL params, repairing anything invalid: an unknown
 * preset or broken date falls back to the default preset, an unknown zone to the
 * browser's. A preset is re-resolved against today, so a shared "last 30 days"
 * link means the last 30 days when it is opened.
 */
export function readViewState(params: Record<string, string>, fallbackTz: string, now: Date = new Date()): ViewState {
  const tz = params.tz && isTimeZone(params.tz) ? params.tz : fallbackTz;
  const base = { tz, category: params.category ?? '', segment: params.segment ?? '', owner: params.owner ?? '' };
  const preset = PRESETS.find((p) => p.key === params.preset)?.key;
  if (preset) return { ...base, preset, ...resolvePreset(preset, todayIn(tz, now)) };
  if (isIsoDate(params.from) && isIsoDate(params.to) && params.from < params.to) return { ...base, preset: 'custom', from: params.from, to: params.to };
  return { ...base, preset: DEFAULT_PRESET, ...resolvePreset(DEFAULT_PRESET, todayIn(tz, now)) };
}

/** The URL params for a state: presets are stored by name, custom ranges by dates. */
export function writeViewState(s: ViewState): Record<string, string> {
  const out: Record<string, string> = { tz: s.tz, category: s.category, segment: s.segment, owner: s.owner };
  if (s.preset === 'custom') {
    out.from = s.from;
    out.to = s.to;
  } else out.preset = s.preset;
  return out;
}
