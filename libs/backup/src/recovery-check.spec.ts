import { compareCounts } from './recovery-check';

describe('compareCounts', () => {
  it('names every table that differs, including one missing on either side', () => {
    expect(compareCounts({ a: 1, b: 2, c: 3 }, { a: 1, b: 5, d: 0 })).toEqual([
      { table: 'b', expected: 2, actual: 5 },
      { table: 'c', expected: 3, actual: undefined },
      { table: 'd', expected: undefined, actual: 0 },
    ]);
  });
});
