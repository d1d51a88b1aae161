import { addDays, formatInZone, localParts, ymd, zonedToUtc } from './zoned-time';

export interface BusinessHours {
  /** IANA zone the team works in. */
  timeZone: string;
  /** Opening windows per weekday (0 = Sunday) as [startMinute, endMinute) of the local day. */
  weekly: Partial<Record<0 | 1 | 2 | 3 | 4 | 5 | 6, [number, number][]>>;
  /** Local dates (YYYY-MM-DD) the team is closed. */
  holidays: string[];
}

export interface SlotRules {
  /** Slots start on this grid of the local clock. */
  stepMinutes: number;
  /** Free time the host needs before and after a meeting (may fall outside business hours). */
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  /** Earliest bookable start: now + notice. */
  minNoticeMinutes: number;
  /** Latest bookable start: now + horizon. */
  horizonDays: number;
  businessHours: BusinessHours;
}

const nineToFive: [number, number][] = [[9 * 60, 17 * 60]];
export const DEFAULT_SLOT_RULES: SlotRules = {
  stepMinutes: 15,
  bufferBeforeMinutes: 15,
  bufferAfterMinutes: 15,
  minNoticeMinutes: 4 * 60,
  horizonDays: 30,
  businessHours: { timeZone: 'America/Toronto', weekly: { 1: nineToFive, 2: nineToFive, 3: nineToFive, 4: nineToFive, 5: nineToFive }, holidays: [] },
};

export interface Interval {
  start: Date;
  end: Date;
}

export interface Slot {
  startsAt: Date;
  endsAt: Date;
  /** Calendars (hosts) free for the whole slot plus buffers; booking takes the first. */
  calendarIds: string[];
}

const overlaps = (aStart: number, aEnd: number, b: Interval) => aStart < b.end.getTime() && b.start.getTime() < aEnd;

/**
 * Bookable slots in [from, to): on the local grid inside business hours, after the
 * minimum notice, within the horizon, and where at least one host calendar is free
 * for the meeting and its buffers. Each day's windows are converted from the
 * business zone's wall clock, so a daylight-saving change moves the UTC times,
 * never the local opening hours.
 */
export function computeSlots(args: {
  rules: SlotRules;
  durationMinutes: number;
  from: Date;
  to: Date;
  now: Date;
  busy: Record<string, Interval[]>;
}): Slot[] {
  const { rules, durationMinutes, now, busy } = args;
  const tz = rules.businessHours.timeZone;
  const earliest = Math.max(args.from.getTime(), now.getTime() + rules.minNoticeMinutes * 60_000);
  const latestStart = Math.min(args.to.getTime() - durationMinutes * 60_000, now.getTime() + rules.horizonDays * 86_400_000);
  if (latestStart < earliest) return [];
  const calendars = Object.keys(busy);
  const holidays = new Set(rules.businessHours.holidays);
  const slots: Slot[] = [];
  const first = localParts(earliest, tz);
  // Walk local dates; the extra day covers windows that start before `earliest` in UTC terms.
  for (let i = -1; ; i++) {
    const day = addDays(first, i);
    const dayStart = zonedToUtc(day, 0, tz).getTime();
    if (dayStart > latestStart) break;
    if (holidays.has(ymd(day))) continue;
    for (const [open, close] of rules.businessHours.weekly[day.weekday as 0] ?? []) {
      for (let m = open; m + durationMinutes <= close; m += rules.stepMinutes) {
        const start = zonedToUtc(day, m, tz).getTime();
        // a wall time skipped by a spring-forward change does not exist: no slot
        const lp = localParts(start, tz);
        if (lp.hour * 60 + lp.minute !== m) continue;
        if (start < earliest || start > latestStart) continue;
        const end = start + durationMinutes * 60_000;
        const guardStart = start - rules.bufferBeforeMinutes * 60_000;
        const guardEnd = end + rules.bufferAfterMinutes * 60_000;
        const free = calendars.filter((c) => !busy[c].some((b) => overlaps(guardStart, guardEnd, b)));
        if (free.length) slots.push({ startsAt: new Date(start), endsAt: new Date(end), calendarIds: free });
      }
    }
  }
  return slots;
}

/** A slot as the customer sees it: UTC instants plus the same times on their own clock. */
export function presentSlot(slot: Slot, customerTimeZone: string) {
  return {
    startsAt: slot.startsAt.toISOString(),
    endsAt: slot.endsAt.toISOString(),
    localStart: formatInZone(slot.startsAt, customerTimeZone),
    localEnd: formatInZone(slot.endsAt, customerTimeZone),
    timeZone: customerTimeZone,
  };
}
