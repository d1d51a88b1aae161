import { MailService } from '@northstar/mail';
import { PrismaService } from '@northstar/prisma';
import { QueueJob, QueueName, type PendingJob, type QueueJobHandler } from '@northstar/queues';
import { AppointmentService } from './appointment.service';
import { APPOINTMENT_TYPES, type AppointmentType } from './appointment-types';
import { remindersToSend } from './reminder-plan';
import { SmsService } from './sms.service';
import { formatInZone } from './zoned-time';

export interface AppointmentReminderPayload {
  appointmentId: string;
  offsetMinutes: number;
  /** The start the reminder was scheduled for; a stale job (moved appointment) does nothing. */
  startsAt: string;
}

declare module '@northstar/queues' {
  interface JobDefinitions {
    /** One reminder of a booked appointment, `offsetMinutes` before it starts (job id per appointment and offset). */
    'appointment-reminder': { queue: QueueName.Reminders; payload: AppointmentReminderPayload };
  }
}

type Outcome = { sent: false; why: string } | { sent: true; channel: string };

/**
 * Sends a due appointment reminder by the customer's preferred channel: email via
 * MailService, SMS/WhatsApp/phone via SmsService. A job whose appointment was
 * cancelled or moved (its startsAt no longer matches) does nothing — removal on
 * cancel/reschedule is the normal path, this is the guard for a race with it.
 * The reminder is recorded in Postgres in the transaction that sends it (a failed
 * send records nothing), so the same reminder added again never goes out twice.
 */
@QueueJob('appointment-reminder', QueueName.Reminders)
export class AppointmentReminderJob implements QueueJobHandler<'appointment-reminder'> {
  constructor(
    private readonly prisma: PrismaService,
    private readonly mail: MailService,
    private readonly sms: SmsService,
    private readonly appointments: AppointmentService,
  ) {}

  async handle(p: AppointmentReminderPayload): Promise<Outcome> {
    const a = await this.prisma.appointment.findUnique({ where: { id: p.appointmentId }, include: { customer: true } });
    if (!a || a.status !== 'booked') return { sent: false, why: 'not booked' };
    if (a.startsAt.toISOString() !== p.startsAt) return { sent: false, why: 'moved' };
    const kind = APPOINTMENT_TYPES[a.type as AppointmentType]?.name ?? a.type;
    const when = formatInZone(a.startsAt, a.timeZone).slice(0, 16).replace('T', ' ');
    const lead = p.offsetMinutes >= 1440 ? 'tomorrow' : `in ${p.offsetMinutes >= 60 ? `${p.offsetMinutes / 60} hour${p.offsetMinutes === 60 ? '' : 's'}` : `${p.offsetMinutes} minutes`}`;
    const text = `Reminder: your ${kind} is ${lead}, at ${when} (${a.timeZone}).${a.meetUrl ? ` Join: ${a.meetUrl}` : ''}`;
    const tags = { kind: 'appointment-reminder', appointmentId: a.id, offsetMinutes: String(p.offsetMinutes) };
    const channel = a.customer.preferredContact;
    return this.prisma.$transaction(async (tx): Promise<Outcome> => {
      const recorded = await tx.appointmentReminder.createMany({ data: [{ appointmentId: a.id, offsetMinutes: p.offsetMinutes, startsAt: a.startsAt }], skipDuplicates: true });
      if (!recorded.count) return { sent: false, why: 'already sent' };
      if (channel === 'email') {
        await this.mail.send({ to: a.customer.email, subject: `Reminder: ${kind} ${lead}`, text, tags }, { key: `appt-reminder:${a.id}-${p.offsetMinutes}-${a.startsAt.getTime()}` });
      } else {
        await this.sms.send({ to: channel === 'whatsapp' && a.customer.whatsapp ? a.customer.whatsapp : a.customer.phone, body: text, tags });
      }
      return { sent: true, channel };
    });
  }

  /** Reminders of booked appointments still ahead that Postgres has not recorded as sent (see remindersToSend). */
  async pendingJobs(now: Date): Promise<PendingJob<'appointment-reminder'>[]> {
    const booked = await this.prisma.appointment.findMany({
      where: { status: 'booked', startsAt: { gt: now } },
      select: { id: true, startsAt: true, updatedAt: true, reminders: { select: { offsetMinutes: true, startsAt: true } } },
    });
    return booked.flatMap((a) => {
      const sent = a.reminders.filter((r) => r.startsAt.getTime() === a.startsAt.getTime()).map((r) => r.offsetMinutes);
      // A booked appointment's row changes when it is booked or moved, which is when its reminders are planned.
      return remindersToSend({ startsAt: a.startsAt, plannedAt: a.updatedAt }, this.appointments.settings.reminderOffsetsMinutes, sent, now).map((r) => ({
        jobId: this.appointments.reminderJobId(a.id, r.offsetMinutes),
        payload: { appointmentId: a.id, offsetMinutes: r.offsetMinutes, startsAt: a.startsAt.toISOString() },
        runAt: r.fireAt,
      }));
    });
  }
}
