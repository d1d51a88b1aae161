import {
  addBusinessMinutes,
  assertCalendar,
  businessMinutesBetween,
  DEFAULT_CALENDAR,
  isBusinessTime,
  zonedTimeToInstant,
  type BusinessCalendar,
} from './business-hours';

const TOR: BusinessCalendar = { ...DEFAULT_CALENDAR, timeZone: 'America/Toronto', holidays: ['2025-12-25', '2025-12-26'] };
const at = (iso: string) => new Date(iso);

describe('zonedTimeToInstant', () => {
  it('converts winter and summer wall times with the right offset', () => {
    expect(zonedTimeToInstant(2025, 1, 15, 9, 0, 'America/Toronto').toISOString()).toBe('2025-01-15T14:00:00.000Z');
    expect(zonedTimeToInstant(2025, 7, 15, 9, 0, 'America/Toronto').toISOString()).toBe('2025-07-15T13:00:00.000Z');
  });
  it('maps a time skipped by spring-forward past the gap', () => {
    // 2025-03-09 02:30 does not exist in Toronto; the clock shows 03:30 EDT = 07:30Z.
    expect(zonedTimeToInstant(2025, 3, 9, 2, 30, 'America/Toronto').toISOString()).toBe('2025-03-09T07:30:00.000Z');
  });
  it('takes the first occurrence of an ambiguous fall-back time', () => {
    // 2025-11-02 01:30 happens twice; first is EDT (05:30Z).
    expect(zonedTimeToInstant(2025, 11, 2, 1, 30, 'America/Toronto').toISOString()).toBe('2025-11-02T05:30:00.000Z');
  });
});

describe('addBusinessMinutes (4 business hours)', () => {
  it('stays within the same day when there is room', () => {
    // Wed 10:00 EST → 14:00 EST
    expect(addBusinessMinutes(at('2025-01-15T15:00:00Z'), 240, TOR).toISOString()).toBe('2025-01-15T19:00:00.000Z');
  });
  it('carries over to the next morning', () => {
    // Wed 15:00 EST: 2h today, 2h Thursday → Thu 11:00 EST
    expect(addBusinessMinutes(at('2025-01-15T20:00:00Z'), 240, TOR).toISOString()).toBe('2025-01-16T16:00:00.000Z');
  });
  it('starts at opening when received before hours', () => {
    // Wed 06:00 EST → 09:00 + 4h = 13:00 EST
    expect(addBusinessMinutes(at('2025-01-15T11:00:00Z'), 240, TOR).toISOString()).toBe('2025-01-15T18:00:00.000Z');
  });
  it('skips the weekend', () => {
    // Fri 16:00 EST: 1h Friday, 3h Monday → Mon 12:00 EST
    expect(addBusinessMinutes(at('2025-01-17T21:00:00Z'), 240, TOR).toISOString()).toBe('2025-01-20T17:00:00.000Z');
    // Saturday noon → Monday 13:00
    expect(addBusinessMinutes(at('2025-01-18T17:00:00Z'), 240, TOR).toISOString()).toBe('2025-01-20T18:00:00.000Z');
  });
  it('skips holidays (Christmas and Boxing Day 2025 are Thu/Fri)', () => {
    // Wed 24 Dec 16:00 EST: 1h, then Thu/Fri closed, weekend → Mon 29 Dec 12:00 EST
    expect(addBusinessMinutes(at('2025-12-24T21:00:00Z'), 240, TOR).toISOString()).toBe('2025-12-29T17:00:00.000Z');
  });
  it('crosses the spring-forward weekend with the new offset', () => {
    // Fri 7 Mar 2025 15:00 EST (20:00Z): 2h Friday; Mon 10 Mar is EDT (UTC-4): 09:00+2h = 11:00 EDT = 15:00Z
    expect(addBusinessMinutes(at('2025-03-07T20:00:00Z'), 240, TOR).toISOString()).toBe('2025-03-10T15:00:00.000Z');
  });
  it('crosses the fall-back weekend with the new offset', () => {
    // Fri 31 Oct 2025 15:00 EDT (19:00Z) → Mon 3 Nov 11:00 EST = 16:00Z
    expect(addBusinessMinutes(at('2025-10-31T19:00:00Z'), 240, TOR).toISOString()).toBe('2025-11-03T16:00:00.000Z');
  });
  it('counts real minutes when an interval spans the DST jump itself', () => {
    // A 24/7 desk on the spring-forward night: local 00:00–04:00 is only 3 real hours.
    const desk: BusinessCalendar = { timeZone: 'America/Toronto', week: { 7: [['00:00', '04:00']] } };
    expect(businessMinutesBetween(at('2025-03-09T00:00:00Z'), at('2025-03-10T00:00:00Z'), desk)).toBe(180);
    // Fall back: local 00:00–04:00 is 5 real hours.
    expect(businessMinutesBetween(at('2025-11-02T00:00:00Z'), at('2025-11-03T00:00:00Z'), desk)).toBe(300);
  });
  it('supports split days and other zones', () => {
    const tokyo: BusinessCalendar = { timeZone: 'Asia/Tokyo', week: { 1: [['09:00', '12:00'], ['13:00', '18:00']] } };
    // Mon 11:00 JST (02:00Z): 1h morning, lunch, 3h → 16:00 JST = 07:00Z
    expect(addBusinessMinutes(at('2025-01-20T02:00:00Z'), 240, tokyo).toISOString()).toBe('2025-01-20T07:00:00.000Z');
  });
  it('returns the next opening for 0 minutes outside hours and the same instant inside', () => {
    expect(addBusinessMinutes(at('2025-01-18T17:00:00Z'), 0, TOR).toISOString()).toBe('2025-01-20T14:00:00.000Z');
    expect(addBusinessMinutes(at('2025-01-15T15:00:00Z'), 0, TOR).toISOString()).toBe('2025-01-15T15:00:00.000Z');
  });
  it('fails loudly on a calendar with no open time', () => {
    expect(() => addBusinessMinutes(at('2025-01-15T15:00:00Z'), 10, { timeZone: 'UTC', week: {} })).toThrow(/no open time/);
  });
});

describe('businessMinutesBetween', () => {
  it('is the inverse of addBusinessMinutes', () => {
    for (const start of ['2025-01-15T20:00:00Z', '2025-01-17T21:00:00Z', '2025-12-24T21:00:00Z', '2025-03-07T20:00:00Z']) {
      for (const mins of [1, 59, 240, 481, 2000]) {
        const due = addBusinessMinutes(at(start), mins, TOR);
        expect(businessMinutesBetween(at(start), due, TOR)).toBe(mins);
      }
    }
  });
  it('is zero over a weekend and for reversed ranges', () => {
    expect(businessMinutesBetween(at('2025-01-18T00:00:00Z'), at('2025-01-19T23:00:00Z'), TOR)).toBe(0);
    expect(businessMinutesBetween(at('2025-01-16T00:00:00Z'), at('2025-01-15T00:00:00Z'), TOR)).toBe(0);
  });
});

describe('isBusinessTime / assertCalendar', () => {
  it('knows open and closed instants', () => {
    expect(isBusinessTime(at('2025-01-15T15:00:00Z'), TOR)).toBe(true); // Wed 10:00
    expect(isBusinessTime(at('2025-01-15T22:00:00Z'), TOR)).toBe(false); // Wed 17:00 (end exclusive)
    expect(isBusinessTime(at('2025-12-25T15:00:00Z'), TOR)).toBe(false); // holiday
  });
  it('rejects bad zones and times', () => {
    expect(() => assertCalendar({ timeZone: 'Mars/Olympus', week: {} })).toThrow(/time zone/);
    expect(() => assertCalendar({ timeZone: 'UTC', week: { 1: [['9am', '17:00']] } })).toThrow(/bad time/);
  });
});
