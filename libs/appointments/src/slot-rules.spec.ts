import { computeSlots, presentSlot, DEFAULT_SLOT_RULES, type SlotRules } from './slot-rules';
import { formatInZone, offsetMinutes, zonedToUtc } from './zoned-time';

const rules: SlotRules = { ...DEFAULT_SLOT_RULES, minNoticeMinutes: 0, horizonDays: 400 };
const at = (iso: string) => new Date(iso);
const starts = (slots: { startsAt: Date }[]) => slots.map((s) => s.startsAt.toISOString());

describe('zoned time', () => {
  it('converts Toronto wall time across both 2026 DST changes', () => {
    expect(offsetMinutes(at('2026-03-06T15:00:00Z'), 'America/Toronto')).toBe(-300);
    expect(offsetMinutes(at('2026-03-09T15:00:00Z'), 'America/Toronto')).toBe(-240);
    expect(zonedToUtc({ year: 2026, month: 3, day: 6 }, 540, 'America/Toronto').toISOString()).toBe('2026-03-06T14:00:00.000Z');
    expect(zonedToUtc({ year: 2026, month: 3, day: 9 }, 540, 'America/Toronto').toISOString()).toBe('2026-03-09T13:00:00.000Z');
    expect(zonedToUtc({ year: 2026, month: 10, day: 30 }, 540, 'America/Toronto').toISOString()).toBe('2026-10-30T13:00:00.000Z');
    expect(zonedToUtc({ year: 2026, month: 11, day: 2 }, 540, 'America/Toronto').toISOString()).toBe('2026-11-02T14:00:00.000Z');
    // 02:30 on 8 March does not exist; it resolves after the gap
    expect(zonedToUtc({ year: 2026, month: 3, day: 8 }, 150, 'America/Toronto').toISOString()).toBe('2026-03-08T07:30:00.000Z');
    // 01:30 on 1 November happens twice; the first (EDT) is taken
    expect(zonedToUtc({ year: 2026, month: 11, day: 1 }, 90, 'America/Toronto').toISOString()).toBe('2026-11-01T05:30:00.000Z');
    expect(formatInZone(at('2026-03-09T13:00:00Z'), 'America/Toronto')).toBe('2026-03-09T09:00:00-04:00');
    expect(formatInZone(at('2026-03-09T13:00:00Z'), 'Asia/Kolkata')).toBe('2026-03-09T18:30:00+05:30');
  });
});

describe('computeSlots', () => {
  const one = { host: [] };

  it('keeps 09:00–17:00 local across the March change (UTC moves by an hour)', () => {
    const slots = computeSlots({ rules, durationMinutes: 60, from: at('2026-03-06T00:00:00Z'), to: at('2026-03-10T00:00:00Z'), now: at('2026-03-01T00:00:00Z'), busy: one });
    const fri = slots.filter((s) => s.startsAt.toISOString().startsWith('2026-03-06'));
    const mon = slots.filter((s) => s.startsAt.toISOString().startsWith('2026-03-09'));
    // 09:00 … 16:00 on a 15-minute grid = 29 starts each business day; weekend closed
    expect(fri).toHaveLength(29);
    expect(mon).toHaveLength(29);
    expect(slots).toHaveLength(58);
    expect(fri[0].startsAt.toISOString()).toBe('2026-03-06T14:00:00.000Z');
    expect(fri[28].startsAt.toISOString()).toBe('2026-03-06T21:00:00.000Z');
    expect(mon[0].startsAt.toISOString()).toBe('2026-03-09T13:00:00.000Z');
    expect(mon[28].endsAt.toISOString()).toBe('2026-03-09T21:00:00.000Z');
  });

  it('keeps 09:00–17:00 local across the November change', () => {
    const slots = computeSlots({ rules, durationMinutes: 30, from: at('2026-10-30T00:00:00Z'), to: at('2026-11-03T00:00:00Z'), now: at('2026-10-01T00:00:00Z'), busy: one });
    expect(starts(slots)[0]).toBe('2026-10-30T13:00:00.000Z');
    expect(starts(slots).find((s) => s.startsWith('2026-11-02'))).toBe('2026-11-02T14:00:00.000Z');
    expect(slots).toHaveLength(2 * 31);
  });

  it('shows slots on the customer clock, whose own DST date differs (London changes 29 March)', () => {
    const [slot] = computeSlots({ rules, durationMinutes: 30, from: at('2026-03-09T00:00:00Z'), to: at('2026-03-10T00:00:00Z'), now: at('2026-03-01T00:00:00Z'), busy: one });
    expect(presentSlot(slot, 'Europe/London')).toEqual({
      startsAt: '2026-03-09T13:00:00.000Z',
      endsAt: '2026-03-09T13:30:00.000Z',
      localStart: '2026-03-09T13:00:00+00:00',
      localEnd: '2026-03-09T13:30:00+00:00',
      timeZone: 'Europe/London',
    });
  });

  it('skips wall times that do not exist and does not offer repeated ones twice', () => {
    const allDay: SlotRules = { ...rules, businessHours: { timeZone: 'America/Toronto', weekly: { 0: [[0, 1440]] }, holidays: [] } };
    const march = computeSlots({ rules: allDay, durationMinutes: 60, from: at('2026-03-08T00:00:00Z'), to: at('2026-03-09T12:00:00Z'), now: at('2026-03-01T00:00:00Z'), busy: one });
    expect(march).toHaveLength(93 - 4); // 02:00, 02:15, 02:30, 02:45 are skipped
    const nov = computeSlots({ rules: allDay, durationMinutes: 60, from: at('2026-11-01T00:00:00Z'), to: at('2026-11-02T12:00:00Z'), now: at('2026-10-01T00:00:00Z'), busy: one });
    expect(nov).toHaveLength(93);
    expect(new Set(starts(nov)).size).toBe(93);
  });

  it('applies buffers, busy time, notice, horizon and holidays; a slot is free if any host is', () => {
    const busy = {
      alice: [{ start: at('2026-03-09T14:00:00Z'), end: at('2026-03-09T15:00:00Z') }], // 10:00–11:00 local
      bob: [{ start: at('2026-03-09T13:00:00Z'), end: at('2026-03-09T21:00:00Z') }], // all day
    };
    const slots = computeSlots({ rules, durationMinutes: 30, from: at('2026-03-09T00:00:00Z'), to: at('2026-03-10T00:00:00Z'), now: at('2026-03-01T00:00:00Z'), busy });
    const s = starts(slots);
    // 09:00 ends 09:30 + 15 buffer = 09:45 ≤ 10:00 → free; 09:15 → 10:00 fine; 09:30 → 10:15 collides
    expect(s).toContain('2026-03-09T13:15:00.000Z');
    expect(s).not.toContain('2026-03-09T13:30:00.000Z');
    // 11:00 needs 10:45 free → busy until 11:00; first after is 11:15
    expect(s).not.toContain('2026-03-09T15:00:00.000Z');
    expect(s).toContain('2026-03-09T15:15:00.000Z');
    expect(slots.every((x) => x.calendarIds.length === 1 && x.calendarIds[0] === 'alice')).toBe(true);

    // notice: now 11:05 local, 4 h notice → earliest 15:05 → first slot 15:15
    const notice = computeSlots({ rules: { ...rules, minNoticeMinutes: 240 }, durationMinutes: 30, from: at('2026-03-09T00:00:00Z'), to: at('2026-03-10T00:00:00Z'), now: at('2026-03-09T15:05:00Z'), busy: one });
    expect(starts(notice)[0]).toBe('2026-03-09T19:15:00.000Z');
    // horizon: 1 day from Monday 09:00 → nothing after Tuesday 09:00
    const horizon = computeSlots({ rules: { ...rules, horizonDays: 1 }, durationMinutes: 30, from: at('2026-03-09T00:00:00Z'), to: at('2026-03-20T00:00:00Z'), now: at('2026-03-09T13:00:00Z'), busy: one });
    expect(starts(horizon).at(-1)).toBe('2026-03-10T13:00:00.000Z');
    // holiday
    const holiday = computeSlots({ rules: { ...rules, businessHours: { ...rules.businessHours, holidays: ['2026-03-09'] } }, durationMinutes: 30, from: at('2026-03-09T00:00:00Z'), to: at('2026-03-10T00:00:00Z'), now: at('2026-03-01T00:00:00Z'), busy: one });
    expect(holiday).toEqual([]);
  });
});
