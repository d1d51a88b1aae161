import type { FunnelStepResult as FunnelStep } from '@northstar/api-contracts';
import { funnelBars } from '../lib/chart-data';
import { formatDuration, formatNumber } from '../lib/format';

/** Horizontal bars relative to the first step, with drop-off and median time to convert from the previous step. */
export function FunnelChart({ steps, onStep }: { steps: FunnelStep[]; onStep?: (step: number) => void }) {
  const bars = funnelBars(steps);
  return (
    <ol className="funnel">
      {bars.map((b) => (
        <li key={b.step} className={b.worstDropOff ? 'worst' : undefined}>
          <button type="button" className="funnel-row" onClick={onStep ? () => onStep(b.step) : undefined} disabled={!onStep} data-step={b.step}>
            <span className="funnel-label">
              {b.step}. {b.label}
            </span>
            <span className="funnel-bar" style={{ width: `${Math.max(2, b.width * 100)}%` }}>
              {formatNumber(b.count, 0)}
            </span>
            <span className="funnel-meta">
              {b.step > 1 && b.conversionFromPrevious !== null && <>{formatNumber(b.conversionFromPrevious * 100, 1)}% from previous · </>}
              {b.step > 1 && <>median {formatDuration(b.medianSecondsToConvert)} to convert · </>}
              {b.step < bars.length && <>drop-off {formatNumber(b.dropOff, 0)}{b.dropOffRate !== null ? ` (${formatNumber(b.dropOffRate * 100, 1)}%)` : ''}</>}
            </span>
          </button>
        </li>
      ))}
    </ol>
  );
}
