import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { QueueEvents } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { PrivateRedis, createTestEnvironment, type TestEnvironment } from '@northstar/testing';
import { JobProducer, QueueName, redisConnectionOptions } from '@northstar/queues';
import { createReadyApiApp } from '@northstar/platform';

describe('foundation: health, docs, errors, queue round trip', () => {
  let env: TestEnvironment;
  let app: NestFastifyApplication;
  let privateRedis: PrivateRedis;

  beforeAll(async () => {
    privateRedis = new PrivateRedis(await PrivateRedis.freePort());
    await privateRedis.start();
    env = await createTestEnvironment({ REDIS_URL: privateRedis.url });
    app = await createReadyApiApp();
  });

  afterAll(async () => {
    await app?.close();
    await env?.teardown();
    await privateRedis.stop();
  });

  it('GET /health/live answers 200', async () => {
    const res = await app.inject({ method: 'GET', url: '/health/live' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('GET /health/ready answers 200 with Postgres, Redis and ClickHouse up', async () => {
    const res = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.failing).toEqual([]);
    expect(body.dependencies.map((d: { name: string; ok: boolean }) => [d.name, d.ok])).toEqual([
      ['postgres', true],
      ['redis', true],
      ['clickhouse', true],
    ]);
  });

  it('answers 503 naming Redis while Redis is stopped, and 200 again after it is back', async () => {
    await privateRedis.stop();
    const down = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(down.statusCode).toBe(503);
    expect(down.json().failing).toEqual(['redis']);
    expect(down.json().dependencies.find((d: { name: string }) => d.name === 'redis').error).toBeTruthy();

    await privateRedis.start();
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      status = (await app.inject({ method: 'GET', url: '/health/ready' })).statusCode;
      if (status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(200);
  });

  it('round-trips a job from the API producer to the worker consumer through Redis', async () => {
    const events = new QueueEvents(QueueName.System, { connection: redisConnectionOptions(privateRedis.url), prefix: env.queuePrefix });
    await events.waitUntilReady();
    try {
      const nonce = randomUUID();
      const job = await app.get(JobProducer).add(QueueName.System, 'ping', { sentAt: new Date().toISOString(), nonce });
      const result = await job.waitUntilFinished(events, 10_000);
      expect(result).toMatchObject({ pong: nonce, pid: process.pid });
    } finally {
      await events.close();
    }
  });

  it('serves the OpenAPI document at /docs', async () => {
    const res = await app.inject({ method: 'GET', url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    expect(res.json().paths['/health/ready']).toBeDefined();
    expect((await app.inject({ method: 'GET', url: '/docs' })).statusCode).toBe(200);
  });

  it('answers unknown routes and malformed JSON with the uniform error shape and a request id, never a stack', async () => {
    const notFound = await app.inject({ method: 'GET', url: '/nope', headers: { 'x-request-id': 'req-123' } });
    expect(notFound.statusCode).toBe(404);
    expect(notFound.headers['x-request-id']).toBe('req-123');
    expect(notFound.json()).toEqual({ error: expect.objectContaining({ status: 404, code: 'not_found', requestId: 'req-123' }) });

    const bad = await app.inject({ method: 'POST', url: '/health/live', headers: { 'content-type': 'application/json' }, payload: '{"a":' });
    expect(bad.statusCode).toBeGreaterThanOrEqual(400);
    expect(bad.body).not.toMatch(/at .*\.ts:\d+/);
  });

  it('sets security headers', async () => {
    const res = await app.inject({ method: 'GET', url: '/health/live' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBeDefined();
  });
});
