import { Injectable, Logger } from '@nestjs/common';
import { CustomerLinkService } from '@northstar/access';
import { loadConfig } from '@northstar/config';
import { LifecycleEvent } from '@northstar/contracts';
import { ApiError } from '@northstar/http';
import { afterCommitQueue, InvoicesService, type BillingHookContext } from '@northstar/invoices';
import { MailService } from '@northstar/mail';
import { taxOnNet } from '@northstar/money';
import { LifecycleTransaction, isReplayingHistory, lifecycleNow, type Emit, type Tx } from '@northstar/outbox';
import { PrismaService, type Invoice, type Project } from '@northstar/prisma';
import { JobProducer, QueueName, pendingJobOptions } from '@northstar/queues';
import type { AcceptedQuote } from '@northstar/quotes';
import { ProjectHooks } from './project-hooks';
import { statusUpdateJob } from './project-status-jobs';
import { finalInvoiceFigures, hoursTextToHundredths } from './reconciliation';

const DAY = 86_400_000;
export const WARRANTY_DAYS = 30;

/**
 * Projects from accepted quotes. The deposit authorizes the work: a project stays
 * awaiting_deposit until its deposit invoice is paid (emergency work starts at once —
 * its 100 % deposit is due within 48 h).
 */
@Injectable()
export class ProjectsService {
  private readonly logger = new Logger('Projects');

  constructor(
    private readonly prisma: PrismaService,
    private readonly lifecycle: LifecycleTransaction,
    private readonly invoices: InvoicesService,
    private readonly hooks: ProjectHooks,
    private readonly links: CustomerLinkService,
    private readonly mail: MailService,
    private readonly jobs: JobProducer,
  ) {}

  /** Inside the quote-acceptance transaction: the deposit invoice (draft) and the project awaiting it. */
  async createFromQuote(tx: Tx, emit: Emit, quote: AcceptedQuote, emergency: boolean, now = lifecycleNow()): Promise<Project> {
    const existing = await tx.project.findUnique({ where: { quoteId: quote.id } });
    if (existing) return existing;
    const deposit = await this.invoices.createDepositFromQuote(tx, { ...quote, emergency }, now);
    const planned = Array.isArray(quote.milestones) ? (quote.milestones as { name?: string; dueDate?: string }[]) : [];
    const milestones = planned.length ? planned : [{ name: 'Delivery', dueDate: undefined }];
    const dueDates = milestones.map((m) => (m.dueDate ? new Date(`${m.dueDate}T23:59:59Z`) : null)).filter((d): d is Date => !!d);
    const project = await tx.project.create({
      data: {
        customerId: quote.customerId,
        quoteId: quote.id,
        name: quote.title,
        currency: quote.currency,
        quotedMinor: quote.totalMinor,
        estimatedHundredths: quote.lines.reduce((s, l) => s + hoursTextToHundredths(l.hours), 0),
        emergency,
        depositInvoiceId: deposit.id,
        dueAt: dueDates.length ? new Date(Math.max(...dueDates.map((d) => d.getTime()))) : null,
        createdAt: now,
        milestones: { create: milestones.map((m, i) => ({ position: i + 1, title: m.name ?? `Milestone ${i + 1}`, dueAt: m.dueDate ? new Date(`${m.dueDate}T23:59:59Z`) : null })) },
      },
    });
    await this.emitRepeatBusiness(tx, emit, project, 'quote_accepted');
    if (emergency) {
      const q = afterCommitQueue(); // quote acceptance has no after-commit channel; notifications go on the queue now
      return this.activate({ tx, emit, now, afterCommit: q.afterCommit }, project, 'emergency');
    }
    return project;
  }

  private async emitRepeatBusiness(tx: Tx, emit: Emit, project: Project, trigger: 'quote_accepted' | 'project_activated') {
    const completed = await tx.project.count({ where: { customerId: project.customerId, status: 'completed', id: { not: project.id } } });
    if (completed > 0) {
      emit({ name: LifecycleEvent.RepeatBusiness, aggregateType: 'project', aggregateId: project.id, customerId: project.customerId, properties: { projectId: project.id, quoteId: project.quoteId, trigger, previousCompletedProjects: completed, amountMinor: project.quotedMinor, currency: project.currency } });
    }
  }

  /** Billing hook: a paid deposit invoice authorizes its project. */
  async onInvoicePaid(ctx: BillingHookContext, invoice: Invoice): Promise<void> {
    if (invoice.kind !== 'deposit') return;
    const project = await ctx.tx.project.findFirst({ where: { OR: [{ depositInvoiceId: invoice.id }, ...(invoice.quoteId ? [{ quoteId: invoice.quoteId }] : [])] } });
    if (project && project.status === 'awaiting_deposit') await this.activate(ctx, project, 'deposit_paid');
  }

  private async activate(ctx: BillingHookContext, project: Project, reason: 'deposit_paid' | 'emergency'): Promise<Project> {
    const { tx, emit, now } = ctx;
    const next = new Date(now.getTime() + project.statusUpdateEveryDays * DAY);
    const p = await tx.project.update({ where: { id: project.id }, data: { status: 'active', activatedAt: project.activatedAt ?? now, nextStatusUpdateAt: next } });
    await tx.milestone.updateMany({ where: { projectId: p.id, status: 'pending' }, data: { status: 'active' } });
    emit({ name: LifecycleEvent.ProjectActivated, aggregateType: 'project', aggregateId: p.id, customerId: p.customerId, properties: { projectId: p.id, quoteId: p.quoteId, reason, emergency: p.emergency, amountMinor: p.quotedMinor, currency: p.currency } });
    await this.emitRepeatBusiness(tx, emit, p, 'project_activated');
    ctx.afterCommit(async () => {
      await this.notifyTeam(p);
      // Replayed history (replayAt) sends no status updates about the past.
      if (!isReplayingHistory()) await this.scheduleStatusUpdate(p.id, next);
    });
    return p;
  }

  private async notifyTeam(p: Project) {
    const team = loadConfig().MAIL_FROM ?? 'team@northstar.local';
    await this.mail.send({ to: team, subject: `Project authorized: ${p.name}`, text: `Project ${p.name} (${p.id}) is active. Milestones are activated.`, tags: { kind: 'project-activated', projectId: p.id } }, { key: `project-activated:${p.id}` });
  }

  async get(id: string) {
    const p = await this.prisma.project.findUnique({ where: { id }, include: { milestones: { orderBy: { position: 'asc' } }, tasks: true, changeOrders: true, risks: true, statusUpdates: { orderBy: { sentAt: 'desc' }, take: 10 } } });
    if (!p) throw ApiError.notFound('project');
    const logged = await this.prisma.timeLog.aggregate({ where: { projectId: id }, _sum: { hundredths: true } });
    return { ...p, loggedHours: (logged._sum.hundredths ?? 0) / 100 };
  }

  list(customerId?: string) {
    return this.prisma.project.findMany({ where: { customerId }, orderBy: { createdAt: 'desc' }, take: 200 });
  }

  private async activeProject(tx: Tx, id: string): Promise<Project> {
    const rows = await tx.$queryRawUnsafe<{ id: string }[]>('SELECT id FROM projects WHERE id = $1 FOR UPDATE', id);
    if (!rows.length) throw ApiError.notFound('project');
    const p = await tx.project.findUniqueOrThrow({ where: { id } });
    if (p.status !== 'active') throw ApiError.conflict('project_not_active', `Project is ${p.status}${p.status === 'awaiting_deposit' ? ': no deposit, no active project' : ''}`);
    return p;
  }

  async customerLink(projectId: string) {
    const base = (loadConfig().PUBLIC_BASE_URL ?? 'http://localhost:3000').replace(/\/$/, '');
    const token = await this.links.sign('project', projectId, 90 * 24 * 3600);
    return { token, url: `${base}/projects/${projectId}/portal?token=${encodeURIComponent(token)}` };
  }

  // ── milestones, tasks, time ───────────────────────────────────────────────

  async submitMilestone(projectId: string, milestoneId: string) {
    return this.prisma.$transaction(async (tx) => {
      await this.activeProject(tx, projectId);
      const m = await tx.milestone.updateMany({ where: { id: milestoneId, projectId, status: 'active' }, data: { status: 'submitted', submittedAt: lifecycleNow() } });
      if (!m.count) throw ApiError.conflict('milestone_not_active', 'Only an active milestone can be submitted for approval');
      return tx.milestone.findUniqueOrThrow({ where: { id: milestoneId } });
    });
  }

  /** The customer approves a submitted milestone (project link). */
  async approveMilestone(projectId: string, milestoneId: string, approvedBy: string, now = lifecycleNow()) {
    return this.lifecycle.run(async (tx, emit) => {
      const p = await this.activeProject(tx, projectId);
      const m = await tx.milestone.updateMany({ where: { id: milestoneId, projectId, status: 'submitted' }, data: { status: 'approved', approvedAt: now, approvedBy } });
      if (!m.count) throw ApiError.conflict('milestone_not_submitted', 'Only a submitted milestone can be approved');
      const ms = await tx.milestone.findUniqueOrThrow({ where: { id: milestoneId } });
      emit({ name: LifecycleEvent.MilestoneCompleted, aggregateType: 'project', aggregateId: projectId, customerId: p.customerId, properties: { projectId, milestoneId, onTime: !ms.dueAt || now <= ms.dueAt, title: ms.title } });
      return ms;
    });
  }

  async addTask(projectId: string, input: { title: string; milestoneId?: string; assigneeId?: string }) {
    return this.prisma.$transaction(async (tx) => {
      await this.activeProject(tx, projectId);
      return tx.projectTask.create({ data: { projectId, ...input } });
    });
  }

  async completeTask(projectId: string, taskId: string) {
    const r = await this.prisma.projectTask.updateMany({ where: { id: taskId, projectId, done: false }, data: { done: true, doneAt: new Date() } });
    if (!r.count) throw ApiError.conflict('task_not_open', 'Task is done or unknown');
    return this.prisma.projectTask.findUniqueOrThrow({ where: { id: taskId } });
  }

  async logTime(projectId: string, userId: string, input: { hundredths: number; billable: boolean; taskId?: string; note?: string; workedOn: string }) {
    return this.lifecycle.run(async (tx, emit) => {
      const p = await this.activeProject(tx, projectId);
      const log = await tx.timeLog.create({ data: { projectId, userId, hundredths: input.hundredths, billable: input.billable, taskId: input.taskId, note: input.note, workedOn: new Date(`${input.workedOn}T00:00:00Z`), createdAt: lifecycleNow() } });
      emit({ name: LifecycleEvent.TimeLogged, aggregateType: 'project', aggregateId: projectId, customerId: p.customerId, properties: { projectId, timeLogId: log.id, hours: input.hundredths / 100, billable: input.billable, userId } });
      return log;
    });
  }

  // ── change orders ─────────────────────────────────────────────────────────

  async proposeChangeOrder(projectId: string, input: { title: string; description?: string; amountMinor: number; hoursHundredths: number }, createdBy: string | null) {
    return this.prisma.$transaction(async (tx) => {
      await this.activeProject(tx, projectId);
      return tx.changeOrder.create({ data: { projectId, ...input, createdBy, createdAt: lifecycleNow() } });
    });
  }

  private async quoteTax(tx: Tx, project: Project) {
    const q = project.quoteId ? await tx.quote.findUnique({ where: { id: project.quoteId }, select: { taxPpm: true, taxRegion: true, number: true, totalMinor: true } }) : null;
    return { taxPpm: q?.taxPpm ?? 0, taxRegion: q?.taxRegion ?? '*', number: q?.number ?? project.name, quoteTotalMinor: q?.totalMinor ?? project.quotedMinor };
  }

  /** The customer decides a proposed change order (priced net; tax at the quote's rate). */
  async decideChangeOrder(projectId: string, changeOrderId: string, approve: boolean, now = lifecycleNow()) {
    return this.lifecycle.run(
      async (tx, emit) => {
        const p = await this.activeProject(tx, projectId);
        const r = await tx.changeOrder.updateMany({ where: { id: changeOrderId, projectId, status: 'proposed' }, data: { status: approve ? 'approved' : 'rejected', decidedAt: now } });
        if (!r.count) throw ApiError.conflict('change_order_decided', 'This change order was already decided');
        const co = await tx.changeOrder.findUniqueOrThrow({ where: { id: changeOrderId } });
        if (approve) {
          const { taxPpm } = await this.quoteTax(tx, p);
          emit({ name: LifecycleEvent.ChangeOrderApproved, aggregateType: 'project', aggregateId: projectId, customerId: p.customerId, properties: { projectId, changeOrderId, amountMinor: co.amountMinor + taxOnNet(co.amountMinor, taxPpm), netMinor: co.amountMinor, currency: p.currency, hours: co.hoursHundredths / 100 } });
        }
        return co;
      },
      { allowNoEvents: true },
    );
  }

  // ── risks, status updates ────────────────────────────────────────────────

  async flagRisk(projectId: string, input: { severity: 'low' | 'medium' | 'high'; reason: string }, raisedBy: string | null) {
    if (!(await this.prisma.project.findUnique({ where: { id: projectId } }))) throw ApiError.notFound('project');
    return this.prisma.projectRisk.create({ data: { projectId, ...input, raisedBy } });
  }

  async resolveRisk(projectId: string, riskId: string) {
    const r = await this.prisma.projectRisk.updateMany({ where: { id: riskId, projectId, resolvedAt: null }, data: { resolvedAt: new Date() } });
    if (!r.count) throw ApiError.conflict('risk_not_open', 'Risk is resolved or unknown');
    return this.prisma.projectRisk.findUniqueOrThrow({ where: { id: riskId } });
  }

  /**
   * Sends the customer a progress summary (the scheduled job, or staff at any time) and,
   * while the project is active, plans the next one; a job planned for an earlier time
   * then finds itself superseded (ProjectStatusUpdateJob).
   */
  async sendStatusUpdate(projectId: string, now = new Date(), scheduled = false) {
    const p = await this.get(projectId);
    if (scheduled && p.status !== 'active') return { skipped: true };
    const approved = p.milestones.filter((m) => m.status === 'approved').length;
    const body = `Project ${p.name}: ${approved}/${p.milestones.length} milestones approved, ${p.loggedHours} h logged, ${p.risks.filter((r) => !r.resolvedAt).length} open risk(s). Status: ${p.status}.`;
    const update = await this.prisma.projectStatusUpdate.create({ data: { projectId, body, sentAt: now } });
    const next = new Date(now.getTime() + p.statusUpdateEveryDays * DAY);
    await this.prisma.project.update({ where: { id: projectId }, data: { nextStatusUpdateAt: next } });
    const c = await this.prisma.customer.findUnique({ where: { id: p.customerId }, select: { email: true } });
    if (c) await this.mail.send({ to: c.email, subject: `Status update: ${p.name}`, text: body, tags: { kind: 'project-status', projectId } }, { key: `project-status:${update.id}` });
    if (p.status === 'active') await this.scheduleStatusUpdate(projectId, next);
    return update;
  }

  private scheduleStatusUpdate(projectId: string, at: Date) {
    const job = statusUpdateJob(projectId, at);
    return this.jobs.add(QueueName.Reminders, 'project-status-update', job.payload, pendingJobOptions(job));
  }

  // ── completion ───────────────────────────────────────────────────────────

  /**
   * Customer sign-off: every milestone must be approved. The project completes, the
   * 30-day warranty starts, and the final invoice is issued for quote total + approved
   * change orders − payments received, with the time reconciliation on it.
   */
  async signOff(projectId: string, signedBy: string, now = lifecycleNow()) {
    const q = afterCommitQueue();
    const result = await this.lifecycle.run(async (tx, emit) => {
      const p = await this.activeProject(tx, projectId);
      const open = await tx.milestone.count({ where: { projectId, status: { not: 'approved' } } });
      if (open) throw ApiError.conflict('milestones_open', `${open} milestone(s) are not approved yet`);
      const { taxPpm, taxRegion, number, quoteTotalMinor } = await this.quoteTax(tx, p);
      const cos = await tx.changeOrder.findMany({ where: { projectId, status: 'approved' }, orderBy: { createdAt: 'asc' } });
      const coGross = cos.map((c) => c.amountMinor + taxOnNet(c.amountMinor, taxPpm));
      const prior = await tx.invoice.findMany({ where: { OR: [{ projectId }, ...(p.quoteId ? [{ quoteId: p.quoteId }] : [])], status: { not: 'void' } } });
      // An unpaid earlier invoice (e.g. an emergency deposit) is folded into the final one.
      for (const inv of prior.filter((i) => i.paidMinor === 0 && i.creditedMinor === 0 && i.status !== 'paid')) {
        await tx.invoice.update({ where: { id: inv.id }, data: { status: 'void', voidedAt: now, voidReason: 'superseded by the final invoice' } });
        emit({ name: LifecycleEvent.InvoiceVoided, aggregateType: 'invoice', aggregateId: inv.id, customerId: inv.customerId, properties: { invoiceId: inv.id, number: inv.number, kind: inv.kind, amountMinor: inv.totalMinor, currency: inv.currency, reason: 'superseded by the final invoice' } });
      }
      const paymentsReceived = prior.reduce((s, i) => s + i.paidMinor, 0);
      const actual = await tx.timeLog.aggregate({ where: { projectId }, _sum: { hundredths: true } });
      const estimatedHundredths = p.estimatedHundredths + cos.reduce((s, c) => s + c.hoursHundredths, 0);
      const f = finalInvoiceFigures({ quoteTotalMinor, changeOrdersGrossMinor: coGross, paymentsReceivedMinor: paymentsReceived, estimatedHundredths, actualHundredths: actual._sum.hundredths ?? 0 });
      const reconciliation = { quoteTotalMinor, changeOrders: cos.map((c, i) => ({ id: c.id, title: c.title, grossMinor: coGross[i] })), paymentsReceivedMinor: paymentsReceived, ...f };
      let finalInvoice: Invoice | null = null;
      if (f.amountDueMinor > 0) {
        finalInvoice = await this.invoices.createIssued(
          tx,
          emit,
          {
            customerId: p.customerId,
            quoteId: p.quoteId ?? undefined,
            projectId,
            kind: 'final',
            currency: p.currency,
            grossMinor: f.amountDueMinor,
            taxPpm,
            taxJurisdiction: taxRegion,
            terms: 'net_15',
            reconciliation,
            lines: [
              { description: `Quote ${number} total (incl. tax)`, amountMinor: quoteTotalMinor },
              ...cos.map((c, i) => ({ description: `Change order: ${c.title} (incl. tax)`, amountMinor: coGross[i] })),
              { description: 'Less payments received', amountMinor: -paymentsReceived },
            ],
          },
          now,
        );
      } else if (f.amountDueMinor < 0) {
        await this.invoices.addCustomerCredit(tx, p.customerId, p.currency, -f.amountDueMinor, `project ${p.name} overpaid at completion`);
      }
      const onTime = !p.dueAt || now <= p.dueAt;
      const done = await tx.project.update({ where: { id: projectId }, data: { status: 'completed', completedAt: now, signedOffBy: signedBy, warrantyEndsAt: new Date(now.getTime() + WARRANTY_DAYS * DAY), finalInvoiceId: finalInvoice?.id } });
      emit({
        name: LifecycleEvent.ProjectCompleted,
        aggregateType: 'project',
        aggregateId: projectId,
        customerId: p.customerId,
        properties: { projectId, onTime, estimatedHours: f.estimatedHours, actualHours: f.actualHours, variancePct: f.variancePct, quotedMinor: quoteTotalMinor, billedMinor: f.billedMinor, currency: p.currency, finalInvoiceId: finalInvoice?.id, warrantyEndsAt: done.warrantyEndsAt?.toISOString() },
      });
      await tx.$executeRawUnsafe(`UPDATE customers SET "lastServiceAt" = $2 WHERE id = $1`, p.customerId, now);
      await this.hooks.projectCompleted({ tx, emit, now, afterCommit: q.afterCommit }, done);
      if (finalInvoice) {
        const fi = finalInvoice;
        q.afterCommit(() => this.invoices.afterIssue(fi, now));
      }
      return { project: done, finalInvoice, reconciliation };
    });
    await q.flush();
    return result;
  }
}
