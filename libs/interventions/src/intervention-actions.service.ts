import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { MailService } from '@northstar/mail';
import { PrismaService } from '@northstar/prisma';
import { SegmentService } from '@northstar/segments';
import { defaultTask, type Action, type NurtureStepDef } from './rule.schema';
import { renderTemplate } from './trigger-eval';

export interface FiringContext {
  firingId: string;
  ruleId: string;
  ruleName: string;
  customerId: string;
  reason: string;
  band: string | null;
  firedAt: Date;
}

/** The idempotency key of an intervention message (a re-run of the same firing or nurture step sends nothing new). */
export function messageKey(source: 'firing' | 'nurture', id: string, part: string | number): string {
  return `${source}:${id}-${part}`;
}

/** A rule's task for one firing: the action's own settings, else the defaults for the customer's health band. */
function taskFields(ctx: FiringContext, action: Extract<Action, { type: 'task' }>) {
  const d = defaultTask(ctx.band);
  return {
    customerId: ctx.customerId,
    firingId: ctx.firingId,
    kind: action.kind ?? d.kind,
    title: action.title ?? `${d.title}: ${ctx.reason}`,
    owner: action.owner ?? 'customer_success',
    dueAt: new Date(ctx.firedAt.getTime() + (action.dueHours ?? d.dueHours) * 3_600_000),
  };
}

/**
 * Runs a firing's actions. Each action's result (or error) goes to the audit log;
 * one failing action does not stop the others (a Slack outage must not prevent
 * the customer-success task).
 */
@Injectable()
export class InterventionActions {
  private readonly logger = new Logger('InterventionActions');

  constructor(
    private readonly prisma: PrismaService,
    private readonly segments: SegmentService,
    private readonly mail: MailService,
  ) {}

  async log(firingId: string | null, customerId: string | null, kind: string, detail: Record<string, unknown>) {
    await this.prisma.interventionLog.create({ data: { firingId, customerId, kind, detail: detail as never } });
  }

  /**
   * Runs the actions of many firings: tasks are created in bulk (a rule can fire for
   * thousands of customers after a bad week), everything else per firing with
   * bounded concurrency.
   */
  async runMany(ctxs: FiringContext[], actions: Action[]): Promise<void> {
    if (ctxs.length === 0) return;
    for (const a of actions) {
      if (a.type === 'task') await this.createTasks(ctxs, a);
      if (a.type === 'segment') await this.addToSegment(ctxs, a.segmentKey);
    }
    const rest = actions.filter((a) => a.type !== 'task' && a.type !== 'segment');
    if (rest.length) await runLimited(ctxs, 8, (ctx) => this.run(ctx, rest));
  }

  private async addToSegment(ctxs: FiringContext[], segmentKey: string): Promise<void> {
    for (let i = 0; i < ctxs.length; i += 5000) {
      const chunk = ctxs.slice(i, i + 5000);
      const added = await this.prisma.$queryRawUnsafe<{ customerId: string }[]>(
        `INSERT INTO segment_memberships ("segmentKey", "customerId", "enteredAt", source)
         SELECT $1, c, $3::timestamptz, 'manual' FROM unnest($2::text[]) AS c
         WHERE NOT EXISTS (SELECT 1 FROM segment_memberships m WHERE m."segmentKey" = $1 AND m."customerId" = c AND m."leftAt" IS NULL)
         RETURNING "customerId"`,
        segmentKey,
        chunk.map((c) => c.customerId),
        chunk[0].firedAt,
      );
      const fresh = new Set(added.map((a) => a.customerId));
      await insertLogs(
        this.prisma,
        chunk.map((c) => ({ firingId: c.firingId, customerId: c.customerId, kind: 'action.segment', detail: { ok: true, segmentKey, added: fresh.has(c.customerId) } })),
      );
    }
  }

  private async createTasks(ctxs: FiringContext[], action: Extract<Action, { type: 'task' }>): Promise<void> {
    const tasks = ctxs.map((ctx) => {
      return { id: `tsk_${randomUUID()}`, ...taskFields(ctx, action), ruleName: ctx.ruleName };
    });
    // One set-based statement per chunk (Prisma createMany of thousands of rows is several times slower).
    for (let i = 0; i < tasks.length; i += 5000) {
      await this.prisma.$executeRawUnsafe(
        `WITH x AS (
           SELECT * FROM jsonb_to_recordset($1::jsonb)
             AS r(id text, "customerId" text, "firingId" text, kind text, title text, owner text, "dueAt" timestamptz, "ruleName" text)
         ), t AS (
           INSERT INTO cs_tasks (id, "customerId", "firingId", kind, title, owner, status, "dueAt", "createdAt", "updatedAt")
           SELECT id, "customerId", "firingId", kind, title, owner, 'open', "dueAt", now(), now() FROM x RETURNING id
         ), h AS (
           INSERT INTO cs_task_status_changes ("taskId", "from", "to", actor, note, at)
           SELECT x.id, NULL, 'open', 'system', 'rule ' || x."ruleName", now() FROM x JOIN t ON t.id = x.id
         )
         INSERT INTO intervention_logs ("firingId", "customerId", kind, detail, at)
         SELECT "firingId", "customerId", 'action.task', jsonb_build_object('ok', true, 'taskId', id, 'kind', kind, 'dueAt', "dueAt"), now() FROM x`,
        JSON.stringify(tasks.slice(i, i + 5000)),
      );
    }
  }

  async run(ctx: FiringContext, actions: Action[]): Promise<void> {
    for (const action of actions) {
      try {
        const detail = await this.runOne(ctx, action);
        await this.log(ctx.firingId, ctx.customerId, `action.${action.type}`, { ok: true, ...detail });
      } catch (e) {
        this.logger.warn(`action ${action.type} for firing ${ctx.firingId} failed: ${(e as Error).message}`);
        await this.log(ctx.firingId, ctx.customerId, `action.${action.type}`, { ok: false, error: (e as Error).message });
      }
    }
  }

  private async contact(customerId: string): Promise<{ name: string | null; email: string | null; phone: string | null }> {
    try {
      const rows = await this.prisma.$queryRawUnsafe<{ name: string; email: string; phone: string }[]>(
        `SELECT name, email, phone FROM customers WHERE id = $1`,
        customerId,
      );
      return rows[0] ?? { name: null, email: null, phone: null };
    } catch {
      return { name: null, email: null, phone: null };
    }
  }

  /**
   * Email is queued through MailService (the Notifications queue delivers it, with
   * retries, and `key` makes a re-run of the same step a no-op). The platform has no
   * SMS provider yet: an SMS is only recorded in the intervention log as queued, for
   * the operator's SMS tool.
   */
  async sendMessage(ctx: Pick<FiringContext, 'customerId' | 'reason' | 'ruleName' | 'firingId'>, channel: 'email' | 'sms', template: string, subject: string | undefined, key: string) {
    const c = await this.contact(ctx.customerId);
    const to = channel === 'email' ? c.email : c.phone;
    if (!to) return { skipped: `no ${channel === 'email' ? 'email address' : 'phone number'} on file` };
    if (channel === 'sms') return { channel, to, status: 'queued' };
    const vars = { customerName: c.name, reason: ctx.reason, ruleName: ctx.ruleName };
    const message = {
      to,
      subject: renderTemplate(subject ?? 'A note from your account team', vars),
      text: renderTemplate(template, vars),
      tags: { kind: 'intervention', firingId: ctx.firingId, key },
    };
    return { channel, to, status: 'queued', id: await this.mail.send(message, { key }) };
  }

  private async runOne(ctx: FiringContext, action: Action): Promise<Record<string, unknown>> {
    switch (action.type) {
      case 'task': {
        const task = await this.prisma.csTask.create({
          data: {
            ...taskFields(ctx, action),
            history: { create: { from: null, to: 'open', actor: 'system', note: `rule ${ctx.ruleName}` } },
          },
        });
        return { taskId: task.id, kind: task.kind, dueAt: task.dueAt.toISOString() };
      }
      case 'message':
        return this.sendMessage(ctx, action.channel, action.template, action.subject, messageKey('firing', ctx.firingId, action.channel));
      case 'webhook': {
        // Slack-compatible incoming-webhook body.
        const text = renderTemplate(action.text ?? '*{{ruleName}}*: customer {{customerId}} — {{reason}}', {
          ruleName: ctx.ruleName,
          customerId: ctx.customerId,
          reason: ctx.reason,
        });
        const res = await fetch(action.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] }),
          signal: AbortSignal.timeout(10_000),
        });
        if (!res.ok) throw new Error(`webhook answered ${res.status}`);
        return { status: res.status };
      }
      case 'nurture':
        return this.enrol(ctx, action.sequenceKey, action.steps);
      case 'segment': {
        const added = await this.segments.addManual(ctx.customerId, action.segmentKey, ctx.firedAt);
        return { segmentKey: action.segmentKey, added };
      }
    }
  }

  private async enrol(ctx: FiringContext, sequenceKey: string, steps: NurtureStepDef[]) {
    const active = await this.prisma.nurtureEnrollment.findFirst({ where: { customerId: ctx.customerId, sequenceKey, status: 'active' } });
    if (active) return { enrollmentId: active.id, alreadyEnrolled: true };
    const e = await this.prisma.nurtureEnrollment.create({
      data: {
        customerId: ctx.customerId,
        firingId: ctx.firingId,
        sequenceKey,
        steps: steps as never,
        nextStep: 0,
        nextAt: new Date(ctx.firedAt.getTime() + steps[0].afterHours * 3_600_000),
        enrolledAt: ctx.firedAt,
      },
    });
    return { enrollmentId: e.id };
  }
}

export async function runLimited<T>(items: T[], limit: number, fn: (t: T) => Promise<unknown>): Promise<void> {
  let i = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (i < items.length) await fn(items[i++]);
    }),
  );
}

/** Bulk audit-log insert in one statement. */
export async function insertLogs(
  db: Pick<PrismaService, '$executeRawUnsafe'>,
  rows: { firingId: string | null; customerId: string | null; kind: string; detail: unknown; at?: Date }[],
): Promise<void> {
  if (rows.length === 0) return;
  await db.$executeRawUnsafe(
    `INSERT INTO intervention_logs ("firingId", "customerId", kind, detail, at)
     SELECT "firingId", "customerId", kind, detail, coalesce(at, now()) FROM jsonb_to_recordset($1::jsonb)
       AS r("firingId" text, "customerId" text, kind text, detail jsonb, at timestamptz)`,
    JSON.stringify(rows),
  );
}
