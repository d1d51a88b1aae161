import { Logger } from '@nestjs/common';
import type { PrismaService } from '@northstar/prisma';
import type { SegmentService } from '@northstar/segments';
import type { InterventionMessenger } from './messenger';
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

/**
 * Runs a firing's actions. Each action's result (or error) goes to the audit log;
 * one failing action does not stop the others (a Slack outage must not prevent
 * the customer-success task).
 */
export class InterventionActions {
  private readonly logger = new Logger('InterventionActions');

  constructor(
    private readonly prisma: PrismaService,
    private readonly segments: SegmentService,
    private readonly messenger: InterventionMessenger,
  ) {}

  async log(firingId: string | null, customerId: string | null, kind: string, detail: Record<string, unknown>) {
    await this.prisma.interventionLog.create({ data: { firingId, customerId, kind, detail: detail as never } });
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

  async sendMessage(ctx: Pick<FiringContext, 'customerId' | 'reason' | 'ruleName' | 'firingId'>, channel: 'email' | 'sms', template: string, subject: string | undefined, key: string) {
    const c = await this.contact(ctx.customerId);
    const to = channel === 'email' ? c.email : c.phone;
    if (!to) return { skipped: `no ${channel === 'email' ? 'email address' : 'phone number'} on file` };
    const vars = { customerName: c.name, reason: ctx.reason, ruleName: ctx.ruleName };
    const r = await this.messenger.send({
      channel,
      to,
      subject: renderTemplate(subject ?? 'A note from your account team', vars),
      text: renderTemplate(template, vars),
      tags: { kind: 'intervention', firingId: ctx.firingId, key },
    });
    return { channel, to, ...r };
  }

  private async runOne(ctx: FiringContext, action: Action): Promise<Record<string, unknown>> {
    switch (action.type) {
      case 'task': {
        const d = defaultTask(ctx.band);
        const task = await this.prisma.csTask.create({
          data: {
            customerId: ctx.customerId,
            firingId: ctx.firingId,
            kind: action.kind ?? d.kind,
            title: action.title ?? `${d.title}: ${ctx.reason}`,
            owner: action.owner ?? 'customer_success',
            dueAt: new Date(ctx.firedAt.getTime() + (action.dueHours ?? d.dueHours) * 3_600_000),
            history: { create: { from: null, to: 'open', actor: 'system', note: `rule ${ctx.ruleName}` } },
          },
        });
        return { taskId: task.id, kind: task.kind, dueAt: task.dueAt.toISOString() };
      }
      case 'message':
        return this.sendMessage(ctx, action.channel, action.template, action.subject, `firing:${ctx.firingId}:${action.channel}`);
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
