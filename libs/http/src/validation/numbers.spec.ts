import { country, region } from './countries';
import { count, hours, INT4_MAX, int4, measure, MAX_MINOR_UNITS, minorUnits } from './numbers';
import { timeZone } from './time-zone';

describe('numbers, countries and zones', () => {
  it('integers fit their column; money is bounded minor units', () => {
    expect(int4().safeParse(INT4_MAX).success).toBe(true);
    expect(int4().safeParse(INT4_MAX + 1).success).toBe(false);
    expect(count().safeParse(-1).success).toBe(false);
    expect(minorUnits().safeParse(MAX_MINOR_UNITS).success).toBe(true);
    for (const bad of [MAX_MINOR_UNITS + 1, -1, 1.5, 1e20, Infinity, Number.NaN]) expect(minorUnits().safeParse(bad).success).toBe(false);
    expect(measure().safeParse(1e13).success).toBe(false);
    expect(measure().safeParse(-0.25).success).toBe(true);
  });

  it('hours are positive, bounded and have two decimals at most', () => {
    expect(hours(24).parse(7.25)).toBe(7.25);
    for (const bad of [0, 24.01, 1.005, 1e19]) expect(hours(24).safeParse(bad).success).toBe(false);
  });

  it('countries are assigned ISO 3166-1 codes; regions are ISO 3166-2 subdivision parts', () => {
    expect(country().parse('ca')).toBe('CA');
    for (const bad of ['ZZ', 'XX', 'C', 'CAN', '12']) expect(country().safeParse(bad).success).toBe(false);
    expect(region().parse('qc')).toBe('QC');
    expect(region().safeParse('QUEBEC').success).toBe(false);
  });

  it('time zones are IANA names spelled as the tz database spells them', () => {
    for (const ok of ['UTC', 'America/Toronto', 'Asia/Kolkata', 'Etc/GMT+5', 'US/Eastern']) expect(timeZone().safeParse(ok).success).toBe(true);
    for (const bad of ['america/toronto', 'Mars/Olympus', '+05:00', 'UTC\u0000', '']) expect(timeZone().safeParse(bad).success).toBe(false);
  });
});
