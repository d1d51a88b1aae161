import { auth, calendar, type calendar_v3 } from '@googleapis/calendar';

export interface GoogleCalendarSettings {
  /** Override of https://www.googleapis.com/ (tests: a local server playing the Calendar API). */
  rootUrl?: string;
  /** Override of https://oauth2.googleapis.com/token, so refreshes stay local in tests. */
  tokenUrl?: string;
  clientId?: string;
  clientSecret?: string;
  refreshToken?: string;
}

export interface BusyInterval {
  start: Date;
  end: Date;
}

export interface CalendarEventInput {
  calendarId: string;
  summary: string;
  description?: string;
  start: Date;
  end: Date;
  timeZone: string;
  attendees: { email: string; displayName?: string }[];
  /** Idempotency key for the Meet link request: a retried insert does not mint a second conference. */
  requestId: string;
}

export interface CalendarEventRef {
  id: string;
  meetUrl: string | null;
  htmlLink: string | null;
}

/**
 * The team's Google calendars through the official client (@googleapis/calendar, the
 * Calendar-only build of googleapis). The OAuth2 client holds a refresh token and
 * refreshes access tokens itself; rootUrl/tokenUrl point it elsewhere for tests.
 * Invitations go out from Google (sendUpdates=all) on create, move and cancel.
 */
export class GoogleCalendarClient {
  private readonly api: calendar_v3.Calendar;

  constructor(settings: GoogleCalendarSettings) {
    const oauth = new auth.OAuth2({
      clientId: settings.clientId,
      clientSecret: settings.clientSecret,
      ...(settings.tokenUrl ? { endpoints: { oauth2TokenUrl: settings.tokenUrl } } : {}),
      // Node's own fetch: gaxios would otherwise import the ESM-only node-fetch at run
      // time, which a CommonJS test runner (Jest without vm modules) cannot load.
      transporterOptions: { fetchImplementation: fetch },
    });
    oauth.setCredentials({ refresh_token: settings.refreshToken });
    this.api = calendar({ version: 'v3', auth: oauth, ...(settings.rootUrl ? { rootUrl: withSlash(settings.rootUrl) } : {}) });
  }

  async freeBusy(calendarIds: string[], from: Date, to: Date): Promise<Record<string, BusyInterval[]>> {
    const res = await this.api.freebusy.query({
      requestBody: { timeMin: from.toISOString(), timeMax: to.toISOString(), items: calendarIds.map((id) => ({ id })) },
    });
    const out: Record<string, BusyInterval[]> = {};
    for (const id of calendarIds) {
      const cal = res.data.calendars?.[id];
      if (cal?.errors?.length) throw new Error(`calendar ${id}: ${cal.errors.map((e) => e.reason).join(', ')}`);
      out[id] = (cal?.busy ?? []).map((b) => ({ start: new Date(b.start!), end: new Date(b.end!) }));
    }
    return out;
  }

  async createEvent(input: CalendarEventInput): Promise<CalendarEventRef> {
    const res = await this.api.events.insert({
      calendarId: input.calendarId,
      conferenceDataVersion: 1,
      sendUpdates: 'all',
      requestBody: {
        summary: input.summary,
        description: input.description,
        start: { dateTime: input.start.toISOString(), timeZone: input.timeZone },
        end: { dateTime: input.end.toISOString(), timeZone: input.timeZone },
        attendees: input.attendees,
        conferenceData: { createRequest: { requestId: input.requestId, conferenceSolutionKey: { type: 'hangoutsMeet' } } },
        reminders: { useDefault: true },
      },
    });
    return ref(res.data);
  }

  async moveEvent(calendarId: string, eventId: string, start: Date, end: Date, timeZone: string): Promise<CalendarEventRef> {
    const res = await this.api.events.patch({
      calendarId,
      eventId,
      sendUpdates: 'all',
      conferenceDataVersion: 1,
      requestBody: { start: { dateTime: start.toISOString(), timeZone }, end: { dateTime: end.toISOString(), timeZone } },
    });
    return ref(res.data);
  }

  /** Cancels the event (attendees are told); a 404/410 means it is already gone, which is fine. */
  async cancelEvent(calendarId: string, eventId: string): Promise<void> {
    try {
      await this.api.events.delete({ calendarId, eventId, sendUpdates: 'all' });
    } catch (e) {
      const status = (e as { status?: number; code?: number }).status ?? (e as { code?: number }).code;
      if (status !== 404 && status !== 410) throw e;
    }
  }
}

function ref(ev: calendar_v3.Schema$Event): CalendarEventRef {
  const video = ev.conferenceData?.entryPoints?.find((p) => p.entryPointType === 'video')?.uri;
  return { id: ev.id!, meetUrl: ev.hangoutLink ?? video ?? null, htmlLink: ev.htmlLink ?? null };
}

const withSlash = (u: string) => (u.endsWith('/') ? u : `${u}/`);
