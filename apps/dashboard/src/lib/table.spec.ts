import { compareValues, nextSort, sortRows } from './table';

describe('table sorting', () => {
  const rows = [
    { n: 'b', v: 10 },
    { n: 'a', v: null },
    { n: 'c', v: 2 },
    { n: 'd', v: 10 },
  ];
  it('sorts numbers, keeps blanks last in both directions, and is stable', () => {
    expect(sortRows(rows, (r) => r.v, 'asc').map((r) => r.n)).toEqual(['c', 'b', 'd', 'a']);
    expect(sortRows(rows, (r) => r.v, 'desc').map((r) => r.n)).toEqual(['b', 'd', 'c', 'a']);
  });
  it('compares text naturally (item2 < item10) and case-insensitively', () => {
    expect(compareValues('item2', 'item10')).toBeLessThan(0);
    expect(compareValues('Alpha', 'alpha')).toBe(0);
  });
  it('ISO dates sort chronologically as text', () => {
    expect(sortRows([{ d: '2024-03-01T00:00:00Z' }, { d: '2023-12-31T23:00:00Z' }], (r) => r.d, 'asc')[0].d).toBe('2023-12-31T23:00:00Z');
  });
  it('header clicks: new column descending, same column toggles', () => {
    expect(nextSort(null, 'a')).toEqual({ key: 'a', dir: 'desc' });
    expect(nextSort({ key: 'a', dir: 'desc' }, 'a')).toEqual({ key: 'a', dir: 'asc' });
    expect(nextSort({ key: 'a', dir: 'asc' }, 'b')).toEqual({ key: 'b', dir: 'desc' });
  });
});
