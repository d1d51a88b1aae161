import { FakeGoogleCalendar } from './fake-google-calendar';
import { GoogleCalendarClient } from './google-calendar.client';

describe('GoogleCalendarClient against a local Calendar API', () => {
  let fake: FakeGoogleCalendar;
  let client: GoogleCalendarClient;
  beforeAll(async () => {
    fake = await new FakeGoogleCalendar().start();
    client = new GoogleCalendarClient({ rootUrl: fake.rootUrl, tokenUrl: fake.tokenUrl, clientId: 'cid', clientSecret: 'sec', refreshToken: 'rt' });
  });
  afterAll(() => fake.stop());

  it('refreshes its token locally, books with a Meet link, reports busy time, moves and cancels', async () => {
    fake.busy.alice = [{ start: '2026-03-09T14:00:00.000Z', end: '2026-03-09T15:00:00.000Z' }];
    const ev = await client.createEvent({
      calendarId: 'bob',
      summary: 'Discovery consultation',
      start: new Date('2026-03-09T16:00:00Z'),
      end: new Date('2026-03-09T16:30:00Z'),
      timeZone: 'America/Toronto',
      attendees: [{ email: 'c@example.com' }],
      requestId: 'appt-1',
    });
    expect(fake.tokenRefreshes).toBe(1);
    expect(ev.meetUrl).toMatch(/^https:\/\/meet\.google\.com\//);
    const stored = fake.events.get(ev.id)!;
    expect(stored).toMatchObject({ conferenceRequestId: 'appt-1', sendUpdates: 'all', attendees: [{ email: 'c@example.com' }] });
    expect(fake.requests.find((r) => r.method === 'POST' && r.path.endsWith('/events'))!.query).toContain('conferenceDataVersion=1');

    const busy = await client.freeBusy(['alice', 'bob'], new Date('2026-03-09T00:00:00Z'), new Date('2026-03-10T00:00:00Z'));
    expect(busy.alice.map((b) => b.start.toISOString())).toEqual(['2026-03-09T14:00:00.000Z']);
    expect(busy.bob.map((b) => b.end.toISOString())).toEqual(['2026-03-09T16:30:00.000Z']);

    await client.moveEvent('bob', ev.id, new Date('2026-03-10T16:00:00Z'), new Date('2026-03-10T16:30:00Z'), 'America/Toronto');
    expect(fake.events.get(ev.id)!.start).toBe('2026-03-10T16:00:00.000Z');
    await client.cancelEvent('bob', ev.id);
    expect(fake.events.get(ev.id)!.status).toBe('cancelled');
    await expect(client.cancelEvent('bob', ev.id)).resolves.toBeUndefined(); // already gone is fine
    expect(fake.tokenRefreshes).toBe(1); // the access token is reused until it expires
  });

  it('surfaces API failures', async () => {
    fake.failNext = { count: 1, status: 403 };
    await expect(client.freeBusy(['alice'], new Date('2026-03-09T00:00:00Z'), new Date('2026-03-10T00:00:00Z'))).rejects.toThrow();
  });
});
