import type { RetentionResult } from '@northstar/api-contracts';
import { heatColor, heatTextColor, maxRate, retentionGrid } from '../lib/chart-data';
import { formatNumber } from '../lib/format';

export function RetentionHeatmap({ data, asOf }: { data: RetentionResult; asOf: string }) {
  const interval = data.query.interval;
  const grid = retentionGrid(data.cohorts, interval, asOf);
  const top = maxRate(grid);
  const periods = grid[0]?.cells.length ?? 0;
  return (
    <div className="table-scroll">
      <table className="heatmap" aria-label="Cohort retention">
        <thead>
          <tr>
            <th>Cohort</th>
            <th className="num">Size</th>
            {Array.from({ length: periods }, (_, p) => (
              <th key={p} className="num">
                {interval === 'month' ? 'M' : 'W'}
                {p}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {grid.map((row) => (
            <tr key={row.cohort}>
              <th scope="row">{row.cohort}</th>
              <td className="num">{row.size}</td>
              {row.cells.map((c, i) =>
                c === null ? (
                  <td key={i} className="future" />
                ) : (
                  <td key={i} className="num cell" style={{ background: heatColor(c.rate, top), color: heatTextColor(c.rate, top) }} title={`${c.units} of ${row.size} came back`}>
                    {formatNumber(c.rate * 100, 0)}%
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
