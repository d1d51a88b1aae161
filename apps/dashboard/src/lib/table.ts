export type SortDir = 'asc' | 'desc';

/** Sort value: numbers and ISO dates compare naturally; blanks always go last. */
export function compareValues(a: unknown, b: unknown): number {
  const blank = (v: unknown) => v === null || v === undefined || v === '' || (typeof v === 'number' && Number.isNaN(v));
  if (blank(a) && blank(b)) return 0;
  if (blank(a)) return 1;
  if (blank(b)) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return String(a).localeCompare(String(b), 'en', { numeric: true, sensitivity: 'base' });
}

/** A stable sort that keeps blanks at the bottom in both directions. */
export function sortRows<T>(rows: T[], get: (r: T) => unknown, dir: SortDir): T[] {
  return rows
    .map((r, i) => ({ r, i, v: get(r) }))
    .sort((x, y) => {
      const blankX = x.v === null || x.v === undefined || x.v === '';
      const blankY = y.v === null || y.v === undefined || y.v === '';
      if (blankX !== blankY) return blankX ? 1 : -1;
      const c = compareValues(x.v, y.v);
      return (dir === 'asc' ? c : -c) || x.i - y.i;
    })
    .map((x) => x.r);
}

/** Header click: a new column sorts descending first (biggest numbers are usually the interesting ones). */
export function nextSort(current: { key: string; dir: SortDir } | null, key: string): { key: string; dir: SortDir } {
  if (!current || current.key !== key) return { key, dir: 'desc' };
  return { key, dir: current.dir === 'desc' ? 'asc' : 'desc' };
}
