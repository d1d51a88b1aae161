import { addMonths, daysBetween, intervalFor, isIsoDate, previousRange, resolvePreset, splitRange, todayIn } from './date-presets';

describe('date presets', () => {
  const today = '2024-03-15';
  it.each([
    ['last_7_days', '2024-03-09', '2024-03-16'],
    ['last_30_days', '2024-02-15', '2024-03-16'],
    ['last_90_days', '2023-12-17', '2024-03-16'],
    ['this_month', '2024-03-01', '2024-03-16'],
    ['last_month', '2024-02-01', '2024-03-01'],
    ['quarter_to_date', '2024-01-01', '2024-03-16'],
    ['year_to_date', '2024-01-01', '2024-03-16'],
    ['last_12_months', '2023-03-16', '2024-03-16'],
  ] as const)('%s is [%s, %s)', (key, from, to) => {
    expect(resolvePreset(key, today)).toEqual({ from, to });
  });

  it('quarter to date in the fourth quarter', () => {
    expect(resolvePreset('quarter_to_date', '2024-11-30').from).toBe('2024-10-01');
  });

  it('month arithmetic clamps to the month end (Jan 31 + 1 month = Feb 29 in a leap year)', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2024-03-31', -1)).toBe('2024-02-29');
    expect(addMonths('2024-12-15', 1)).toBe('2025-01-15');
  });

  it('previous period has the same length and ends where this one starts', () => {
    const p = previousRange({ from: '2024-03-01', to: '2024-03-31' });
    expect(p).toEqual({ from: '2024-01-31', to: '2024-03-01' });
    expect(daysBetween(p.from, p.to)).toBe(30);
  });

  it('splits a range into buckets that cover it exactly', () => {
    const b = splitRange({ from: '2024-01-01', to: '2024-01-11' }, 3);
    expect(b).toEqual([
      { from: '2024-01-01', to: '2024-01-04' },
      { from: '2024-01-04', to: '2024-01-07' },
      { from: '2024-01-07', to: '2024-01-11' },
    ]);
    expect(splitRange({ from: '2024-01-01', to: '2024-01-03' }, 6)).toHaveLength(2);
    expect(splitRange({ from: '2024-01-03', to: '2024-01-03' }, 6)).toEqual([]);
  });

  it('today depends on the time zone', () => {
    const instant = new Date('2024-01-01T03:00:00Z');
    expect(todayIn('UTC', instant)).toBe('2024-01-01');
    expect(todayIn('America/Toronto', instant)).toBe('2023-12-31');
    expect(todayIn('Not/AZone', instant)).toBe('2024-01-01');
  });

  it('validates ISO dates strictly', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2024-2-1')).toBe(false);
    expect(isIsoDate(undefined)).toBe(false);
  });

  it('picks a chart interval by range length', () => {
    expect(intervalFor({ from: '2024-01-01', to: '2024-01-31' })).toBe('day');
    expect(intervalFor({ from: '2024-01-01', to: '2024-04-01' })).toBe('week');
    expect(intervalFor({ from: '2024-01-01', to: '2025-01-01' })).toBe('month');
  });
});
