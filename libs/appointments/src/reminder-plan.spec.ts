import { remindersToSend } from './reminder-plan';

const H = 3_600_000;
const start = new Date('2026-05-10T15:00:00Z');
const at = (hoursBeforeStart: number) => new Date(start.getTime() - hoursBeforeStart * H);
const OFFSETS = [24 * 60, 60];
const plan = (plannedAt: Date, sent: number[], now: Date) => remindersToSend({ startsAt: start, plannedAt }, OFFSETS, sent, now).map((r) => r.offsetMinutes);

describe('appointment reminders still to send', () => {
  it('booked days ahead: both reminders, each due at its time before the start', () => {
    const due = remindersToSend({ startsAt: start, plannedAt: at(72) }, OFFSETS, [], at(48));
    expect(due).toEqual([
      { offsetMinutes: 1440, fireAt: at(24) },
      { offsetMinutes: 60, fireAt: at(1) },
    ]);
  });

  it('booked inside a window: that reminder was never planned, so it is never sent late', () => {
    expect(plan(at(5), [], at(4))).toEqual([60]);
  });

  it('a reminder already sent is not listed again', () => {
    expect(plan(at(72), [1440], at(10))).toEqual([60]);
  });

  it('lost while due: the latest past-due reminder runs late, an older one is superseded', () => {
    expect(plan(at(72), [], at(20))).toEqual([1440, 60]); // the 24 h reminder is late: send it now
    expect(plan(at(72), [], at(0.5))).toEqual([60]); // both late: only the 1 h one
    expect(plan(at(72), [60], at(0.5))).toEqual([]); // the 1 h one went out: the 24 h one would come after it
  });

  it('nothing once the appointment started', () => {
    expect(plan(at(72), [], at(0))).toEqual([]);
    expect(plan(at(72), [], at(-1))).toEqual([]);
  });
});
