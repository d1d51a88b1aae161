import { walSegmentName } from './base-backup';

describe('walSegmentName', () => {
  it('names the segment holding an LSN as PostgreSQL does', () => {
    const mb16 = 16 * 1024 * 1024;
    expect(walSegmentName(1, '0/2000028', mb16)).toBe('000000010000000000000002');
    expect(walSegmentName(2, '1/FF000000', mb16)).toBe('0000000200000001000000FF');
    expect(walSegmentName(1, '0/3000000', 64 * 1024 * 1024)).toBe('000000010000000000000000');
  });
});
