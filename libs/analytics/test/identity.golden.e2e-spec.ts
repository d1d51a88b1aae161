import { getQueueToken } from '@nestjs/bullmq';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Queue } from 'bullmq';
import { ClickhouseService } from '@northstar/clickhouse';
import { LifecycleEvent as L, type EventRow } from '@northstar/contracts';
import { PrismaService } from '@northstar/prisma';
import { QueueName } from '@northstar/queues';
import { createTestEnvironment, type TestEnvironment } from '@northstar/testing';
import { createReadyApiApp } from '@northstar/platform';
import {
  eventsByPerson,
  generateIdentityWorld,
  IDENTITY_BROWSE,
  queryRows,
  referenceFunnel,
  referenceKpis,
  referenceRetention,
  referenceSteps,
} from '@northstar/analytics/testing';
import { FunnelQuerySchema, funnelDroppedSql, funnelStepsSql, retentionSql, RetentionQuerySchema, shapeRetention, computeKpiValues, KPI_KEYS } from '../src';

/**
 * Golden identity test: a generated world goes through the real events writer (its
 * links and person overrides), with the app restarted between the identify-era
 * deliveries and the later ones; funnels, retention and KPIs must equal plain-loop
 * references that resolve identity with their own union-find over the world's facts.
 */
const world = generateIdentityWorld(160, 14);
let env: TestEnvironment;
let app: NestFastifyApplication;

async function deliver(rows: EventRow[], jobs: number): Promise<void> {
  const queue = app.get<Queue>(getQueueToken(QueueName.Events));
  const size = Math.ceil(rows.length / jobs);
  const batches = Array.from({ length: jobs }, (_, j) => rows.slice(j * size, (j + 1) * size)).filter((b) => b.length);
  const added = await queue.addBulk(batches.map((b) => ({ name: 'store-rows' as const, data: { origin: 'segment' as const, rows: b } })));
  // A job completes only after its flush stored the events, the links and the person overrides.
  for (const start = Date.now(); Date.now() - start < 60_000; await new Promise((r) => setTimeout(r, 100))) {
    const states = await Promise.all(added.map((j) => j.getState()));
    if (states.every((s) => s === 'completed')) return;
  }
  throw new Error('delivered jobs did not all complete');
}

beforeAll(async () => {
  env = await createTestEnvironment({ EVENTS_FLUSH_INTERVAL_MS: '30', EVENTS_FLUSH_SIZE: '40' });
  app = await createReadyApiApp();
  await app.get(PrismaService).customer.createMany({
    data: world.customers.map((c, i) => ({
      id: c.id,
      customerNumber: `C-ID-${i}`,
      name: `Person ${i}`,
      email: c.email,
      phone: `+1555${String(1_000_000 + i)}`,
      phoneDigits: `1555${String(1_000_000 + i)}`,
      preferredContact: 'email' as const,
      channel: 'web_form' as const,
    })),
  });
  await deliver(world.deliveries[0], 7);
  await deliver(world.deliveries[1], 5);
  // A process restart between the identifies and what follows: nothing the first writer remembered survives.
  await app.close();
  app = await createReadyApiApp();
  await deliver(world.deliveries[2], 9);
}, 180_000);

afterAll(async () => {
  await app?.close();
  await env?.teardown();
});

const run = async <T>(q: { sql: string; params: Record<string, unknown> }) => queryRows<T>(await app.get(ClickhouseService).reader(), q);
const persons = () => eventsByPerson(world);

describe('identity resolution: analytics count persons, as an independent reference does', () => {
  it('the world exercises resolution: without it, people are counted more than once', async () => {
    const q = FunnelQuerySchema.parse({ steps: [{ event: 'Page Viewed' }, { event: L.InquiryReceived }], window: { value: 400, unit: 'day' }, from: '2023-12-01', to: '2025-06-01' });
    const resolved = await run<{ step: number; units: string }>(funnelStepsSql(q));
    const raw = await run<{ step: number; units: string }>(funnelStepsSql(q, 'raw'));
    expect(Number(resolved[1].units)).toBeGreaterThan(10);
    expect(Number(raw[1]?.units ?? 0)).toBeLessThan(Number(resolved[1].units));
  });

  const funnels = {
    'browse anonymously → inquiry → quote → payment': {
      steps: [{ event: 'Page Viewed' }, { event: L.InquiryReceived }, { event: L.QuoteSent }, { event: L.PaymentReceived }],
      window: { value: 180, unit: 'day' },
    },
    'customer story then coming back to browse (userId only)': {
      steps: [{ event: L.InquiryReceived }, { event: L.PaymentReceived }, { event: 'Pricing Viewed' }],
      window: { value: 12, unit: 'month' },
    },
    'any order, anonymous and identified steps mixed': {
      steps: [{ event: 'Pricing Viewed' }, { event: L.QuoteAccepted }, { event: 'Page Viewed' }],
      order: 'any',
      window: { value: 400, unit: 'day' },
    },
  } as const;
  for (const [name, input] of Object.entries(funnels)) {
    it(`funnel: ${name}`, async () => {
      const q = FunnelQuerySchema.parse({ ...input, from: '2023-12-01', to: '2025-01-01', timezone: 'America/Toronto' });
      const ref = referenceFunnel(q, persons());
      const want = referenceSteps(ref, q.steps.length).map(({ step, units }) => ({ step, units }));
      expect(want[1]?.units ?? 0).toBeGreaterThan(5);
      const got = (await run<{ step: number; units: string }>(funnelStepsSql(q))).map((r) => ({ step: Number(r.step), units: Number(r.units) }));
      expect(got).toEqual(want);
      for (let step = 1; step <= q.steps.length; step++) {
        const dropped = await run<{ unit: string }>(funnelDroppedSql(q, step, 10_000, 0));
        expect(dropped.map((d) => d.unit).sort()).toEqual(ref.filter((u) => u.depth === step).map((u) => u.unit).sort());
      }
    });
  }

  it('retention: cohort by first (anonymous) browse, returning with a payment or a later visit', async () => {
    const q = RetentionQuerySchema.parse({
      from: '2024-01-01',
      to: '2025-01-01',
      interval: 'month',
      periods: 12,
      cohortEvents: [...IDENTITY_BROWSE],
      returnEvents: [L.PaymentReceived, 'Pricing Viewed'],
    });
    const want = referenceRetention(q, persons());
    expect(want.some((c) => c.recurring.some((x) => x.period > 0 && x.units > 0))).toBe(true);
    const rows = await run<{ kind: string; cohort: string; period: unknown; units: unknown }>(retentionSql(q));
    expect(shapeRetention(rows, q.periods)).toEqual(want);
  });

  it('KPIs: a merged customer counts for the survivor', async () => {
    const k = { from: '2024-04-01 00:00:00', to: '2025-01-01 00:00:00', prevFrom: '2023-07-01 00:00:00', timezone: 'UTC', currency: 'CAD' };
    const got = await computeKpiValues(run, k);
    const want = referenceKpis(k, persons());
    for (const p of [0, 1])
      for (const key of KPI_KEYS) {
        const [g, w] = [got.values[p][key], want.values[p][key]];
        if (w === null || g === null) expect({ key, p, v: g }).toEqual({ key, p, v: w });
        else if (Math.abs(g - w) > 1e-6 * Math.max(1, Math.abs(w))) expect({ key, p, v: g }).toEqual({ key, p, v: w });
      }
    expect(got.stages.map((s) => ({ ...s, meanDaysInStage: Math.round(s.meanDaysInStage * 1e6) }))).toEqual(
      want.stages.map((s) => ({ ...s, meanDaysInStage: Math.round(s.meanDaysInStage * 1e6) })),
    );
    const raw = await computeKpiValues(run, { ...k, identity: 'raw' });
    expect(raw.values[0].customer_lifetime_value).not.toEqual(got.values[0].customer_lifetime_value);
  });
});
