import { familyOf, segmentFamilies, segmentsOf } from './segments';

describe('segment families', () => {
  const rows = [
    { segmentKey: 'value:high', size: 3 },
    { segmentKey: 'rfm:Champions', size: 5 },
    { segmentKey: 'rfm:At Risk', size: 9 },
    { segmentKey: 'custom:vip', size: 1 },
    { segmentKey: 'lifecycle:active', size: 7 },
  ];
  it('splits keys into family and name', () => {
    expect(familyOf('rfm:Can\'t Lose Them')).toBe('rfm');
    expect(familyOf('legacy')).toBe('other');
  });
  it('orders the known families first', () => {
    expect(segmentFamilies(rows)).toEqual(['rfm', 'value', 'lifecycle', 'custom']);
  });
  it('lists one family largest first with short names', () => {
    expect(segmentsOf(rows, 'rfm')).toEqual([
      { segmentKey: 'rfm:At Risk', name: 'At Risk', size: 9 },
      { segmentKey: 'rfm:Champions', name: 'Champions', size: 5 },
    ]);
    expect(segmentsOf(rows, 'sales')).toEqual([]);
  });
});
