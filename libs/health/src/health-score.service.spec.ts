import { LifecycleEvent as E } from '@northstar/contracts';
import { JobProducer, QueueName, QueuesModule } from '@northstar/queues';
import { PrismaService } from '@northstar/prisma';
import { HealthDrainJob } from './health-drain.job';
import { HealthRecomputeRequests } from './health-recompute-requests';
import { HealthScoreModule } from './health-score.module';
import { HealthScoreService } from './health-score.service';
import { DAY, ev, insertEvents, type GeneratedEvent, createIntelligenceTestContext, type IntelligenceTestContext } from '@northstar/health/testing';

const now = new Date();
const ago = (d: number) => new Date(now.getTime() - d * DAY);

/** Histories with a known mechanism: what each customer was built to look like. */
function histories(): GeneratedEvent[] {
  const rows: GeneratedEvent[] = [];
  // healthy: weekly activity, pays in 10 days, CSAT 5, milestones on time, recent check-in.
  for (let d = 300; d >= 2; d -= 7) rows.push(ev('healthy', 'Page Viewed', ago(d), {}, { type: 'page' }));
  for (let d = 28; d >= 1; d -= 3) rows.push(ev('healthy', 'Report Opened', ago(d), {}, { type: 'track' }));
  for (const d of [200, 120, 40]) {
    rows.push(ev('healthy', E.InvoiceIssued, ago(d), { invoiceId: `h-${d}`, amountMinor: 50_000 }));
    rows.push(ev('healthy', E.InvoicePaid, ago(d - 10), { invoiceId: `h-${d}`, amountMinor: 50_000, daysToPayment: 10 }));
  }
  rows.push(ev('healthy', E.FeedbackSubmitted, ago(30), { kind: 'csat', score: 5 }));
  for (const d of [100, 60, 20]) rows.push(ev('healthy', E.MilestoneCompleted, ago(d), { onTime: true }));
  rows.push(ev('healthy', E.CheckInLogged, ago(10), {}));

  // payment-red: a year-old customer gone silent for 80 days, 3 failed payments,
  // 2 invoices overdue and unpaid for ~50 days, NPS 3.
  rows.push(ev('payer', E.CustomerRegistered, ago(400), { customerType: 'individual', channel: 'web_form' }));
  for (let d = 390; d >= 80; d -= 10) rows.push(ev('payer', 'Page Viewed', ago(d), {}, { type: 'page' }));
  for (const id of ['p1', 'p2']) {
    rows.push(ev('payer', E.InvoiceIssued, ago(80), { invoiceId: id, amountMinor: 120_000 }));
    rows.push(ev('payer', E.InvoiceOverdue, ago(50), { invoiceId: id }));
  }
  for (const d of [60, 40, 20]) rows.push(ev('payer', E.PaymentFailed, ago(d), { invoiceId: 'p1' }));
  rows.push(ev('payer', E.FeedbackSubmitted, ago(85), { kind: 'nps', score: 3 }));

  // support-red: active through tickets, but 6 tickets, 3 escalations, 2 reopened, CSAT 1, late milestones.
  for (let d = 200; d >= 1; d -= 4) rows.push(ev('support', 'Page Viewed', ago(d), {}, { type: 'page' }));
  for (const d of [80, 60, 45, 30, 12, 5]) rows.push(ev('support', E.TicketOpened, ago(d), { ticketId: `t${d}` }));
  for (const d of [58, 29, 4]) rows.push(ev('support', E.TicketEscalated, ago(d), { ticketId: `t${d}` }));
  for (const d of [40, 10]) rows.push(ev('support', E.TicketReopened, ago(d), { ticketId: `t${d}` }));
  rows.push(ev('support', E.FeedbackSubmitted, ago(9), { kind: 'csat', score: 1 }));
  for (const [d, onTime] of [[90, false], [50, false], [20, false], [10, true]] as const)
    rows.push(ev('support', E.MilestoneCompleted, ago(d), { onTime }));

  // onboarding: 20 days old, a few page views, nothing else yet.
  for (const d of [20, 15, 3]) rows.push(ev('newbie', 'Page Viewed', ago(d), {}, { type: 'page' }));

  // a business account with two contacts: one healthy, one failing payments.
  for (let d = 200; d >= 2; d -= 5) rows.push(ev('acme-1', 'Page Viewed', ago(d), {}, { type: 'page', accountId: 'acme' }));
  for (const d of [50, 30]) rows.push(ev('acme-2', E.PaymentFailed, ago(d), { invoiceId: 'a1' }, { accountId: 'acme' }));
  rows.push(ev('acme-2', E.InvoiceIssued, ago(70), { invoiceId: 'a1', amountMinor: 10_000 }, { accountId: 'acme' }));
  return rows;
}

describe('HealthScoreService on generated histories', () => {
  let ctx: IntelligenceTestContext;
  let health: HealthScoreService;
  let prisma: PrismaService;

  beforeAll(async () => {
    ctx = await createIntelligenceTestContext(() => ({ imports: [QueuesModule.forRoot(), HealthScoreModule] }));
    health = ctx.app.get(HealthScoreService);
    prisma = ctx.app.get(PrismaService);
    await insertEvents(await ctx.clickhouse.writer(), histories());
    await health.recompute({ asOf: now });
  });
  afterAll(async () => ctx?.close());

  const current = (id: string, type: 'customer' | 'account' = 'customer') =>
    prisma.healthScore.findUniqueOrThrow({ where: { subjectType_subjectId: { subjectType: type, subjectId: id } } });
  const reasons = (c: { components: unknown }) =>
    (c.components as { key: string; reasons: string[] }[]).flatMap((x) => x.reasons.map((r) => `${x.key}: ${r}`));

  it('a healthy customer is green with every component present', async () => {
    const h = await current('healthy');
    expect(h.band).toBe('green');
    expect(h.score).toBeGreaterThanOrEqual(85);
    expect(h.missing).toEqual(['support']);
    expect(reasons(h)).toEqual([]);
  });

  it('the payment-problem customer goes red for the stated reasons', async () => {
    const h = await current('payer');
    expect(h.band).toBe('red');
    expect(h.profile).toBe('established');
    const r = reasons(h);
    expect(r).toEqual(
      expect.arrayContaining([
        'engagement: No interaction for 80 days',
        'payment: 3 failed payments in the last 90 days',
        'payment: 2 invoices overdue and unpaid',
        'payment: Oldest unpaid invoice is 50 days overdue',
        'satisfaction: Latest NPS 3/10 (detractor)',
      ]),
    );
    const payment = (h.components as { key: string; inputs: Record<string, number> }[]).find((c) => c.key === 'payment')!;
    expect(payment.inputs.outstandingMinor).toBe(240_000);
  });

  it('the support-load customer goes red through support, satisfaction and delivery, weights renormalised', async () => {
    const h = await current('support');
    expect(h.band).toBe('red');
    expect(h.missing).toEqual(['payment', 'relationship']);
    expect(reasons(h)).toEqual(
      expect.arrayContaining([
        'support: 6 support tickets in the last 90 days',
        'support: 3 escalated tickets in the last 90 days',
        'support: 2 reopened tickets in the last 90 days',
        'satisfaction: Latest CSAT 1/5',
        'delivery: 3 of 4 milestones late in the last 180 days',
      ]),
    );
    expect(reasons(h).some((r) => r.startsWith('engagement'))).toBe(false);
  });

  it('a 20-day-old customer is scored on the onboarding profile', async () => {
    const h = await current('newbie');
    expect(h.profile).toBe('onboarding');
    expect(h.missing).toHaveLength(5);
  });

  it('scores the business account from all its contacts', async () => {
    const a = await current('acme', 'account');
    const contact = await current('acme-1');
    expect(a.score).toBeLessThan(contact.score);
    expect(a.missing).not.toContain('payment');
    expect(reasons(a)).toContain('payment: 2 failed payments in the last 90 days');
  });

  it('keeps the previous score, trend and history when a score moves', async () => {
    const before = await current('healthy');
    const writer = await ctx.clickhouse.writer();
    await insertEvents(writer, [
      ...[5, 4, 3].map((d) => ev('healthy', E.PaymentFailed, ago(d), { invoiceId: 'x' })),
      ev('healthy', E.FeedbackSubmitted, ago(1), { kind: 'csat', score: 1 }),
    ]);
    const s = await health.recompute({ asOf: new Date(now.getTime() + 1000), customerIds: ['healthy'] });
    expect(s.customers).toBe(1);
    const after = await current('healthy');
    expect(after.score).toBeLessThan(before.score);
    expect(after.previousScore).toBe(before.score);
    expect(after.trend).toBe('down');
    const { history } = await health.get('customer', 'healthy');
    expect(history.map((x) => x.score)).toEqual([after.score, before.score]);
    // an unchanged recompute adds no history row
    await health.recompute({ asOf: new Date(now.getTime() + 2000), customerIds: ['healthy'] });
    expect((await health.get('customer', 'healthy')).history).toHaveLength(2);
    expect((await current('healthy')).trend).toBe('same');
  });

  it('debounces recompute requests into one drain job that sees every id', async () => {
    const requests = ctx.app.get(HealthRecomputeRequests);
    const queue = ctx.app.get(JobProducer).queue(QueueName.Analytics);
    try {
      await requests.request(['a', 'b']);
      await requests.request(['b', 'c']);
      await requests.request(['d']);
      const jobs = await queue.getJobs(['delayed', 'waiting']);
      expect(jobs.map((j) => [j.name, j.data])).toEqual([['health-drain', {}]]);
      expect((await requests.takePending()).sort()).toEqual(['a', 'b', 'c', 'd']);
      expect(await requests.takePending()).toEqual([]);
    } finally {
      await queue.obliterate({ force: true });
    }
  });

  it('the drain job recomputes exactly the customers asked for', async () => {
    const requests = ctx.app.get(HealthRecomputeRequests);
    try {
      await requests.request(['payer', 'support']);
      const [payer, untouched] = [await current('payer'), await current('healthy')];
      expect(await ctx.app.get(HealthDrainJob).handle()).toMatchObject({ customers: 2 });
      expect((await current('payer')).computedAt.getTime()).toBeGreaterThan(payer.computedAt.getTime());
      expect(await current('healthy')).toEqual(untouched);
      expect(await ctx.app.get(HealthDrainJob).handle()).toEqual({ customers: 0 });
    } finally {
      await ctx.app.get(JobProducer).queue(QueueName.Analytics).obliterate({ force: true });
    }
  });
});
