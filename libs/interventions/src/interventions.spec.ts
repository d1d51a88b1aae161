import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { LifecycleEvent as E } from '@northstar/contracts';
import { DAY, ev, insertEvents, createIntelligenceTestContext, type IntelligenceTestContext } from '@northstar/health/testing';
import { HealthScoreService } from '@northstar/health';
import { LogMailTransport, MAIL_TRANSPORT, type MailMessage } from '@northstar/mail';
import { PrismaService } from '@northstar/prisma';
import { JobProducer, QueueName } from '@northstar/queues';
import { SegmentService } from '@northstar/segments';
import { WorkersHostModule } from '@northstar/workers-host';
import { DeskService } from './desk.service';
import { InterventionEngine } from './intervention-engine';
import { InterventionsModule } from './interventions.module';
import type { RuleInput } from './rule.schema';

const t0 = new Date();
const ago = (d: number) => new Date(t0.getTime() - d * DAY);
const at = (d: number) => new Date(t0.getTime() + d * DAY);

describe('interventions', () => {
  let ctx: IntelligenceTestContext;
  let s: { engine: InterventionEngine; desk: DeskService; health: HealthScoreService; segments: SegmentService };
  let prisma: PrismaService;
  /**
   * Email leaves the way it does in production — MailService → Notifications queue →
   * the workers' mail job → the configured MailTransport — and is read where it
   * leaves: without SMTP_URL that transport is the logging one, which keeps what it delivered.
   */
  let mail: LogMailTransport;
  const idle = async () => {
    const counts = await ctx.app.get(JobProducer).queue(QueueName.Notifications).getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    return Object.values(counts).every((n) => n === 0);
  };
  /** Waits until the Notifications queue has delivered everything queued so far; returns what the transport holds. */
  const delivered = async (timeoutMs = 15_000): Promise<MailMessage[]> => {
    for (const until = Date.now() + timeoutMs; !(await idle()); await new Promise((r) => setTimeout(r, 50))) {
      if (Date.now() > until) throw new Error(`the Notifications queue did not deliver within ${timeoutMs} ms`);
    }
    return mail.sent;
  };
  let hook: http.Server;
  let hookUrl: string;
  const hookBodies: { text: string }[] = [];

  beforeAll(async () => {
    ctx = await createIntelligenceTestContext(() => ({ imports: [WorkersHostModule.forRoot(), InterventionsModule] }), { WORKER_QUEUES: QueueName.Notifications });
    prisma = ctx.app.get(PrismaService);
    s = { engine: ctx.app.get(InterventionEngine), desk: ctx.app.get(DeskService), health: ctx.app.get(HealthScoreService), segments: ctx.app.get(SegmentService) };
    const transport = ctx.app.get(MAIL_TRANSPORT);
    if (!(transport instanceof LogMailTransport)) throw new Error('expected the logging mail transport (SMTP_URL unset in tests)');
    mail = transport;
    hook = http.createServer((req, res) => {
      let b = '';
      req.on('data', (c) => (b += c));
      req.on('end', () => {
        hookBodies.push(JSON.parse(b));
        res.end('ok');
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/slack`;

    await prisma.$executeRawUnsafe(
      `INSERT INTO customers (id, "customerNumber", name, email, phone, "phoneDigits", "preferredContact", channel, "updatedAt")
       VALUES ('quiet', 'C-000001', 'Quinn Quiet', 'quinn@example.com', '+14165550101', '14165550101', 'email', 'web_form', now())`,
    );
    await insertEvents(await ctx.clickhouse.writer(), [
      // quiet: nothing for 45 days
      ev('quiet', 'Page Viewed', ago(45), {}, { type: 'page' }),
      // ghost-quote: viewed a quote 10 days ago, no decision; decided: viewed and accepted
      ev('ghost', E.QuoteViewed, ago(10), { quoteId: 'q1' }),
      ev('ghost', 'Page Viewed', ago(2), {}, { type: 'page' }),
      ev('decided', E.QuoteViewed, ago(10), { quoteId: 'q2' }),
      ev('decided', E.QuoteAccepted, ago(9), { quoteId: 'q2', amountMinor: 1000 }),
      ev('decided', 'Page Viewed', ago(1), {}, { type: 'page' }),
      // detractor and overdue invoice
      ev('grumpy', E.FeedbackSubmitted, ago(3), { kind: 'nps', score: 2 }),
      ev('grumpy', E.InvoiceIssued, ago(40), { invoiceId: 'i1', amountMinor: 5000 }),
      ev('grumpy', E.InvoiceOverdue, ago(20), { invoiceId: 'i1' }),
    ]);
    // Health scores feed the band trigger and the desk.
    await s.health.recompute({ asOf: t0 });
  });
  afterAll(async () => {
    hook?.close();
    await ctx?.close();
  });

  const rule = (r: Partial<RuleInput> & Pick<RuleInput, 'name' | 'trigger' | 'actions'>) =>
    prisma.interventionRule.create({ data: { holdForDays: 0, cooldownDays: 7, holdoutShare: 0, enabled: true, ...r, trigger: r.trigger as never, actions: r.actions as never } });
  const firings = (ruleId: string) => prisma.interventionFiring.findMany({ where: { ruleId }, orderBy: { firedAt: 'asc' } });
  const disableAll = () => prisma.interventionRule.updateMany({ data: { enabled: false } });

  it('fires once per cooldown window, creates the task, posts to the webhook, emits InterventionFired', async () => {
    await disableAll();
    const r = await rule({
      name: 'Silent for 30 days',
      trigger: { type: 'no_interaction', days: 30 },
      actions: [{ type: 'task' }, { type: 'webhook', url: hookUrl }, { type: 'message', channel: 'email', template: 'Hi {{customerName}}, checking in.' }],
    });
    const first = await s.engine.evaluate(t0);
    expect(first.fired).toBe(1);
    const [f] = await firings(r.id);
    expect(f.customerId).toBe('quiet');
    expect((f.reason as { text: string }).text).toBe('No interaction for 45 days');
    const task = await prisma.csTask.findFirstOrThrow({ where: { firingId: f.id } });
    // 45 silent days with nothing else known: red, so the playbook default is executive engagement within 24 h
    expect(f.bandAtFire).toBe('red');
    expect(task.kind).toBe('executive_engagement');
    expect(task.dueAt.getTime() - t0.getTime()).toBe(24 * 3_600_000);
    expect(hookBodies.at(-1)!.text).toContain('No interaction for 45 days');
    expect(await delivered()).toEqual([
      { to: 'quinn@example.com', subject: 'A note from your account team', text: 'Hi Quinn Quiet, checking in.', tags: { kind: 'intervention', firingId: f.id, key: `firing:${f.id}-email` } },
    ]);
    const outbox = await prisma.outboxEvent.findMany({ where: { eventName: E.InterventionFired, aggregateId: f.id } });
    expect(outbox).toHaveLength(1);
    const log = await prisma.interventionLog.findMany({ where: { firingId: f.id }, orderBy: { id: 'asc' } });
    expect(log.map((l) => l.kind)).toEqual(['fired', 'action.task', 'action.webhook', 'action.message']);
    expect(log[3].detail).toMatchObject({ ok: true, channel: 'email', to: 'quinn@example.com', status: 'queued' });

    // within the cooldown: nothing, however often we evaluate
    expect((await s.engine.evaluate(at(1))).fired).toBe(0);
    expect((await s.engine.evaluate(at(3))).skippedCooldown).toBe(1);
    expect(await firings(r.id)).toHaveLength(1);
    // after the cooldown: fires again
    expect((await s.engine.evaluate(at(8))).fired).toBe(1);
    expect(await firings(r.id)).toHaveLength(2);
  });

  it('two workers evaluating at the same time fire exactly once', async () => {
    await disableAll();
    const r = await rule({ name: 'Quote gone quiet', trigger: { type: 'quote_undecided', days: 7 }, actions: [{ type: 'task', owner: 'sales' }] });
    // The engine keeps no state between calls: two evaluations at once are what two workers do.
    const [a, b] = await Promise.all([s.engine.evaluate(t0), s.engine.evaluate(t0)]);
    expect(a.fired + b.fired).toBe(1);
    const f = await firings(r.id);
    expect(f.map((x) => x.customerId)).toEqual(['ghost']);
    expect(await prisma.csTask.count({ where: { firingId: f[0].id } })).toBe(1);
  });

  it('a condition must hold for N days before firing', async () => {
    await disableAll();
    const r = await rule({ name: 'Detractor for 2 days', trigger: { type: 'nps_detractor', withinDays: 30, maxScore: 6 }, holdForDays: 2, actions: [{ type: 'segment', segmentKey: 'manual:detractors' }] });
    expect((await s.engine.evaluate(t0)).waitingHold).toBe(1);
    expect((await s.engine.evaluate(at(1))).fired).toBe(0);
    expect((await s.engine.evaluate(at(2))).fired).toBe(1);
    const [f] = await firings(r.id);
    expect(f.customerId).toBe('grumpy');
    expect((await s.segments.forCustomer('grumpy')).memberships.map((m) => m.segmentKey)).toContain('manual:detractors');
  });

  it('hold-out customers are logged but get no action', async () => {
    await disableAll();
    const r = await rule({ name: 'Overdue (all held out)', trigger: { type: 'invoice_overdue', days: 14 }, holdoutShare: 1, actions: [{ type: 'task' }] });
    expect((await s.engine.evaluate(t0)).heldOut).toBe(1);
    const [f] = await firings(r.id);
    expect(f.heldOut).toBe(true);
    expect(await prisma.csTask.count({ where: { firingId: f.id } })).toBe(0);
    expect((await prisma.interventionLog.findFirstOrThrow({ where: { firingId: f.id } })).kind).toBe('fired.held_out');
  });

  it('nurture sequences run their timed steps and stop when the customer responds', async () => {
    await disableAll();
    await rule({
      name: 'Nurture the quiet',
      trigger: { type: 'no_interaction', days: 30 },
      cooldownDays: 90,
      actions: [
        {
          type: 'nurture',
          sequenceKey: 'win-back',
          steps: [
            { afterHours: 0, channel: 'email', template: 'Step 1 for {{customerName}}' },
            { afterHours: 72, channel: 'email', template: 'Step 2' },
            { afterHours: 144, channel: 'sms', template: 'Step 3' },
          ],
        },
      ],
    });
    const when = at(20);
    await s.engine.evaluate(when);
    const e = await prisma.nurtureEnrollment.findFirstOrThrow({ where: { customerId: 'quiet', sequenceKey: 'win-back' } });
    const before = (await delivered()).length;
    expect(await s.engine.nurtureTick(when)).toMatchObject({ sent: 1 });
    expect((await delivered()).slice(before)).toEqual([
      { to: 'quinn@example.com', subject: 'A note from your account team', text: 'Step 1 for Quinn Quiet', tags: { kind: 'intervention', firingId: e.firingId, key: `nurture:${e.id}-0` } },
    ]);
    expect(await s.engine.nurtureTick(new Date(when.getTime() + 3_600_000))).toMatchObject({ sent: 0 }); // step 2 not due yet
    // the customer answers our outreach
    await insertEvents(await ctx.clickhouse.writer(), [ev('quiet', E.OutreachResponded, new Date(when.getTime() + 24 * 3_600_000), {})]);
    expect(await s.engine.nurtureTick(new Date(when.getTime() + 73 * 3_600_000))).toMatchObject({ sent: 0, stopped: 1 });
    expect(await delivered()).toHaveLength(before + 1);
    const stopped = await prisma.nurtureEnrollment.findUniqueOrThrow({ where: { id: e.id } });
    expect(stopped).toMatchObject({ status: 'stopped', stopReason: 'responded', nextStep: 1 });
  });

  it('tracks outcomes 30 days later and the desk lists and works at-risk customers', async () => {
    const outcome = await s.engine.outcomesTick(at(40));
    expect(outcome.recovered + outcome.notRecovered).toBeGreaterThan(0);
    expect(await prisma.interventionFiring.count({ where: { outcome: 'pending', firedAt: { lte: at(10) } } })).toBe(0);
    const list = await s.desk.atRisk({ limit: 10 });
    const quiet = list.find((x) => x.customerId === 'quiet')!;
    expect(quiet.health!.band).not.toBe('green');
    expect(quiet.reasons.health.flatMap((h) => h.reasons)).toContain('No interaction for 45 days');
    expect(quiet.reasons.triggers.length).toBeGreaterThan(0);
    const task = quiet.openTasks[0];
    await s.desk.act(task.id, { action: 'acknowledge' }, 'cs@example.com');
    await s.desk.act(task.id, { action: 'assign', assignee: 'ana@example.com' }, 'cs@example.com');
    await s.desk.act(task.id, { action: 'snooze', until: at(2) }, 'ana@example.com');
    expect(await s.desk.wakeSnoozed(at(3))).toBeGreaterThanOrEqual(1);
    const done = await s.desk.act(task.id, { action: 'resolve', resolution: 'Called, renewed' }, 'ana@example.com');
    expect(done!.history.map((h) => h.to)).toEqual(['open', 'acknowledged', 'acknowledged', 'snoozed', 'open', 'resolved']);
    await expect(s.desk.act(task.id, { action: 'resolve', resolution: 'again' }, 'x')).rejects.toThrow(/cannot resolve a task that is resolved/);
  });
});
