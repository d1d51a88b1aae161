import { Module } from '@nestjs/common';
import { MailModule } from '@northstar/mail';
import { APP_CONFIG, type AppConfig } from '@northstar/config';
import { GoogleCalendarClient } from '@northstar/calendar';
import { APPOINTMENTS_SETTINGS, loadAppointmentsSettings } from './appointments-settings';
import { AppointmentService, GOOGLE_CALENDAR } from './appointment.service';
import { AppointmentReminderJob } from './appointment-reminder.job';
import { AppointmentsController, CustomerAppointmentsController } from './appointments.controller';
import { LoggingSmsService, SmsService } from './sms.service';

@Module({
  imports: [MailModule],
  controllers: [AppointmentsController, CustomerAppointmentsController],
  providers: [
    { provide: APPOINTMENTS_SETTINGS, useFactory: () => loadAppointmentsSettings() },
    {
      provide: GOOGLE_CALENDAR,
      useFactory: (c: AppConfig) =>
        new GoogleCalendarClient({
          rootUrl: c.GOOGLE_API_ROOT,
          tokenUrl: c.GOOGLE_TOKEN_URL,
          clientId: c.GOOGLE_CLIENT_ID,
          clientSecret: c.GOOGLE_CLIENT_SECRET,
          refreshToken: c.GOOGLE_REFRESH_TOKEN,
        }),
      inject: [APP_CONFIG],
    },
    { provide: SmsService, useClass: LoggingSmsService },
    AppointmentService,
    AppointmentReminderJob,
  ],
  exports: [AppointmentService, SmsService],
})
export class AppointmentsModule {}
