import { calendarDate, dayOrInstant, instant, isCalendarDate } from './dates';

describe('dates', () => {
  it.each(['2026-02-30', '2026-13-45', '2027-02-29', '2026-00-10', '1899-12-31', '2200-01-01', '26-01-01', '2026-1-1', '-271821-04-20'])('%s is not a calendar date', (s) => {
    expect(isCalendarDate(s)).toBe(false);
    expect(calendarDate().safeParse(s).success).toBe(false);
  });

  it.each(['2026-02-28', '2028-02-29', '1900-01-01', '2199-12-31'])('%s is one', (s) => expect(calendarDate().parse(s)).toBe(s));

  it('an instant has an offset, a real day and a sane year, and comes out as a Date', () => {
    expect(instant().parse('2026-03-01T10:00:00+01:00')).toEqual(new Date('2026-03-01T09:00:00Z'));
    for (const bad of ['2026-02-30T10:00:00Z', '2026-03-01T10:00:00', '-271821-04-20T00:00:00Z', '+275760-09-13T00:00:00Z', '0001-01-01T00:00:00Z', 'now'])
      expect(instant().safeParse(bad).success).toBe(false);
  });

  it('a range bound is a bare day (midnight UTC) or an instant', () => {
    expect(dayOrInstant().parse('2026-05-01')).toEqual(new Date('2026-05-01T00:00:00Z'));
    expect(dayOrInstant().parse('2026-05-01T12:00:00Z')).toEqual(new Date('2026-05-01T12:00:00Z'));
    for (const bad of ['2026-05-32', '1e400', '-271821-04-20T00:00:00Z', '1714521600000']) expect(dayOrInstant().safeParse(bad).success).toBe(false);
  });
});
