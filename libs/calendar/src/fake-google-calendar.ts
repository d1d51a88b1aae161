import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';

/**
 * A local HTTP server that plays the parts of Google's Calendar API and OAuth token
 * endpoint that we use, so tests run the real googleapis client with no network.
 * It checks the bearer token it issued, keeps events in memory and answers free/busy
 * from them plus preset busy blocks.
 */
export interface FakeEvent {
  id: string;
  calendarId: string;
  status: 'confirmed' | 'cancelled';
  summary: string;
  start: string;
  end: string;
  timeZone?: string;
  attendees: { email: string }[];
  conferenceRequestId?: string;
  meetUrl: string;
  sendUpdates?: string;
}

export class FakeGoogleCalendar {
  readonly events = new Map<string, FakeEvent>();
  readonly busy: Record<string, { start: string; end: string }[]> = {};
  readonly requests: { method: string; path: string; query: string }[] = [];
  tokenRefreshes = 0;
  /** Make the next N calendar calls fail with this status (e.g. 503). */
  failNext: { count: number; status: number } = { count: 0, status: 503 };
  private readonly accessToken = `ya29.fake-${randomUUID()}`;
  private server?: http.Server;
  url = '';

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        try {
          this.handle(req, res, body);
        } catch (e) {
          send(res, 500, { error: { message: (e as Error).message } });
        }
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    if (this.server) await new Promise<void>((r) => this.server!.close(() => r()));
  }

  get rootUrl() {
    return `${this.url}/`;
  }
  get tokenUrl() {
    return `${this.url}/token`;
  }

  liveEvents(): FakeEvent[] {
    return [...this.events.values()].filter((e) => e.status === 'confirmed');
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse, body: string) {
    const url = new URL(req.url!, 'http://x');
    this.requests.push({ method: req.method!, path: url.pathname, query: url.search });
    if (url.pathname === '/token' && req.method === 'POST') {
      const form = new URLSearchParams(body);
      if (form.get('grant_type') !== 'refresh_token' || !form.get('refresh_token')) return send(res, 400, { error: 'invalid_grant' });
      this.tokenRefreshes++;
      return send(res, 200, { access_token: this.accessToken, expires_in: 3600, token_type: 'Bearer' });
    }
    if (req.headers.authorization !== `Bearer ${this.accessToken}`) return send(res, 401, { error: { code: 401, message: 'Invalid Credentials' } });
    if (this.failNext.count > 0) {
      this.failNext.count--;
      return send(res, this.failNext.status, { error: { code: this.failNext.status, message: 'Backend Error' } });
    }
    const json = body ? JSON.parse(body) : {};
    if (url.pathname === '/calendar/v3/freeBusy' && req.method === 'POST') {
      const calendars: Record<string, { busy: { start: string; end: string }[] }> = {};
      const min = Date.parse(json.timeMin);
      const max = Date.parse(json.timeMax);
      for (const { id } of json.items as { id: string }[]) {
        const own = this.liveEvents()
          .filter((e) => e.calendarId === id)
          .map((e) => ({ start: e.start, end: e.end }));
        calendars[id] = { busy: [...(this.busy[id] ?? []), ...own].filter((b) => Date.parse(b.start) < max && Date.parse(b.end) > min) };
      }
      return send(res, 200, { kind: 'calendar#freeBusy', timeMin: json.timeMin, timeMax: json.timeMax, calendars });
    }
    const m = /^\/calendar\/v3\/calendars\/([^/]+)\/events(?:\/([^/]+))?$/.exec(url.pathname);
    if (m) {
      const calendarId = decodeURIComponent(m[1]);
      const eventId = m[2] && decodeURIComponent(m[2]);
      if (!eventId && req.method === 'POST') {
        const id = randomUUID().replace(/-/g, '');
        const ev: FakeEvent = {
          id,
          calendarId,
          status: 'confirmed',
          summary: json.summary,
          start: new Date(json.start.dateTime).toISOString(),
          end: new Date(json.end.dateTime).toISOString(),
          timeZone: json.start.timeZone,
          attendees: json.attendees ?? [],
          conferenceRequestId: json.conferenceData?.createRequest?.requestId,
          meetUrl: `https://meet.google.com/fak-${id.slice(0, 4)}-${id.slice(4, 7)}`,
          sendUpdates: url.searchParams.get('sendUpdates') ?? undefined,
        };
        if (url.searchParams.get('conferenceDataVersion') !== '1') ev.meetUrl = '';
        this.events.set(id, ev);
        return send(res, 200, this.toApi(ev));
      }
      const ev = eventId ? this.events.get(eventId) : undefined;
      if (!ev || ev.calendarId !== calendarId) return send(res, 404, { error: { code: 404, message: 'Not Found' } });
      if (req.method === 'PATCH') {
        if (json.start) ev.start = new Date(json.start.dateTime).toISOString();
        if (json.end) ev.end = new Date(json.end.dateTime).toISOString();
        if (json.status) ev.status = json.status;
        return send(res, 200, this.toApi(ev));
      }
      if (req.method === 'DELETE') {
        if (ev.status === 'cancelled') return send(res, 410, { error: { code: 410, message: 'Resource has been deleted' } });
        ev.status = 'cancelled';
        res.writeHead(204).end();
        return;
      }
      if (req.method === 'GET') return send(res, 200, this.toApi(ev));
    }
    send(res, 404, { error: { code: 404, message: `no route ${req.method} ${url.pathname}` } });
  }

  private toApi(ev: FakeEvent) {
    return {
      kind: 'calendar#event',
      id: ev.id,
      status: ev.status,
      htmlLink: `https://calendar.google.com/event?eid=${ev.id}`,
      summary: ev.summary,
      start: { dateTime: ev.start, timeZone: ev.timeZone },
      end: { dateTime: ev.end, timeZone: ev.timeZone },
      attendees: ev.attendees,
      ...(ev.meetUrl
        ? {
            hangoutLink: ev.meetUrl,
            conferenceData: {
              createRequest: { requestId: ev.conferenceRequestId, status: { statusCode: 'success' } },
              entryPoints: [{ entryPointType: 'video', uri: ev.meetUrl }],
            },
          }
        : {}),
    };
  }
}

function send(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
