import { Module, type INestApplicationContext, type Type } from '@nestjs/common';
import { DiscoveryModule, NestFactory } from '@nestjs/core';
import { Queue, QueueEvents, type Job } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { loadConfig } from '@northstar/config';
import type { EventRow } from '@northstar/contracts';
import { createTestEnvironment, type TestEnvironment } from '@northstar/testing';
import { QueueName } from '../queue-registry';
import { QueuesModule } from '../queues.module';
import { redisConnectionOptions } from '../redis-connection';
import type { EventRowsPayload } from './job-definitions';
import { JobProducer } from './job-producer';
import { QueueJob, type QueueJobHandler } from './queue-job.decorator';
import { QueueJobsRegistry } from './queue-jobs.registry';
import { queueProcessor } from './queue-processor';

/*
 * The spec's jobs borrow the ground floor's own names ('store-rows', 'dead-rows'):
 * a `declare module` for spec-only names here would add them to every file's
 * JobDefinitions, since this file is part of the type-checked program.
 */

/**
 * What must not compile, checked by `tsc` (this file is in the program): each line
 * after a `@ts-expect-error` has to be an error, or tsc reports the unused directive.
 * Never called.
 */
export function mistakesThatDoNotCompile(producer: JobProducer): unknown[] {
  const rows: EventRowsPayload = { origin: 'segment', rows: [] };
  void producer.add(QueueName.Events, 'store-rows', rows);
  // @ts-expect-error a job sent to a queue it does not run on
  void producer.add(QueueName.Reminders, 'store-rows', rows);
  // @ts-expect-error a job name nobody declares
  void producer.add(QueueName.Events, 'store-row', rows);
  // @ts-expect-error a payload field the job does not declare
  void producer.add(QueueName.Events, 'store-rows', { origin: 'segment', rows: [], reminderId: 'r1' });
  // @ts-expect-error a payload field of the wrong type
  void producer.add(QueueName.Events, 'store-rows', { origin: 'csv', rows: [] });
  // @ts-expect-error a payload without a required field
  void producer.add(QueueName.Events, 'store-rows', { origin: 'segment' });

  // @ts-expect-error a job class on a queue its job does not run on
  @QueueJob('store-rows', QueueName.Reminders)
  class OnTheWrongQueue {
    handle = async (payload: EventRowsPayload) => payload.rows.length;
  }
  // @ts-expect-error a job class that expects another job's payload
  @QueueJob('store-rows', QueueName.Events)
  class ExpectsAnotherPayload {
    handle = async (payload: { reminderId: string }) => payload.reminderId;
  }
  // @ts-expect-error a job class that expects a field its payload does not carry
  @QueueJob('store-rows', QueueName.Events)
  class ExpectsAnExtraField {
    async handle(payload: EventRowsPayload & { tenantId: string }) {
      return payload.tenantId;
    }
  }
  // @ts-expect-error ping is answered by every queue's processor, never by a job class
  @QueueJob('ping', QueueName.System)
  class ClaimsPing {
    handle = async () => 'pong';
  }
  return [OnTheWrongQueue, ExpectsAnotherPayload, ExpectsAnExtraField, ClaimsPing];
}

/** Records what it is given, so a test can see the payload arrive as sent. */
@QueueJob('store-rows', QueueName.Events)
class RecordingStoreRowsJob implements QueueJobHandler<'store-rows'> {
  readonly seen: { name: string; payload: EventRowsPayload }[] = [];
  readonly lifecycle: string[] = [];

  async handle(payload: EventRowsPayload, job: Job<EventRowsPayload>) {
    this.seen.push({ name: job.name, payload });
    return { rows: payload.rows.length };
  }

  onWorkerStarted() {
    this.lifecycle.push('started');
  }

  onWorkerClosing() {
    this.lifecycle.push('closing');
  }
}

@QueueJob('store-rows', QueueName.Events)
class SecondStoreRowsJob implements QueueJobHandler<'store-rows'> {
  async handle() {
    return 'second';
  }
}

/** Declares an hourly schedule: a first run now, then nothing during the test. */
@QueueJob('dead-rows', QueueName.EventsDeadLetter)
class ScheduledDeadRowsJob implements QueueJobHandler<'dead-rows'> {
  static readonly payload: EventRowsPayload = { origin: 'outbox', rows: [], error: 'scheduled' };

  async handle() {
    return 'swept';
  }

  schedule() {
    return { every: 3_600_000, payload: ScheduledDeadRowsJob.payload };
  }
}

function row(id: string): EventRow {
  const at = '2026-01-02 03:04:05.678';
  return {
    event_id: id,
    message_id: id,
    type: 'track',
    event: 'Spec Event',
    source: 'spec',
    user_id: 'u1',
    anonymous_id: '',
    customer_id: '',
    account_id: '',
    timestamp: at,
    original_timestamp: null,
    sent_at: null,
    received_at: at,
    properties: '{}',
    context: '{}',
    traits: '{}',
    amount_minor: 0,
    currency: '',
  };
}

describe('queue jobs: one class per job, dispatched by name', () => {
  let env: TestEnvironment;
  let apps: INestApplicationContext[] = [];
  const closers: { close(): Promise<void> }[] = [];

  beforeAll(async () => {
    env = await createTestEnvironment();
  });

  afterEach(async () => {
    for (const app of apps) await app.close();
    apps = [];
  });

  afterAll(async () => {
    for (const c of closers) await c.close();
    await env?.teardown();
  });

  const connection = () => redisConnectionOptions(loadConfig().REDIS_URL);

  /** The workers host in miniature: the registry, one processor per queue, the given job classes. */
  async function start(jobs: Type[], queues = [QueueName.Events]): Promise<INestApplicationContext> {
    @Module({ imports: [DiscoveryModule, QueuesModule.forRoot()], providers: [QueueJobsRegistry, ...queues.map(queueProcessor), ...jobs] })
    class SpecWorkersModule {}
    const app = await NestFactory.createApplicationContext(SpecWorkersModule, { logger: false, abortOnError: false });
    apps.push(app);
    return app;
  }

  async function queueEvents(queue: QueueName): Promise<QueueEvents> {
    const events = new QueueEvents(queue, { connection: connection(), prefix: env.queuePrefix });
    closers.push(events);
    await events.waitUntilReady();
    return events;
  }

  it('hands a job to the class of its name, with the job data as its payload; ping is answered by the processor', async () => {
    const app = await start([RecordingStoreRowsJob]);
    const events = await queueEvents(QueueName.Events);
    const producer = app.get(JobProducer);
    const payload: EventRowsPayload = { origin: 'outbox', rows: [row('e1'), row('e2')], outboxIds: ['o1', 'o2'] };

    const job = await producer.add(QueueName.Events, 'store-rows', payload);
    expect(await job.waitUntilFinished(events, 10_000)).toEqual({ rows: 2 });
    expect(app.get(RecordingStoreRowsJob).seen).toEqual([{ name: 'store-rows', payload }]);

    const nonce = randomUUID();
    const ping = await producer.add(QueueName.Events, 'ping', { sentAt: new Date().toISOString(), nonce });
    expect(await ping.waitUntilFinished(events, 10_000)).toMatchObject({ pong: nonce, pid: process.pid });
    expect(app.get(RecordingStoreRowsJob).seen).toHaveLength(1);
  });

  it('tells a job class when its queue starts and stops being consumed', async () => {
    const app = await start([RecordingStoreRowsJob]);
    const job = app.get(RecordingStoreRowsJob);
    expect(job.lifecycle).toEqual(['started']);
    await app.close();
    apps = [];
    expect(job.lifecycle).toEqual(['started', 'closing']);
  });

  it('fails a job whose name no class claims, and keeps it for inspection', async () => {
    const app = await start([RecordingStoreRowsJob]);
    const events = await queueEvents(QueueName.Events);
    const queue = app.get(JobProducer).queue(QueueName.Events);

    const job = await queue.add('store-rowz', { origin: 'segment', rows: [] }, { attempts: 1 });
    await expect(job.waitUntilFinished(events, 10_000)).rejects.toThrow("queue 'events': no job named 'store-rowz'");
    const kept = await queue.getJob(job.id!);
    expect(await kept?.getState()).toBe('failed');
    expect(kept?.data).toEqual({ origin: 'segment', rows: [] });
    expect(app.get(RecordingStoreRowsJob).seen).toEqual([]);
  });

  it('refuses to start when two classes claim one job name', async () => {
    // No queues needed: the registry alone refuses, before any worker could take a job.
    @Module({ imports: [DiscoveryModule], providers: [QueueJobsRegistry, RecordingStoreRowsJob, SecondStoreRowsJob] })
    class TwoHandlersModule {}
    await expect(NestFactory.createApplicationContext(TwoHandlersModule, { logger: false, abortOnError: false })).rejects.toThrow(
      "job 'store-rows' on queue 'events' has two handlers",
    );
  });

  it('declares the schedules its jobs return and removes the schedulers no job declares', async () => {
    const deadLetters = new Queue(QueueName.EventsDeadLetter, { connection: connection(), prefix: env.queuePrefix });
    closers.push(deadLetters);
    // Left over from a job that has since been renamed or deleted.
    await deadLetters.upsertJobScheduler('retired-job', { every: 60_000 }, { name: 'retired-job', data: {} });

    const app = await start([ScheduledDeadRowsJob], [QueueName.EventsDeadLetter]);
    // Tests start without schedules (NODE_ENV=test): nothing was declared or removed yet.
    expect((await deadLetters.getJobSchedulers()).map((s) => s.key)).toEqual(['retired-job']);

    await app.get(queueProcessor(QueueName.EventsDeadLetter)).declareSchedules();
    const schedulers = await deadLetters.getJobSchedulers();
    expect(schedulers).toEqual([
      expect.objectContaining({ key: 'dead-rows', name: 'dead-rows', every: 3_600_000, template: expect.objectContaining({ data: ScheduledDeadRowsJob.payload }) }),
    ]);
  });
});
