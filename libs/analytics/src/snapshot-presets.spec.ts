import { intervalFor, isPresetRange, presetRanges, splitPeriod } from './snapshot-presets';

describe('snapshot presets', () => {
  const now = new Date('2025-02-14T03:00:00Z'); // still Feb 13 in Toronto

  it('resolves the dashboard presets in the business time zone', () => {
    const byKey = Object.fromEntries(presetRanges('America/Toronto', now).map((p) => [p.key, [p.from, p.to]]));
    expect(byKey).toEqual({
      this_month: ['2025-02-01 00:00:00', '2025-02-14 00:00:00'],
      last_month: ['2025-01-01 00:00:00', '2025-02-01 00:00:00'],
      last_30_days: ['2025-01-15 00:00:00', '2025-02-14 00:00:00'],
      last_90_days: ['2024-11-16 00:00:00', '2025-02-14 00:00:00'],
      quarter_to_date: ['2025-01-01 00:00:00', '2025-02-14 00:00:00'],
      year_to_date: ['2025-01-01 00:00:00', '2025-02-14 00:00:00'],
    });
    expect(presetRanges('UTC', now).find((p) => p.key === 'this_month')?.to).toBe('2025-02-15 00:00:00');
  });

  it('recognises preset ranges only (today or yesterday there)', () => {
    expect(isPresetRange('2025-01-15 00:00:00', '2025-02-14 00:00:00', 'America/Toronto', now)).toBe(true);
    expect(isPresetRange('2025-01-14 00:00:00', '2025-02-13 00:00:00', 'America/Toronto', now)).toBe(true);
    expect(isPresetRange('2025-01-16 00:00:00', '2025-02-14 00:00:00', 'America/Toronto', now)).toBe(false);
    expect(isPresetRange('2025-01-15 00:00:00', '2025-02-14 00:00:00', 'Not/AZone', now)).toBe(false);
  });

  it('splits like the dashboard did: whole days, the last bucket takes the remainder', () => {
    expect(splitPeriod('2024-01-01 00:00:00', '2024-01-15 00:00:00', 6).map((b) => b.from.slice(5, 10) + '→' + b.to.slice(5, 10))).toEqual([
      '01-01→01-03', '01-03→01-05', '01-05→01-07', '01-07→01-09', '01-09→01-11', '01-11→01-15',
    ]);
    expect(splitPeriod('2024-01-01 00:00:00', '2024-01-04 00:00:00', 6)).toHaveLength(3);
    expect(splitPeriod('2024-01-01 06:00:00', '2024-01-01 12:00:00', 2)).toEqual([
      { from: '2024-01-01 06:00:00', to: '2024-01-01 09:00:00' },
      { from: '2024-01-01 09:00:00', to: '2024-01-01 12:00:00' },
    ]);
    expect(intervalFor('2024-11-16 00:00:00', '2025-02-14 00:00:00')).toBe('week');
  });
});
