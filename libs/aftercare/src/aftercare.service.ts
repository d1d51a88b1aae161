import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '@northstar/config';
import { LifecycleEvent } from '@northstar/contracts';
import { ApiError } from '@northstar/http';
import { afterCommitQueue, type BillingHookContext } from '@northstar/invoices';
import { MailService } from '@northstar/mail';
import { nextDocumentNumber } from '@northstar/numbering';
import { LifecycleTransaction, lifecycleNow, type Emit, type Tx } from '@northstar/outbox';
import { PrismaService, type Invoice, type Project } from '@northstar/prisma';
import { completedServicePoints, DEFAULT_LOYALTY_POLICY, redeemFifo, responseTargetMinutes, tierFor, validScore, ESCALATION_LEVELS } from './aftercare-rules';

type TicketStatus = 'open' | 'in_progress' | 'escalated' | 'resolved' | 'closed';
const MIN = 60_000;
const DAY = 86_400_000;

@Injectable()
export class AftercareService {
  policy = DEFAULT_LOYALTY_POLICY;

  constructor(
    private readonly prisma: PrismaService,
    private readonly lifecycle: LifecycleTransaction,
    private readonly mail: MailService,
  ) {}

  // ── support tickets ───────────────────────────────────────────────────────

  async openTicket(input: { customerId: string; projectId?: string; subject: string; description: string; priority: 'low' | 'normal' | 'high' | 'critical'; tier: 1 | 2 | 3 }, actor: string, now = lifecycleNow()) {
    return this.lifecycle.run(async (tx, emit) => {
      if (!(await tx.customer.findUnique({ where: { id: input.customerId }, select: { id: true } }))) throw ApiError.notFound('customer');
      const project = input.projectId ? await tx.project.findUnique({ where: { id: input.projectId } }) : null;
      if (input.projectId && (!project || project.customerId !== input.customerId)) throw ApiError.badRequest('Unknown project for this customer', [{ field: 'projectId', message: 'not a project of this customer' }]);
      const warranty = !!project?.warrantyEndsAt && now <= project.warrantyEndsAt;
      const t = await tx.supportTicket.create({
        data: {
          number: await nextDocumentNumber(tx, 'TKT', now.getUTCFullYear()),
          ...input,
          warranty,
          responseDueAt: new Date(now.getTime() + responseTargetMinutes(input.tier, input.priority) * MIN),
          createdAt: now,
          history: { create: { toStatus: 'open', actor, at: now } },
        },
      });
      emit({ name: LifecycleEvent.TicketOpened, aggregateType: 'ticket', aggregateId: t.id, customerId: t.customerId, properties: { ticketId: t.id, number: t.number, priority: t.priority, tier: t.tier, warranty, projectId: t.projectId ?? undefined, responseDueAt: t.responseDueAt.toISOString() } });
      return t;
    });
  }

  /** Staff lists: newest first, optionally one customer's or one status's; the escalation label as on a single ticket. */
  async listTickets(f: { customerId?: string; status?: TicketStatus; limit: number }) {
    const rows = await this.prisma.supportTicket.findMany({ where: { customerId: f.customerId, status: f.status }, orderBy: { createdAt: 'desc' }, take: f.limit });
    return rows.map((t) => ({ ...t, escalationLabel: ESCALATION_LEVELS[t.escalationLevel] ?? ESCALATION_LEVELS.at(-1) }));
  }

  /** Survey answers (never the link tokens: they are the customer's credential). */
  async listFeedback(f: { customerId?: string; limit: number }) {
    const rows = await this.prisma.feedbackResponse.findMany({ where: { customerId: f.customerId }, orderBy: { createdAt: 'desc' }, take: f.limit, include: { request: { select: { trigger: true } } } });
    return rows.map(({ request, ...r }) => ({ ...r, trigger: request.trigger }));
  }

  async getTicket(id: string) {
    const t = await this.prisma.supportTicket.findUnique({ where: { id }, include: { history: { orderBy: { at: 'asc' } } } });
    if (!t) throw ApiError.notFound('ticket');
    return { ...t, escalationLabel: ESCALATION_LEVELS[t.escalationLevel] ?? ESCALATION_LEVELS.at(-1) };
  }

  async escalate(id: string, note: string, actor: string, now = lifecycleNow()) {
    return this.lifecycle.run(async (tx, emit) => {
      const t = await this.lockTicket(tx, id);
      if (t.status === 'resolved' || t.status === 'closed') throw ApiError.conflict('ticket_closed', 'Reopen the ticket before escalating it');
      if (t.escalationLevel >= ESCALATION_LEVELS.length - 1) throw ApiError.conflict('ticket_max_escalation', 'Already escalated to the owner');
      const level = t.escalationLevel + 1;
      const u = await tx.supportTicket.update({ where: { id }, data: { escalationLevel: level, status: 'escalated', history: { create: { fromStatus: t.status, toStatus: 'escalated', note: `level ${level} (${ESCALATION_LEVELS[level]}): ${note}`, actor, at: now } } } });
      emit({ name: LifecycleEvent.TicketEscalated, aggregateType: 'ticket', aggregateId: id, customerId: t.customerId, properties: { ticketId: id, priority: t.priority, level, levelName: ESCALATION_LEVELS[level], breached: now > t.responseDueAt } });
      return u;
    });
  }

  private async lockTicket(tx: Tx, id: string) {
    const rows = await tx.$queryRawUnsafe<{ id: string }[]>('SELECT id FROM support_tickets WHERE id = $1 FOR UPDATE', id);
    if (!rows.length) throw ApiError.notFound('ticket');
    return tx.supportTicket.findUniqueOrThrow({ where: { id } });
  }

  /** Status changes keep history; resolving records resolution time and sends a survey; reopening emits TicketReopened. */
  async changeStatus(id: string, to: TicketStatus, note: string | undefined, actor: string, now = lifecycleNow()) {
    const q = afterCommitQueue();
    const out = await this.lifecycle.run(
      async (tx, emit) => {
        const t = await this.lockTicket(tx, id);
        if (t.status === to) throw ApiError.conflict('ticket_same_status', `Ticket is already ${to}`);
        const reopening = (t.status === 'resolved' || t.status === 'closed') && (to === 'open' || to === 'in_progress');
        if (t.status === 'closed' && !reopening) throw ApiError.conflict('ticket_closed', 'A closed ticket can only be reopened');
        const data: Record<string, unknown> = { status: to };
        if (!t.firstResponseAt && to !== 'open') data.firstResponseAt = now;
        if (to === 'resolved') {
          data.resolvedAt = now;
          data.resolutionMinutes = Math.round((now.getTime() - t.createdAt.getTime()) / MIN);
        }
        if (reopening) Object.assign(data, { resolvedAt: null, resolutionMinutes: null });
        const u = await tx.supportTicket.update({ where: { id }, data: { ...data, history: { create: { fromStatus: t.status, toStatus: to, note, actor, at: now } } } });
        const base = { aggregateType: 'ticket', aggregateId: id, customerId: t.customerId } as const;
        if (to === 'resolved') {
          emit({ ...base, name: LifecycleEvent.TicketResolved, properties: { ticketId: id, priority: t.priority, resolutionMinutes: u.resolutionMinutes ?? 0, warranty: t.warranty, respondedInTime: (u.firstResponseAt ?? now) <= t.responseDueAt } });
          await this.requestFeedback({ tx, emit, now, afterCommit: q.afterCommit }, { customerId: t.customerId, projectId: t.projectId, ticketId: id, trigger: 'ticket_resolved' });
        }
        if (reopening) emit({ ...base, name: LifecycleEvent.TicketReopened, properties: { ticketId: id, priority: t.priority, fromStatus: t.status } });
        return u;
      },
      { allowNoEvents: true },
    );
    await q.flush();
    return out;
  }

  // ── feedback ──────────────────────────────────────────────────────────────

  /** Creates the survey (CSAT, NPS, CES) and mails its link after commit. Idempotent per trigger. */
  async requestFeedback(ctx: BillingHookContext, r: { customerId: string; projectId: string | null; ticketId: string | null; trigger: 'project_completed' | 'ticket_resolved' }) {
    const existing = await ctx.tx.feedbackRequest.findFirst({ where: { trigger: r.trigger, projectId: r.projectId, ticketId: r.ticketId } });
    if (existing) return existing;
    const req = await ctx.tx.feedbackRequest.create({ data: { ...r, token: randomBytes(24).toString('base64url'), sentAt: ctx.now } });
    ctx.afterCommit(async () => {
      const c = await this.prisma.customer.findUnique({ where: { id: r.customerId }, select: { email: true, name: true } });
      const base = (loadConfig().PUBLIC_BASE_URL ?? 'http://localhost:3000').replace(/\/$/, '');
      if (c) await this.mail.send({ to: c.email, subject: 'How did we do?', text: `Hello ${c.name},\n\nTwo minutes of your time helps us improve: ${base}/feedback/${req.token}\n`, tags: { kind: 'feedback-request', trigger: r.trigger } }, { key: `feedback:${req.id}` });
    });
    return req;
  }

  async feedbackForm(token: string) {
    const req = await this.prisma.feedbackRequest.findUnique({ where: { token }, select: { id: true, trigger: true, sentAt: true, respondedAt: true, projectId: true, ticketId: true } });
    if (!req) throw ApiError.notFound('survey');
    return { ...req, questions: [{ kind: 'csat', scale: [1, 5] }, { kind: 'nps', scale: [0, 10] }, { kind: 'ces', scale: [1, 7] }] };
  }

  async submitFeedback(token: string, answers: { csat?: number; nps?: number; ces?: number; comment?: string }, now = lifecycleNow()) {
    return this.lifecycle.run(async (tx, emit) => {
      const req = await tx.feedbackRequest.findUnique({ where: { token } });
      if (!req) throw ApiError.notFound('survey');
      if (req.respondedAt) throw ApiError.conflict('survey_answered', 'This survey was already answered');
      const kinds = (['csat', 'nps', 'ces'] as const).filter((k) => answers[k] !== undefined);
      if (!kinds.length) throw ApiError.badRequest('Answer at least one question', [{ field: 'csat', message: 'required' }]);
      for (const k of kinds) if (!validScore(k, answers[k]!)) throw ApiError.validation([{ field: k, message: 'out of range' }]);
      await tx.feedbackRequest.update({ where: { id: req.id }, data: { respondedAt: now } });
      for (const kind of kinds) {
        await tx.feedbackResponse.create({ data: { requestId: req.id, customerId: req.customerId, projectId: req.projectId, ticketId: req.ticketId, kind, score: answers[kind]!, comment: answers.comment, createdAt: now } });
        emit({ name: LifecycleEvent.FeedbackSubmitted, aggregateType: 'feedback', aggregateId: req.id, customerId: req.customerId, properties: { kind, score: answers[kind]!, projectId: req.projectId ?? undefined, ticketId: req.ticketId ?? undefined, trigger: req.trigger } });
      }
      await this.earn(tx, emit, req.customerId, 'review', this.policy.reviewPoints, `review:${req.id}`, now);
      return { ok: true, answered: kinds };
    });
  }

  // ── loyalty ───────────────────────────────────────────────────────────────

  /** Earns points once per sourceKey; updates balance, lifetime and tier; emits LoyaltyPointsEarned. */
  async earn(tx: Tx, emit: Emit, customerId: string, reason: string, points: number, sourceKey: string, now = lifecycleNow()): Promise<boolean> {
    if (points <= 0) return false;
    const inserted = await tx.$queryRawUnsafe<{ id: string }[]>(
      `INSERT INTO loyalty_entries (id, "customerId", reason, points, remaining, "expiresAt", "sourceKey", "createdAt")
       VALUES (gen_random_uuid()::text, $1, $2, $3, $3, $4, $5, $6) ON CONFLICT ("sourceKey") DO NOTHING RETURNING id`,
      customerId,
      reason,
      points,
      new Date(now.getTime() + this.policy.expiryDays * DAY),
      sourceKey,
      now,
    );
    if (!inserted.length) return false;
    const acc = await tx.loyaltyAccount.upsert({ where: { customerId }, create: { customerId, balance: points, lifetimeEarned: points }, update: { balance: { increment: points }, lifetimeEarned: { increment: points } } });
    const tier = tierFor(acc.lifetimeEarned, this.policy);
    if (tier !== acc.tier) await tx.loyaltyAccount.update({ where: { customerId }, data: { tier } });
    emit({ name: LifecycleEvent.LoyaltyPointsEarned, aggregateType: 'loyalty', aggregateId: customerId, customerId, properties: { points, reason, balance: acc.balance, tier, tierChanged: tier !== acc.tier } });
    return true;
  }

  async loyalty(customerId: string) {
    const [account, entries] = await Promise.all([
      this.prisma.loyaltyAccount.findUnique({ where: { customerId } }),
      this.prisma.loyaltyEntry.findMany({ where: { customerId }, orderBy: { createdAt: 'desc' }, take: 100 }),
    ]);
    return { account: account ?? { customerId, balance: 0, lifetimeEarned: 0, tier: 'bronze' }, entries };
  }

  async redeem(customerId: string, points: number, note: string, now = new Date()) {
    return this.prisma.$transaction(async (tx) => {
      await tx.$queryRawUnsafe('SELECT 1 FROM loyalty_accounts WHERE "customerId" = $1 FOR UPDATE', customerId);
      const lots = await tx.loyaltyEntry.findMany({ where: { customerId, remaining: { gt: 0 }, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] }, orderBy: { createdAt: 'asc' } });
      const plan = redeemFifo(lots, points);
      if (!plan) throw ApiError.conflict('insufficient_points', 'Not enough points');
      for (const p of plan) await tx.loyaltyEntry.update({ where: { id: p.id }, data: { remaining: { decrement: p.take } } });
      await tx.loyaltyEntry.create({ data: { customerId, reason: 'redemption', points: -points, sourceKey: `redeem:${customerId}:${now.getTime()}:${randomBytes(4).toString('hex')}` } });
      return tx.loyaltyAccount.update({ where: { customerId }, data: { balance: { decrement: points } } });
    });
  }

  /** Expires unspent points past their date (run daily). */
  async expirePoints(now = new Date()) {
    return this.prisma.$transaction(async (tx) => {
      const lots = await tx.loyaltyEntry.findMany({ where: { remaining: { gt: 0 }, expiresAt: { lte: now } } });
      for (const l of lots) {
        await tx.loyaltyEntry.update({ where: { id: l.id }, data: { remaining: 0 } });
        await tx.loyaltyEntry.create({ data: { customerId: l.customerId, reason: 'expiry', points: -l.remaining, sourceKey: `expiry:${l.id}` } });
        await tx.loyaltyAccount.update({ where: { customerId: l.customerId }, data: { balance: { decrement: l.remaining } } });
      }
      return { expiredLots: lots.length };
    });
  }

  /** Anniversary points: customers whose first completed project was N years ago today. */
  async awardAnniversaries(now = new Date()) {
    const rows = await this.prisma.$queryRawUnsafe<{ customerId: string; years: number }[]>(
      `SELECT "customerId", EXTRACT(YEAR FROM age($1::timestamptz, MIN("completedAt")))::int AS years FROM projects WHERE status = 'completed'
       GROUP BY "customerId" HAVING to_char(MIN("completedAt"), 'MM-DD') = to_char($1::timestamptz, 'MM-DD') AND MIN("completedAt") < $1::timestamptz - interval '360 days'`,
      now,
    );
    let awarded = 0;
    for (const r of rows) {
      const ok = await this.lifecycle.run((tx, emit) => this.earn(tx, emit, r.customerId, 'anniversary', this.policy.anniversaryPoints, `anniversary:${r.customerId}:${now.getUTCFullYear()}`, now), { allowNoEvents: true });
      if (ok) awarded++;
    }
    return { awarded };
  }

  // ── referrals ─────────────────────────────────────────────────────────────

  async referralCode(customerId: string) {
    if (!(await this.prisma.customer.findUnique({ where: { id: customerId }, select: { id: true } }))) throw ApiError.notFound('customer');
    const existing = await this.prisma.referralCode.findUnique({ where: { customerId } });
    return existing ?? this.prisma.referralCode.create({ data: { customerId, code: randomBytes(5).toString('hex').toUpperCase(), createdAt: lifecycleNow() } });
  }

  async attributeReferral(code: string, referredCustomerId: string) {
    return this.lifecycle.run(async (tx, emit) => {
      const rc = await tx.referralCode.findUnique({ where: { code: code.toUpperCase() } });
      if (!rc) throw ApiError.badRequest('Unknown referral code', [{ field: 'code', message: 'unknown' }]);
      if (rc.customerId === referredCustomerId) throw ApiError.badRequest('A customer cannot refer themselves', [{ field: 'referredCustomerId', message: 'same as referrer' }]);
      if (await tx.referral.findUnique({ where: { referredCustomerId } })) throw ApiError.conflict('already_referred', 'This customer is already attributed to a referral');
      const r = await tx.referral.create({ data: { code: rc.code, referrerCustomerId: rc.customerId, referredCustomerId, createdAt: lifecycleNow() } });
      emit({ name: LifecycleEvent.ReferralMade, aggregateType: 'referral', aggregateId: r.id, customerId: rc.customerId, properties: { referredCustomerId, code: rc.code, referralId: r.id } });
      return r;
    });
  }

  /** Billing hook: the referred customer's first fully paid project rewards the referrer (once). */
  async onInvoicePaid(ctx: BillingHookContext, invoice: Invoice) {
    if (invoice.kind !== 'final') return;
    const ref = await ctx.tx.referral.findUnique({ where: { referredCustomerId: invoice.customerId } });
    if (!ref || ref.rewardedAt) return;
    const claimed = await ctx.tx.referral.updateMany({ where: { id: ref.id, rewardedAt: null }, data: { rewardedAt: ctx.now, rewardProjectId: invoice.projectId } });
    if (!claimed.count) return;
    await this.earn(ctx.tx, ctx.emit, ref.referrerCustomerId, 'referral', this.policy.referralPoints, `referral:${ref.id}`, ctx.now);
    ctx.emit({ name: LifecycleEvent.ReferralRewarded, aggregateType: 'referral', aggregateId: ref.id, customerId: ref.referrerCustomerId, properties: { referralId: ref.id, referredCustomerId: ref.referredCustomerId, projectId: invoice.projectId, points: this.policy.referralPoints } });
  }

  /** Project hook: completion points and the survey. */
  async onProjectCompleted(ctx: BillingHookContext, project: Project) {
    const billed = project.quotedMinor;
    await this.earn(ctx.tx, ctx.emit, project.customerId, 'completed_service', completedServicePoints(billed, this.policy), `project:${project.id}`, ctx.now);
    await this.requestFeedback(ctx, { customerId: project.customerId, projectId: project.id, ticketId: null, trigger: 'project_completed' });
  }
}
