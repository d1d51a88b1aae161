import type { KpiFigure } from '@northstar/api-contracts';
import { changeTone, formatChange, formatKpiValue } from '../lib/format';
import { Sparkline } from './sparkline';

export function KpiTile({ kpi, better, currency, series, onDrill }: { kpi: KpiFigure; better: 'higher' | 'lower'; currency: string; series?: (number | null)[]; onDrill?: () => void }) {
  const tone = changeTone(kpi.change, better);
  const Tag = onDrill ? 'button' : 'div';
  return (
    <Tag className={`kpi-tile ${kpi.onTarget === false ? 'off-target' : ''}`} data-kpi={kpi.key} onClick={onDrill} type={onDrill ? 'button' : undefined} title={onDrill ? 'Show the customers behind this number' : undefined}>
      <span className="kpi-label">{kpi.label}</span>
      <span className="kpi-value" data-testid={`kpi-value-${kpi.key}`}>
        {formatKpiValue(kpi.value, kpi.unit, currency)}
      </span>
      <span className={`kpi-change ${tone}`}>
        {formatChange(kpi.change, kpi.changeRatio, kpi.unit)} <small>vs previous</small>
      </span>
      <span className="kpi-target">
        {kpi.target === null ? 'No target' : `Target ${formatKpiValue(kpi.target, kpi.unit, currency)}`}
        {kpi.onTarget !== null && <b className={kpi.onTarget ? 'good' : 'bad'}>{kpi.onTarget ? ' ✓ on target' : ' ✗ off target'}</b>}
      </span>
      <Sparkline values={series ?? []} label={`${kpi.label} over the period`} />
    </Tag>
  );
}
