import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { createTestEnvironment, type TestEnvironment } from '@northstar/testing';
import { ClickhouseService, openClickhouse, targetFromConfig } from '@northstar/clickhouse';
import { loadConfig } from '@northstar/config';
import { QueueName, type EventRowsPayload } from '@northstar/queues';
import { basic, chCount, newWriteKey, startApi, waitFor } from '../../ingestion/test/support/stream-harness';
import { EventsStoredHooks } from '../src/events-stored.hooks';
import { StoreRowsJob } from '../src/store-rows.job';
import { listDeadLetters, replayDeadLetters } from '../src/dead-letter';
import { chTime, segmentEventId } from '@northstar/contracts';

/**
 * Real faults, no mocks: ClickHouse "unavailable" is the events table renamed
 * away (inserts fail with UNKNOWN_TABLE, exactly as during a botched deploy); a
 * worker killed mid-batch is the app closed while its flush is failing, then a
 * fresh app; a lost acknowledgement is the same job delivered again.
 */
describe('events writer under faults', () => {
  let env: TestEnvironment;
  let app: NestFastifyApplication;
  let key: string;

  beforeAll(async () => {
    env = await createTestEnvironment({ EVENTS_FLUSH_INTERVAL_MS: '50' });
    ({ app } = await startApi());
    key = await newWriteKey(app, 'faults');
  });

  afterAll(async () => {
    await app?.close();
    await env?.teardown();
  });

  const ch = (sql: string) => app.get(ClickhouseService).reader().then((c) => c.command({ query: sql }));
  const send = (prefix: string, n: number) =>
    app.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: { authorization: basic(key), 'content-type': 'application/json' },
      payload: { batch: Array.from({ length: n }, (_, i) => ({ type: 'track', userId: `u${i % 7}`, event: 'Fault Test', messageId: `${prefix}-${i}` })) },
    });
  const finalCount = (prefix: string) =>
    chCount(app, 'SELECT count() AS n FROM events FINAL WHERE startsWith(message_id, {p:String})', { p: `${prefix}-` });

  it('ClickHouse unavailable for a while: accepted events wait, then all land once', async () => {
    await ch('RENAME TABLE events TO events_parked');
    try {
      for (let b = 0; b < 4; b++) expect((await send(`outage${b}`, 50)).statusCode).toBe(200);
      const writer = app.get(StoreRowsJob);
      await waitFor('writer retrying', async () => writer.stats.retries, (n) => n >= 2, 10_000);
      expect(await chCount(app, 'SELECT count() AS n FROM events_parked')).toBe(0);
    } finally {
      await ch('RENAME TABLE events_parked TO events');
    }
    for (let b = 0; b < 4; b++) await waitFor(`batch ${b}`, () => finalCount(`outage${b}`), (n) => n === 50, 40_000);
    expect(await chCount(app, `SELECT count() AS n FROM events WHERE startsWith(message_id, 'outage')`)).toBe(200);
  });

  it('worker killed mid-batch, then restarted: nothing missing, nothing doubled', async () => {
    await ch('RENAME TABLE events TO events_parked');
    expect((await send('crash', 120)).statusCode).toBe(200);
    const writer = app.get(StoreRowsJob);
    const before = writer.stats.retries;
    await waitFor('flush in progress', async () => writer.stats.retries, (n) => n > before, 10_000);
    await app.close(); // the process goes away while its batch is un-acknowledged
    // While it is down, ClickHouse comes back (a separate client: the folder is free now).
    const direct = await openClickhouse(targetFromConfig(loadConfig()));
    await direct.client.command({ query: 'RENAME TABLE events_parked TO events' });
    await direct.client.close();

    ({ app } = await startApi());
    await waitFor('rows after restart', () => finalCount('crash'), (n) => n === 120, 40_000);

    // A lost acknowledgement: the same jobs delivered a second time after they were inserted.
    const events = app.get<Queue>(getQueueToken(QueueName.Events));
    const done = (await events.getCompleted(0, 1000)).filter((j) => (j.data as EventRowsPayload).rows?.some((r) => String(r.message_id).startsWith('crash-')));
    expect(done.length).toBeGreaterThan(0);
    for (const j of done) await events.add('store-rows', j.data);
    await waitFor('redelivered rows inserted', () => chCount(app, `SELECT count() AS n FROM events WHERE startsWith(message_id, 'crash-')`), (n) => n >= 240, 20_000);
    expect(await finalCount('crash')).toBe(120);
    expect(await chCount(app, `SELECT count() AS n FROM (SELECT message_id FROM events FINAL WHERE startsWith(message_id, 'crash-') GROUP BY message_id HAVING count() > 1)`)).toBe(0);
  });

  it('data ClickHouse refuses goes to the dead-letter queue without holding back good rows; replay after a fix', async () => {
    const events = app.get<Queue>(getQueueToken(QueueName.Events));
    const dlq = app.get<Queue>(getQueueToken(QueueName.EventsDeadLetter));
    const row = (id: string, timestamp: string) => ({
      event_id: segmentEventId('faults', id),
      message_id: id,
      type: 'track',
      event: 'DLQ Test',
      source: 'faults',
      user_id: 'u',
      anonymous_id: '',
      customer_id: '',
      account_id: '',
      timestamp,
      original_timestamp: null,
      sent_at: null,
      received_at: chTime(new Date()),
      properties: '{}',
      context: '{}',
      traits: '{}',
      amount_minor: 0,
      currency: '',
    });
    const now = chTime(new Date());
    await events.addBulk([
      { name: 'store-rows', data: { origin: 'segment', rows: [row('dlq-good-1', now), row('dlq-good-2', now)] } },
      { name: 'store-rows', data: { origin: 'segment', rows: [row('dlq-bad-1', 'not a time')] } },
    ]);
    await waitFor('good rows', () => finalCount('dlq-good'), (n) => n === 2, 20_000);
    const dead = await waitFor('dead letter', () => listDeadLetters(dlq), (d) => d.length === 1, 20_000);
    expect(dead[0]).toMatchObject({ origin: 'segment', rows: 1, firstEventIds: [segmentEventId('faults', 'dlq-bad-1')] });
    expect(dead[0].error).toMatch(/Code: \d+/);

    // Retryable failures that outlast every attempt are dead-lettered too, and replayable.
    await ch('RENAME TABLE events TO events_parked');
    try {
      await events.add('store-rows', { origin: 'segment', rows: [row('dlq-late-1', now)] }, { attempts: 1 });
      await waitFor('second dead letter', () => listDeadLetters(dlq), (d) => d.length === 2, 30_000);
    } finally {
      await ch('RENAME TABLE events_parked TO events');
    }
    const late = (await listDeadLetters(dlq)).find((d) => d.firstEventIds[0] === segmentEventId('faults', 'dlq-late-1'))!;
    expect(await replayDeadLetters(dlq, events, [late.id])).toEqual([late.id]);
    await waitFor('replayed row', () => finalCount('dlq-late'), (n) => n === 1, 20_000);
    expect((await listDeadLetters(dlq)).map((d) => d.id)).toEqual([dead[0].id]);
  });

  it('events stored: a failing subscriber fails nothing; the others are told once the rows are in ClickHouse', async () => {
    const hooks = app.get(EventsStoredHooks);
    const told: { ids: string[]; inClickhouse: number }[] = [];
    hooks.onEventsStored('spec-failing', () => {
      throw new Error('subscriber down');
    });
    hooks.onEventsStored('spec-recording', async (rows) => {
      const ids = rows.map((r) => r.message_id).filter((id) => id.startsWith('told-'));
      if (ids.length) told.push({ ids, inClickhouse: await finalCount('told') });
    });
    expect((await send('told', 5)).statusCode).toBe(200);
    await waitFor('rows', () => finalCount('told'), (n) => n === 5, 20_000);
    const [batch] = await waitFor('subscriber told', async () => told, (t) => t.length > 0, 10_000);
    expect(batch.ids.sort()).toEqual(['told-0', 'told-1', 'told-2', 'told-3', 'told-4']);
    expect(batch.inClickhouse).toBe(5);
    const events = app.get<Queue>(getQueueToken(QueueName.Events));
    const jobs = (await events.getJobs(['completed', 'failed', 'active', 'waiting'], 0, 1000)).filter((j) =>
      (j.data as EventRowsPayload).rows?.some((r) => r.message_id.startsWith('told-')),
    );
    const settled = (states: string[]) => states.every((x) => x === 'completed' || x === 'failed');
    expect(await waitFor('job settled', () => Promise.all(jobs.map((j) => j.getState())), settled, 10_000)).toEqual(['completed']);
  });
});
