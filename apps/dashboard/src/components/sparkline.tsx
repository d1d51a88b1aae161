import { sparklinePath } from '../lib/chart-data';

/** Plain SVG: tiles render with the first paint, without waiting for the chart library. */
export function Sparkline({ values, width = 120, height = 32, label }: { values: (number | null)[]; width?: number; height?: number; label?: string }) {
  const d = sparklinePath(values, width, height);
  if (!d) return <svg className="sparkline" width={width} height={height} aria-hidden="true" />;
  return (
    <svg className="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label ?? 'trend'}>
      <path d={d} fill="none" stroke="currentColor" strokeWidth={1.5} />
    </svg>
  );
}
