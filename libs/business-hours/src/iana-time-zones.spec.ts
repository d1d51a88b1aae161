import { IANA_TIME_ZONES } from './iana-time-zones';
import { isValidTimeZone } from './zoned-time';

describe('IANA time zones', () => {
  it('lists only names Intl can format in', () => {
    expect(IANA_TIME_ZONES.size).toBeGreaterThan(500);
    for (const zone of IANA_TIME_ZONES) expect(() => new Intl.DateTimeFormat('en-US', { timeZone: zone })).not.toThrow();
  });

  it('accepts exact spellings, aliases included, and refuses other letter cases and offsets that Intl would take', () => {
    for (const zone of ['UTC', 'America/Toronto', 'Asia/Kolkata', 'Asia/Calcutta', 'US/Eastern', 'EST5EDT', 'Etc/GMT-14']) expect(isValidTimeZone(zone)).toBe(true);
    for (const zone of ['utc', 'america/toronto', 'AMERICA/TORONTO', '+05:00', 'Factory', 'Mars/Olympus']) expect(isValidTimeZone(zone)).toBe(false);
  });
});
