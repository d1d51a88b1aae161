import { useMemo, useState, type ReactNode } from 'react';
import { csvFileName, toCsv } from '../lib/csv';
import { nextSort, sortRows, type SortDir } from '../lib/table';

export interface Column<T> {
  key: string;
  header: string;
  /** The raw value: used for sorting and CSV. */
  value: (r: T) => unknown;
  /** How the cell looks (defaults to the value as text). */
  render?: (r: T) => ReactNode;
  align?: 'left' | 'right';
}

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = csvFileName(name);
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Sortable table with CSV export of all rows (not only the visible page). */
export function DataTable<T>({ name, columns, rows, rowKey, initialSort, pageSize = 50, empty = 'No rows.' }: { name: string; columns: Column<T>[]; rows: T[]; rowKey: (r: T) => string; initialSort?: { key: string; dir: SortDir }; pageSize?: number; empty?: ReactNode }) {
  const [sort, setSort] = useState<{ key: string; dir: SortDir } | null>(initialSort ?? null);
  const [limit, setLimit] = useState(pageSize);
  const sorted = useMemo(() => {
    const col = sort && columns.find((c) => c.key === sort.key);
    return col ? sortRows(rows, col.value, sort.dir) : rows;
  }, [rows, sort, columns]);
  const exportCsv = () => download(name, toCsv(columns.map((c) => ({ header: c.header, value: c.value })), sorted));
  return (
    <div className="data-table" data-table={name}>
      <div className="table-tools">
        <span>{rows.length} row{rows.length === 1 ? '' : 's'}</span>
        <button type="button" onClick={exportCsv} disabled={!rows.length} data-action="export-csv">
          Export CSV
        </button>
      </div>
      {rows.length === 0 ? (
        <div className="state empty">{empty}</div>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c.key} className={c.align === 'right' ? 'num' : undefined} aria-sort={sort?.key === c.key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
                    <button type="button" onClick={() => setSort(nextSort(sort, c.key))}>
                      {c.header}
                      {sort?.key === c.key ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}
                    </button>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {sorted.slice(0, limit).map((r) => (
                <tr key={rowKey(r)}>
                  {columns.map((c) => (
                    <td key={c.key} className={c.align === 'right' ? 'num' : undefined} data-label={c.header}>
                      {c.render ? c.render(r) : String(c.value(r) ?? '—')}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {sorted.length > limit && (
        <button type="button" className="more" onClick={() => setLimit((l) => l + pageSize)}>
          Show more ({sorted.length - limit} left)
        </button>
      )}
    </div>
  );
}
