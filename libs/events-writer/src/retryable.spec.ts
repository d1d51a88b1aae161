import { isRetryable } from './retryable';
import { nearDayEdge } from './timestamp-memo';

describe('writer error classification', () => {
  it('data errors are not retryable; outages and unknown errors are', () => {
    expect(isRetryable(new Error('Code: 27. DB::Exception: Cannot parse input'))).toBe(false);
    expect(isRetryable(Object.assign(new Error('x'), { code: '53' }))).toBe(false);
    expect(isRetryable(new Error('Code: 60. DB::Exception: Table x.events does not exist'))).toBe(true);
    expect(isRetryable(new Error('connect ECONNREFUSED 127.0.0.1:8123'))).toBe(true);
  });
});

describe('nearDayEdge', () => {
  it('is true within the window either side of midnight UTC only', () => {
    expect(nearDayEdge(new Date('2026-01-01T23:59:59.900Z'))).toBe(true);
    expect(nearDayEdge(new Date('2026-01-02T00:30:00.000Z'))).toBe(true);
    expect(nearDayEdge(new Date('2026-01-02T12:00:00.000Z'))).toBe(false);
    expect(nearDayEdge(new Date('2026-01-02T22:30:00.000Z'))).toBe(false);
  });
});
