import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { QueueEvents, type Job } from 'bullmq';
import { staffAuthHeader } from '@northstar/access/testing';
import { ClickhouseService } from '@northstar/clickhouse';
import { LifecycleEvent as E } from '@northstar/contracts';
import { DAY, ev, insertEvents } from '@northstar/health/testing';
import { JobProducer, QueueName, redisConnectionOptions } from '@northstar/queues';
import { createTestEnvironment, type TestEnvironment } from '@northstar/testing';
import { createApiApp } from '@northstar/platform';

/**
 * Intelligence over HTTP with the workers running in-process: scheduled analytics
 * jobs compute health, the rules API creates a rule, the interventions job fires
 * it, and the at-risk desk shows and works the customer.
 */
describe('intelligence: health, rules, interventions and the at-risk desk over HTTP', () => {
  let env: TestEnvironment;
  let app: NestFastifyApplication;
  let events: QueueEvents[];
  let cs: { authorization: string };
  const now = Date.now();
  const ago = (d: number) => new Date(now - d * DAY);

  /** Queues a scheduled job now, as its schedule would, and waits for the workers to run it. */
  async function finished(queued: (jobs: JobProducer) => Promise<Job>) {
    const job = await queued(app.get(JobProducer));
    return job.waitUntilFinished(events.find((e) => e.name === job.queueName)!, 60_000);
  }

  beforeAll(async () => {
    env = await createTestEnvironment();
    app = await createApiApp();
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    const conn = redisConnectionOptions(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    events = [QueueName.Analytics, QueueName.Interventions].map((name) => new QueueEvents(name, { connection: conn, prefix: env.queuePrefix }));
    await Promise.all(events.map((e) => e.waitUntilReady()));
    cs = await staffAuthHeader(app, 'customer_success');
    const ch = app.get(ClickhouseService);
    await insertEvents(await ch.writer(), [
      ev('red-1', E.CustomerRegistered, ago(300), { customerType: 'individual', channel: 'web_form' }),
      ev('red-1', 'Page Viewed', ago(70), {}, { type: 'page' }),
      ...[40, 20, 5].map((d) => ev('red-1', E.PaymentFailed, ago(d), { invoiceId: 'x' })),
      ev('red-1', E.FeedbackSubmitted, ago(60), { kind: 'nps', score: 1 }),
      ...[20, 10, 3, 1].map((d) => ev('fine-1', 'Page Viewed', ago(d), {}, { type: 'page' })),
    ]);
  });
  afterAll(async () => {
    await Promise.all((events ?? []).map((e) => e.close()));
    await app?.close();
    await env?.teardown();
  });

  it('refuses roles outside customer success / management / admin', async () => {
    const ops = await staffAuthHeader(app, 'operations');
    const res = await app.inject({ method: 'GET', url: '/desk/at-risk', headers: ops });
    expect(res.statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/desk/at-risk' })).statusCode).toBe(401);
  });

  it('computes health in the workers and serves it with components and history', async () => {
    await finished((jobs) => jobs.add(QueueName.Analytics, 'health-recompute-all', {}));
    const res = await app.inject({ method: 'GET', url: '/intelligence/health/customers/red-1', headers: cs });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.current.band).toBe('red');
    expect(body.current.components.find((c: { key: string }) => c.key === 'payment').reasons).toContain('3 failed payments in the last 90 days');
    expect(body.history).toHaveLength(1);
    expect((await app.inject({ method: 'GET', url: '/intelligence/health/customers/nobody', headers: cs })).statusCode).toBe(404);
  });

  it('validates rules, fires them from the interventions queue, and the desk works the task', async () => {
    const bad = await app.inject({ method: 'POST', url: '/intelligence/rules', headers: cs, payload: { name: 'x', trigger: { type: 'churn_risk', threshold: 3 }, actions: [] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['trigger.threshold', 'actions']));
    const created = await app.inject({
      method: 'POST',
      url: '/intelligence/rules',
      headers: cs,
      payload: { name: 'Red health', trigger: { type: 'health_band', bands: ['red'] }, cooldownDays: 14, actions: [{ type: 'task' }] },
    });
    expect(created.statusCode).toBe(201);
    const evaluate = (jobs: JobProducer) => jobs.add(QueueName.Interventions, 'interventions-evaluate', {});
    const summary = (await finished(evaluate)) as { fired: number };
    expect(summary.fired).toBe(1);
    expect(((await finished(evaluate)) as { fired: number }).fired).toBe(0);

    const desk = (await app.inject({ method: 'GET', url: '/desk/at-risk', headers: cs })).json();
    const red = desk.find((d: { customerId: string }) => d.customerId === 'red-1');
    expect(red.reasons.health.flatMap((h: { reasons: string[] }) => h.reasons)).toContain('Latest NPS 1/10 (detractor)');
    expect(red.reasons.triggers[0].reason.text).toMatch(/^Health red/);
    const task = red.openTasks[0];
    expect(task.kind).toBe('executive_engagement');
    const ack = await app.inject({ method: 'POST', url: `/desk/tasks/${task.id}/acknowledge`, headers: cs, payload: {} });
    expect(ack.statusCode).toBe(200);
    const resolved = await app.inject({ method: 'POST', url: `/desk/tasks/${task.id}/resolve`, headers: cs, payload: { resolution: 'Called; payment plan agreed' } });
    expect(resolved.json().history.map((h: { to: string }) => h.to)).toEqual(['open', 'acknowledged', 'resolved']);
    expect(resolved.json().history[1].actor).toMatch(/@fixture\.test$/);
    const again = await app.inject({ method: 'POST', url: `/desk/tasks/${task.id}/resolve`, headers: cs, payload: { resolution: 'again' } });
    expect(again.statusCode).toBe(409);
  });

  it('serves segments after the segments job', async () => {
    await finished((jobs) => jobs.add(QueueName.Analytics, 'segments-recompute', {}));
    const res = await app.inject({ method: 'GET', url: '/intelligence/customers/red-1/segments', headers: cs });
    expect(res.statusCode).toBe(200);
    expect(res.json().memberships.map((m: { segmentKey: string }) => m.segmentKey)).toContain('lifecycle:prospect');
    const sizes = (await app.inject({ method: 'GET', url: '/intelligence/segments', headers: cs })).json();
    expect(sizes.find((s: { segmentKey: string }) => s.segmentKey === 'rfm:No Purchases').size).toBe(2);
  });

  it('runs jobs now for an admin, in the order given; one failing does not stop the rest', async () => {
    const body = { jobs: ['segments-recompute', 'churn-train', 'interventions-evaluate'] };
    expect((await app.inject({ method: 'POST', url: '/intelligence/jobs/run', headers: cs, payload: body })).statusCode).toBe(403);
    const res = await app.inject({ method: 'POST', url: '/intelligence/jobs/run', headers: await staffAuthHeader(app, 'admin'), payload: body });
    expect(res.statusCode).toBe(200);
    const runs = res.json() as { job: string; result: { customers?: number; error?: string; fired?: number } }[];
    expect(runs.map((r) => r.job)).toEqual(body.jobs);
    expect(runs[0].result.customers).toBe(2);
    expect(runs[1].result.error).toMatch(/^not enough history to train a churn model/);
    // red-1 fired above and is inside the rule's cooldown
    expect(runs[2].result).toMatchObject({ fired: 0, skippedCooldown: 1 });
  });
});
