import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { MailService } from '@northstar/mail';
import { PrismaService } from '@northstar/prisma';
import { registerReminderHandler } from '@northstar/queues';
import { APPOINTMENT_TYPES, type AppointmentType } from './appointment-types';
import { APPOINTMENT_REMINDER_JOB, type AppointmentReminderPayload } from './appointment.service';
import { SmsService } from './sms.service';
import { formatInZone } from './zoned-time';

/**
 * Sends a due appointment reminder by the customer's preferred channel: email via
 * MailService, SMS/WhatsApp/phone via SmsService. A job whose appointment was
 * cancelled or moved (its startsAt no longer matches) does nothing — removal on
 * cancel/reschedule is the normal path, this is the guard for a race with it.
 */
@Injectable()
export class AppointmentReminders implements OnModuleInit {
  private readonly logger = new Logger('AppointmentReminders');

  constructor(
    private readonly prisma: PrismaService,
    private readonly mail: MailService,
    private readonly sms: SmsService,
  ) {}

  onModuleInit() {
    registerReminderHandler(APPOINTMENT_REMINDER_JOB, (payload) => this.send(payload as AppointmentReminderPayload));
  }

  async send(p: AppointmentReminderPayload): Promise<{ sent: false; why: string } | { sent: true; channel: string }> {
    const a = await this.prisma.appointment.findUnique({ where: { id: p.appointmentId }, include: { customer: true } });
    if (!a || a.status !== 'booked') return { sent: false, why: 'not booked' };
    if (a.startsAt.toISOString() !== p.startsAt) return { sent: false, why: 'moved' };
    const kind = APPOINTMENT_TYPES[a.type as AppointmentType]?.name ?? a.type;
    const when = formatInZone(a.startsAt, a.timeZone).slice(0, 16).replace('T', ' ');
    const lead = p.offsetMinutes >= 1440 ? 'tomorrow' : `in ${p.offsetMinutes >= 60 ? `${p.offsetMinutes / 60} hour${p.offsetMinutes === 60 ? '' : 's'}` : `${p.offsetMinutes} minutes`}`;
    const text = `Reminder: your ${kind} is ${lead}, at ${when} (${a.timeZone}).${a.meetUrl ? ` Join: ${a.meetUrl}` : ''}`;
    const tags = { kind: 'appointment-reminder', appointmentId: a.id, offsetMinutes: String(p.offsetMinutes) };
    const channel = a.customer.preferredContact;
    if (channel === 'email') {
      await this.mail.send({ to: a.customer.email, subject: `Reminder: ${kind} ${lead}`, text, tags }, { key: `appt-reminder:${a.id}-${p.offsetMinutes}-${a.startsAt.getTime()}` });
    } else {
      await this.sms.send({ to: channel === 'whatsapp' && a.customer.whatsapp ? a.customer.whatsapp : a.customer.phone, body: text, tags });
    }
    return { sent: true, channel };
  }
}
