import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ApiError } from '@northstar/http';
import { LifecycleTransaction, isReplayingHistory, lifecycleNow, type Tx } from '@northstar/outbox';
import { PrismaService, type Appointment } from '@northstar/prisma';
import { LifecycleEvent } from '@northstar/contracts';
import { JobProducer, QueueName } from '@northstar/queues';
import { GoogleCalendarClient, type BusyInterval } from '@northstar/calendar';
import { APPOINTMENT_TYPES, type AppointmentType } from './appointment-types';
import { APPOINTMENTS_SETTINGS, type AppointmentsSettings } from './appointments-settings';
import { computeSlots, presentSlot, type Slot } from './slot-rules';
import type { BookAppointment } from './appointment.schemas';
import type { AppointmentReminderPayload } from './appointment-reminder.job';

export const GOOGLE_CALENDAR = Symbol('GOOGLE_CALENDAR');

const MIN = 60_000;
const DAY = 86_400_000;

/**
 * Booking on the team's Google calendars. A booking:
 *  1. recomputes availability for the requested start (Google free/busy + our own
 *     booked rows, with buffers) and picks a free host;
 *  2. in one LifecycleTransaction takes a transaction-scoped advisory lock on that
 *     host, re-checks for an overlapping booked row (a concurrent booker that got
 *     the lock first has committed by now and is seen), creates the Google event
 *     with a Meet link, inserts the row and emits AppointmentBooked; a Google
 *     failure rolls the row back;
 *  3. after commit, (re)places the 24 h and 1 h reminder jobs under deterministic ids.
 * The loser of a race gets 409 `slot_taken` with fresh slots.
 */
@Injectable()
export class AppointmentService {
  private readonly logger = new Logger('Appointments');

  constructor(
    private readonly prisma: PrismaService,
    private readonly lifecycle: LifecycleTransaction,
    @Inject(GOOGLE_CALENDAR) private readonly calendar: GoogleCalendarClient,
    @Inject(APPOINTMENTS_SETTINGS) readonly settings: AppointmentsSettings,
    private readonly jobs: JobProducer,
  ) {}

  async get(id: string) {
    const a = await this.prisma.appointment.findUnique({ where: { id } });
    if (!a) throw ApiError.notFound('Appointment');
    return a;
  }

  /** Bookable slots of a type between from and to (default: the next 14 days), shown on `timeZone`'s clock. */
  async slots(type: AppointmentType, from: Date | undefined, to: Date | undefined, timeZone: string, now = new Date()) {
    const f = from ?? now;
    const t = to ?? new Date(f.getTime() + 14 * DAY);
    if (t <= f) throw ApiError.validation([{ field: 'to', message: 'must be after from' }]);
    if (t.getTime() - f.getTime() > 62 * DAY) throw ApiError.validation([{ field: 'to', message: 'at most 62 days per request' }]);
    const slots = await this.freeSlots(type, f, t, now);
    return { type, durationMinutes: APPOINTMENT_TYPES[type].durationMinutes, timeZone, slots: slots.map((s) => presentSlot(s, timeZone)) };
  }

  /**
   * Replayed history (see replayAt) took place before the calendar knew of it: no
   * availability check against today's calendars, no Google event, no reminders.
   */
  async book(input: BookAppointment, createdById: string | null, now = lifecycleNow()): Promise<Appointment> {
    const history = isReplayingHistory();
    const customer = await this.prisma.customer.findUnique({ where: { id: input.customerId } });
    if (!customer || customer.deletedAt) throw ApiError.validation([{ field: 'customerId', message: 'no such customer' }]);
    if (input.quoteId) {
      const q = await this.prisma.quote.findUnique({ where: { id: input.quoteId } });
      if (!q || q.customerId !== customer.id) throw ApiError.validation([{ field: 'quoteId', message: 'no such quote for this customer' }]);
    }
    const timeZone = input.timeZone ?? customer.timeZone;
    const duration = APPOINTMENT_TYPES[input.type].durationMinutes;
    const start = input.startsAt;
    const end = new Date(start.getTime() + duration * MIN);
    const slot = history ? { calendarIds: this.settings.calendarIds.slice(0, 1) } : (await this.freeSlots(input.type, start, end, now)).find((s) => s.startsAt.getTime() === start.getTime());
    if (!slot) throw await this.slotTaken(input.type, start, timeZone, now, 'That time is not available');
    const { bufferBeforeMinutes, bufferAfterMinutes } = this.settings.rules;
    const blockedFrom = new Date(start.getTime() - bufferBeforeMinutes * MIN);
    const blockedUntil = new Date(end.getTime() + bufferAfterMinutes * MIN);

    let appointment: Appointment | null = null;
    for (const host of slot.calendarIds) {
      appointment = await this.lifecycle.run(async (tx, emit) => {
        if (!history && (await this.hostTaken(tx, host, blockedFrom, blockedUntil))) return null;
        const id = cuidLike();
        const event = history ? null : await this.calendar.createEvent({
          calendarId: host,
          summary: `${APPOINTMENT_TYPES[input.type].name} — ${customer.company ?? customer.name}`,
          description: input.notes,
          start,
          end,
          timeZone,
          attendees: [{ email: customer.email, displayName: customer.name }],
          requestId: id,
        });
        try {
          const row = await tx.appointment.create({
            data: {
              id,
              customerId: customer.id,
              quoteId: input.quoteId ?? null,
              type: input.type,
              startsAt: start,
              endsAt: end,
              blockedFrom,
              blockedUntil,
              timeZone,
              hostCalendarId: host,
              googleEventId: event?.id ?? null,
              meetUrl: event?.meetUrl ?? null,
              eventLink: event?.htmlLink ?? null,
              notes: input.notes ?? null,
              createdById,
              createdAt: now,
            },
          });
          emit({
            name: LifecycleEvent.AppointmentBooked,
            aggregateType: 'appointment',
            aggregateId: id,
            customerId: customer.id,
            properties: { appointmentId: id, appointmentType: input.type, startsAt: start.toISOString(), endsAt: end.toISOString(), quoteId: input.quoteId ?? null },
          });
          return row;
        } catch (e) {
          // the row did not commit: do not leave an orphan event on the calendar
          if (event) await this.calendar.cancelEvent(host, event.id).catch(() => undefined);
          throw e;
        }
      }, { allowNoEvents: true });
      if (appointment) break;
    }
    if (!appointment) throw await this.slotTaken(input.type, start, timeZone, now, 'Someone else just booked that time');
    await this.scheduleReminders(appointment, now);
    return appointment;
  }

  async reschedule(id: string, startsAt: Date, now = lifecycleNow()): Promise<Appointment> {
    const history = isReplayingHistory();
    const current = await this.get(id);
    if (current.status !== 'booked') throw ApiError.conflict('invalid_transition', `cannot reschedule an appointment that is ${current.status}`, { state: current.status, allowed: [] });
    const type = current.type as AppointmentType;
    const duration = APPOINTMENT_TYPES[type].durationMinutes;
    const end = new Date(startsAt.getTime() + duration * MIN);
    const available = history || (await this.freeSlots(type, startsAt, end, now, current.id)).some((s) => s.startsAt.getTime() === startsAt.getTime() && s.calendarIds.includes(current.hostCalendarId));
    if (!available) throw await this.slotTaken(type, startsAt, current.timeZone, now, 'That time is not available');
    const { bufferBeforeMinutes, bufferAfterMinutes } = this.settings.rules;
    const blockedFrom = new Date(startsAt.getTime() - bufferBeforeMinutes * MIN);
    const blockedUntil = new Date(end.getTime() + bufferAfterMinutes * MIN);
    const moved = await this.lifecycle.run(async (tx, emit) => {
      const a = await this.lockAppointment(tx, id);
      if (a.status !== 'booked') throw ApiError.conflict('invalid_transition', `cannot reschedule an appointment that is ${a.status}`, { state: a.status, allowed: [] });
      if (!history && (await this.hostTaken(tx, a.hostCalendarId, blockedFrom, blockedUntil, a.id))) return null;
      if (a.googleEventId) await this.calendar.moveEvent(a.hostCalendarId, a.googleEventId, startsAt, end, a.timeZone);
      const row = await tx.appointment.update({ where: { id }, data: { startsAt, endsAt: end, blockedFrom, blockedUntil, rescheduleCount: { increment: 1 } } });
      emit({
        name: LifecycleEvent.AppointmentRescheduled,
        aggregateType: 'appointment',
        aggregateId: id,
        customerId: a.customerId,
        properties: { appointmentId: id, appointmentType: a.type, startsAt: startsAt.toISOString(), previousStartsAt: a.startsAt.toISOString() },
      });
      return row;
    });
    if (!moved) throw await this.slotTaken(type, startsAt, current.timeZone, now, 'Someone else just booked that time');
    await this.scheduleReminders(moved, now);
    return moved;
  }

  async cancel(id: string, reason: string): Promise<Appointment> {
    const a = await this.lifecycle.run(async (tx, emit) => {
      const cur = await this.lockAppointment(tx, id);
      if (cur.status !== 'booked') throw ApiError.conflict('invalid_transition', `cannot cancel an appointment that is ${cur.status}`, { state: cur.status, allowed: [] });
      if (cur.googleEventId) await this.calendar.cancelEvent(cur.hostCalendarId, cur.googleEventId);
      const row = await tx.appointment.update({ where: { id }, data: { status: 'cancelled', cancelledAt: lifecycleNow(), cancelReason: reason } });
      emit({
        name: LifecycleEvent.AppointmentCancelled,
        aggregateType: 'appointment',
        aggregateId: id,
        customerId: cur.customerId,
        properties: { appointmentId: id, appointmentType: cur.type, startsAt: cur.startsAt.toISOString(), reason },
      });
      return row;
    });
    await this.removeReminders(a.id);
    return a;
  }

  /** After the meeting: it happened (held) or the customer did not come (no_show). */
  async recordOutcome(id: string, outcome: 'held' | 'no_show', now = lifecycleNow()): Promise<Appointment> {
    return this.lifecycle.run(async (tx, emit) => {
      const cur = await this.lockAppointment(tx, id);
      if (cur.status !== 'booked') throw ApiError.conflict('invalid_transition', `cannot mark ${outcome} an appointment that is ${cur.status}`, { state: cur.status, allowed: [] });
      if (cur.startsAt > now) throw ApiError.conflict('not_started', 'The appointment has not started yet', { state: cur.status, allowed: ['reschedule', 'cancel'] });
      const row = await tx.appointment.update({ where: { id }, data: { status: outcome } });
      emit({
        name: outcome === 'held' ? LifecycleEvent.AppointmentHeld : LifecycleEvent.AppointmentNoShow,
        aggregateType: 'appointment',
        aggregateId: id,
        customerId: cur.customerId,
        properties: { appointmentId: id, appointmentType: cur.type, startsAt: cur.startsAt.toISOString() },
      });
      return row;
    });
  }

  reminderJobId(appointmentId: string, offsetMinutes: number) {
    return `appointment-${appointmentId}-reminder-${offsetMinutes}m`;
  }

  // --- internals -----------------------------------------------------------------

  private async freeSlots(type: AppointmentType, from: Date, to: Date, now: Date, ignoreAppointmentId?: string): Promise<Slot[]> {
    const { rules, calendarIds } = this.settings;
    const pad = (rules.bufferBeforeMinutes + rules.bufferAfterMinutes + 60) * MIN;
    const windowFrom = new Date(from.getTime() - pad);
    const windowTo = new Date(to.getTime() + pad);
    let busy: Record<string, BusyInterval[]>;
    try {
      busy = await this.calendar.freeBusy(calendarIds, windowFrom, windowTo);
    } catch (e) {
      this.logger.warn(`free/busy failed: ${(e as Error).message}`);
      throw ApiError.unavailable('The calendar is not reachable right now; try again shortly');
    }
    // Our own booked rows count too: Google may lag, and buffers are ours.
    const own = await this.prisma.appointment.findMany({
      where: { status: 'booked', hostCalendarId: { in: calendarIds }, blockedFrom: { lt: windowTo }, blockedUntil: { gt: windowFrom } },
    });
    const ignore = ignoreAppointmentId ? own.find((a) => a.id === ignoreAppointmentId) : undefined;
    for (const a of own) if (a.id !== ignoreAppointmentId) busy[a.hostCalendarId].push({ start: a.blockedFrom, end: a.blockedUntil });
    if (ignore) {
      // Google still shows the appointment being moved: drop its own event from busy time.
      busy[ignore.hostCalendarId] = busy[ignore.hostCalendarId].filter(
        (b) => !(b.start.getTime() === ignore.startsAt.getTime() && b.end.getTime() === ignore.endsAt.getTime()),
      );
    }
    return computeSlots({ rules, durationMinutes: APPOINTMENT_TYPES[type].durationMinutes, from, to, now, busy });
  }

  private async hostTaken(tx: Tx, host: string, from: Date, until: Date, exceptId?: string): Promise<boolean> {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${'appointment-host:' + host}, 0))`;
    const clash = await tx.appointment.findFirst({
      where: { hostCalendarId: host, status: 'booked', blockedFrom: { lt: until }, blockedUntil: { gt: from }, ...(exceptId ? { id: { not: exceptId } } : {}) },
      select: { id: true },
    });
    return clash !== null;
  }

  private async lockAppointment(tx: Tx, id: string): Promise<Appointment> {
    const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM appointments WHERE id = ${id} FOR UPDATE`;
    if (!rows.length) throw ApiError.notFound('Appointment');
    return tx.appointment.findUniqueOrThrow({ where: { id } });
  }

  private async slotTaken(type: AppointmentType, around: Date, timeZone: string, now: Date, message: string) {
    const from = new Date(Math.max(now.getTime(), around.getTime() - DAY));
    const fresh = await this.freeSlots(type, from, new Date(from.getTime() + 7 * DAY), now).catch(() => []);
    return ApiError.conflict('slot_taken', message, { slots: fresh.slice(0, 40).map((s) => presentSlot(s, timeZone)) });
  }

  private async scheduleReminders(a: Appointment, now: Date) {
    if (isReplayingHistory()) return;
    for (const offset of this.settings.reminderOffsetsMinutes) {
      const jobId = this.reminderJobId(a.id, offset);
      // remove-then-add: a moved appointment's reminder moves with it under the same id
      await this.jobs.queue(QueueName.Reminders).remove(jobId);
      const fireAt = a.startsAt.getTime() - offset * MIN;
      if (fireAt <= now.getTime()) continue; // booked inside the window: that reminder would be late
      const payload: AppointmentReminderPayload = { appointmentId: a.id, offsetMinutes: offset, startsAt: a.startsAt.toISOString() };
      await this.jobs.add(QueueName.Reminders, 'appointment-reminder', payload, { jobId, delay: fireAt - now.getTime() });
    }
  }

  private async removeReminders(appointmentId: string) {
    for (const offset of this.settings.reminderOffsetsMinutes) await this.jobs.queue(QueueName.Reminders).remove(this.reminderJobId(appointmentId, offset));
  }
}

/** Ids are minted before the insert so the calendar event's conference request id can carry them. */
function cuidLike(): string {
  return `c${Date.now().toString(36)}${randomBytes(8).toString('hex')}`;
}
