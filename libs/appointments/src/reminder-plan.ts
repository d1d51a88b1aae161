const MIN = 60_000;

export interface PlannedReminder {
  offsetMinutes: number;
  fireAt: Date;
}

/**
 * The reminders of a booked appointment still to send, from Postgres alone (what the
 * job reconciler adds again after Redis lost them).
 *
 * A reminder exists when the booking, or its last move (`plannedAt`), came before its
 * time: booking inside the window plans no late reminder (AppointmentService). One
 * whose time passed while it was lost is sent late — but only the latest such one, and
 * only if nothing after it went out already: "tomorrow" said an hour before the meeting,
 * or after the one-hour reminder, would mislead.
 */
export function remindersToSend(
  appointment: { startsAt: Date; plannedAt: Date },
  offsetsMinutes: number[],
  sentOffsets: number[],
  now: Date,
): PlannedReminder[] {
  if (appointment.startsAt <= now) return [];
  const planned = offsetsMinutes
    .map((offsetMinutes) => ({ offsetMinutes, fireAt: new Date(appointment.startsAt.getTime() - offsetMinutes * MIN) }))
    .filter((r) => r.fireAt > appointment.plannedAt);
  const latestPast = planned.filter((r) => r.fireAt <= now).sort((a, b) => b.fireAt.getTime() - a.fireAt.getTime())[0];
  return planned.filter((r) => (r.fireAt > now || r === latestPast) && !sentOffsets.includes(r.offsetMinutes));
}
