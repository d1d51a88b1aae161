import { PRESETS, resolvePreset, todayIn, type PresetKey } from '../lib/date-presets';
import type { ViewState } from '../lib/url-state';

const ZONES = ['UTC', 'America/Toronto', 'America/Vancouver', 'America/New_York', 'America/Chicago', 'America/Los_Angeles', 'Europe/London', 'Europe/Berlin', 'Australia/Sydney'];

/** Date range (presets or custom), time zone and the filters; every change goes to the URL. */
export function Controls({ state, onChange, filters = ['category', 'segment', 'owner'] }: { state: ViewState; onChange: (s: ViewState) => void; filters?: ('category' | 'segment' | 'owner')[] }) {
  const zones = ZONES.includes(state.tz) ? ZONES : [state.tz, ...ZONES];
  const setPreset = (v: string) => {
    if (v === 'custom') onChange({ ...state, preset: 'custom' });
    else onChange({ ...state, preset: v as PresetKey, ...resolvePreset(v as PresetKey, todayIn(state.tz)) });
  };
  return (
    <form className="controls" onSubmit={(e) => e.preventDefault()} aria-label="View controls">
      <label>
        Period
        <select name="preset" value={state.preset} onChange={(e) => setPreset(e.target.value)}>
          {PRESETS.map((p) => (
            <option key={p.key} value={p.key}>
              {p.label}
            </option>
          ))}
          <option value="custom">Custom</option>
        </select>
      </label>
      <label>
        From
        <input type="date" name="from" value={state.from} max={state.to} onChange={(e) => e.target.value && onChange({ ...state, preset: 'custom', from: e.target.value })} />
      </label>
      <label>
        To (excl.)
        <input type="date" name="to" value={state.to} min={state.from} onChange={(e) => e.target.value && onChange({ ...state, preset: 'custom', to: e.target.value })} />
      </label>
      <label>
        Time zone
        <select name="tz" value={state.tz} onChange={(e) => onChange({ ...state, tz: e.target.value })}>
          {zones.map((z) => (
            <option key={z}>{z}</option>
          ))}
        </select>
      </label>
      {filters.includes('category') && (
        <label>
          Service category
          <input name="category" placeholder="all" defaultValue={state.category} onBlur={(e) => e.target.value !== state.category && onChange({ ...state, category: e.target.value.trim() })} onKeyDown={(e) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()} />
        </label>
      )}
      {filters.includes('segment') && (
        <label>
          Segment
          <input name="segment" placeholder="all" defaultValue={state.segment} onBlur={(e) => e.target.value !== state.segment && onChange({ ...state, segment: e.target.value.trim() })} onKeyDown={(e) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()} />
        </label>
      )}
      {filters.includes('owner') && (
        <label>
          Owner
          <input name="owner" placeholder="anyone" defaultValue={state.owner} onBlur={(e) => e.target.value !== state.owner && onChange({ ...state, owner: e.target.value.trim() })} onKeyDown={(e) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()} />
        </label>
      )}
    </form>
  );
}
