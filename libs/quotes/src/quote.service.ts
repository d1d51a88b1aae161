import { Inject, Injectable, Logger } from '@nestjs/common';
import { ApiError } from '@northstar/http';
import { LifecycleTransaction, lifecycleNow, type Emit, type Tx } from '@northstar/outbox';
import { PrismaService, Prisma, type Quote, type QuoteLine, type QuoteStatus } from '@northstar/prisma';
import { LifecycleEvent } from '@northstar/contracts';
import { taxFor } from '@northstar/money';
import { nextDocumentNumber } from '@northstar/numbering';
import { priceQuote, PricingError, type QuoteTotals } from './quote-pricing';
import { transition, allowedActions, type QuoteAction, type QuoteState } from './quote-state-machine';
import { QUOTES_SETTINGS, type QuotesSettings } from './quotes-settings';
import { QuoteAcceptedHandlers } from './quote-accepted-handlers';
import type { CreateQuote, UpdateQuote } from './quote.schemas';

export type QuoteWithLines = Quote & { lines: QuoteLine[] };
export interface ClientInfo {
  ip?: string | null;
  userAgent?: string | null;
}

const DAY = 86_400_000;

/**
 * Quote lifecycle. Every state change locks the quote row (SELECT … FOR UPDATE),
 * checks the pure state machine, writes the change and its lifecycle event in one
 * LifecycleTransaction. Totals are computed once, when the content is written, and
 * stored; everything after (API, PDF, events, invoices) reads the stored numbers.
 */
@Injectable()
export class QuoteService {
  private readonly logger = new Logger('Quotes');

  constructor(
    private readonly prisma: PrismaService,
    private readonly lifecycle: LifecycleTransaction,
    private readonly acceptedHandlers: QuoteAcceptedHandlers,
    @Inject(QUOTES_SETTINGS) readonly settings: QuotesSettings,
  ) {}

  async get(id: string): Promise<QuoteWithLines> {
    const q = await this.prisma.quote.findUnique({ where: { id }, include: { lines: { orderBy: { position: 'asc' } } } });
    if (!q) throw ApiError.notFound('Quote');
    return q;
  }

  list(filter: { customerId?: string; status?: string; limit: number }) {
    return this.prisma.quote.findMany({
      where: { customerId: filter.customerId, status: filter.status as QuoteStatus | undefined },
      orderBy: [{ createdAt: 'desc' }],
      take: filter.limit,
      include: { lines: { orderBy: { position: 'asc' } } },
    });
  }

  async create(input: CreateQuote, authorId: string | null): Promise<QuoteWithLines> {
    const customer = await this.prisma.customer.findUnique({ where: { id: input.customerId } });
    if (!customer || customer.deletedAt) throw ApiError.validation([{ field: 'customerId', message: 'no such customer' }]);
    let number: string | null = null;
    if (input.quoteRequestId) {
      const qr = await this.prisma.quoteRequest.findUnique({ where: { id: input.quoteRequestId } });
      if (!qr) throw ApiError.validation([{ field: 'quoteRequestId', message: 'no such quote request' }]);
      if (qr.customerId !== customer.id) throw ApiError.validation([{ field: 'quoteRequestId', message: 'the quote request belongs to another customer' }]);
      number = qr.number;
    }
    const tax = this.taxOf(input.taxLocation, customer);
    const depositBps = input.depositBps ?? this.settings.depositBps[customer.type];
    const totals = this.price({ currency: customer.currency, lines: input.lines, discount: input.discount ?? null, taxPpm: tax.ppm, depositBps });

    const now = lifecycleNow();
    return this.lifecycle.run(async (tx, emit) => {
      if (number) {
        const existing = await tx.quote.findFirst({ where: { number }, orderBy: { version: 'desc' } });
        if (existing)
          throw ApiError.conflict('quote_exists', `Quote request ${number} already has a quote; revise it instead`, { quoteId: existing.id, status: existing.status });
      } else {
        number = await nextDocumentNumber(tx, 'Q', now.getUTCFullYear());
      }
      const quote = await tx.quote.create({
        data: {
          number,
          version: 1,
          customerId: customer.id,
          quoteRequestId: input.quoteRequestId ?? null,
          title: input.title,
          executiveSummary: input.executiveSummary,
          scope: input.scope,
          milestones: input.milestones as Prisma.InputJsonValue,
          timeline: input.timeline ?? null,
          terms: input.terms ?? null,
          discount: (input.discount ?? Prisma.DbNull) as Prisma.InputJsonValue,
          validityDays: input.validityDays ?? this.settings.validityDays,
          taxRegion: tax.region,
          taxName: tax.name,
          authorId,
          createdAt: now,
          ...totalsData(totals),
          lines: { create: linesData(totals) },
        },
        include: { lines: { orderBy: { position: 'asc' } } },
      });
      emit({
        name: LifecycleEvent.QuoteCreated,
        aggregateType: 'quote',
        aggregateId: quote.id,
        customerId: quote.customerId,
        properties: { quoteId: quote.id, number, version: 1, amountMinor: quote.totalMinor, currency: quote.currency, quoteRequestId: quote.quoteRequestId },
      });
      return quote;
    });
  }

  /** Edits a draft: content and lines are replaced and re-priced. */
  async update(id: string, patch: UpdateQuote): Promise<QuoteWithLines> {
    return this.lifecycle.run(
      async (tx) => {
        const current = await this.lock(tx, id);
        this.check(current, 'edit');
        const customer = await tx.customer.findUniqueOrThrow({ where: { id: current.customerId } });
        const tax = patch.taxLocation ? this.taxOf(patch.taxLocation, customer) : { region: current.taxRegion, name: current.taxName, ppm: current.taxPpm };
        const discount = patch.discount !== undefined ? patch.discount : (current.discount as never);
        const lines = patch.lines ?? linesToInput(current.lines);
        const totals = this.price({ currency: current.currency, lines, discount, taxPpm: tax.ppm, depositBps: patch.depositBps ?? current.depositBps });
        await tx.quoteLine.deleteMany({ where: { quoteId: id } });
        return tx.quote.update({
          where: { id },
          data: {
            title: patch.title,
            executiveSummary: patch.executiveSummary,
            scope: patch.scope,
            milestones: patch.milestones as Prisma.InputJsonValue | undefined,
            timeline: patch.timeline,
            terms: patch.terms,
            discount: patch.discount === undefined ? undefined : ((patch.discount ?? Prisma.DbNull) as Prisma.InputJsonValue),
            validityDays: patch.validityDays,
            taxRegion: tax.region,
            taxName: tax.name,
            ...totalsData(totals),
            lines: { create: linesData(totals) },
          },
          include: { lines: { orderBy: { position: 'asc' } } },
        });
      },
      // Editing a draft is not a lifecycle step the stream tracks.
      { allowNoEvents: true },
    );
  }

  submitForReview(id: string, actorId: string | null) {
    return this.step(id, 'submit_for_review', async (tx, q, emit) => {
      emit(this.event(LifecycleEvent.QuoteSubmittedForReview, q, { amountMinor: q.totalMinor, currency: q.currency }));
      return { submittedAt: lifecycleNow() };
    }, actorId);
  }

  /** Peer review: the reviewer must not be the author. */
  approve(id: string, reviewerId: string | null) {
    return this.step(
      id,
      'approve',
      async (_tx, q) => {
        if (reviewerId && q.authorId && reviewerId === q.authorId)
          throw ApiError.conflict('peer_review_required', 'A quote must be approved by someone other than its author', { allowed: ['approve'] });
        return { reviewedById: reviewerId, reviewedAt: lifecycleNow() };
      },
      reviewerId,
      { allowNoEvents: true },
    );
  }

  returnToDraft(id: string, actorId: string | null) {
    return this.step(id, 'return_to_draft', async () => ({ reviewedById: null, reviewedAt: null }), actorId, { allowNoEvents: true });
  }

  send(id: string, actorId: string | null) {
    return this.step(id, 'send', async (_tx, q, emit) => {
      const sentAt = lifecycleNow();
      emit(
        this.event(LifecycleEvent.QuoteSent, q, {
          amountMinor: q.totalMinor,
          currency: q.currency,
          ...(q.quoteRequestId ? { quoteRequestId: q.quoteRequestId } : {}),
          validUntil: new Date(sentAt.getTime() + q.validityDays * DAY).toISOString(),
        }),
      );
      return { sentAt, sentById: actorId, validUntil: new Date(sentAt.getTime() + q.validityDays * DAY) };
    }, actorId);
  }

  /** A customer opened the link. The first view moves sent → viewed; every view is recorded. */
  async view(id: string, client: ClientInfo): Promise<QuoteWithLines> {
    return this.lifecycle.run(
      async (tx, emit) => {
        const q = await this.lock(tx, id);
        const now = lifecycleNow();
        await tx.quoteView.create({ data: { quoteId: id, ip: client.ip ?? null, userAgent: client.userAgent?.slice(0, 500) ?? null, viewedAt: now } });
        const data: Prisma.QuoteUpdateInput = { viewCount: { increment: 1 }, lastViewedAt: now };
        if (q.status === 'sent') {
          data.status = 'viewed';
          data.firstViewedAt = now;
          emit(this.event(LifecycleEvent.QuoteViewed, q, { amountMinor: q.totalMinor, currency: q.currency }));
        }
        return tx.quote.update({ where: { id }, data, include: { lines: { orderBy: { position: 'asc' } } } });
      },
      { allowNoEvents: true },
    );
  }

  accept(id: string, signature: { name: string }, client: ClientInfo) {
    return this.step(id, 'accept', async (tx, q, emit) => {
      this.refuseIfLapsed(q);
      const decidedAt = lifecycleNow();
      emit(this.event(LifecycleEvent.QuoteAccepted, q, { amountMinor: q.totalMinor, currency: q.currency, depositMinor: q.depositMinor, signedName: signature.name }));
      const accepted = { ...q, status: 'accepted' as const, decidedAt, acceptedName: signature.name, acceptedIp: client.ip ?? null };
      await this.acceptedHandlers.run(tx, accepted, emit);
      return { decidedAt, acceptedName: signature.name, acceptedIp: client.ip ?? null, acceptedUserAgent: client.userAgent?.slice(0, 500) ?? null };
    });
  }

  reject(id: string, reason: string) {
    return this.step(id, 'reject', async (_tx, q, emit) => {
      emit(this.event(LifecycleEvent.QuoteRejected, q, { reason }));
      return { decidedAt: lifecycleNow(), rejectionReason: reason };
    });
  }

  requestRevision(id: string, note: string) {
    return this.step(id, 'request_revision', async (_tx, q, emit) => {
      this.refuseIfLapsed(q);
      emit(this.event(LifecycleEvent.QuoteRevisionRequested, q, { note }));
      return { revisionNote: note };
    });
  }

  /** Starts the next revision: the old one is superseded, a copy becomes draft vN+1 under the same number. */
  async revise(id: string, patch: UpdateQuote, authorId: string | null): Promise<QuoteWithLines> {
    const next = await this.lifecycle.run(async (tx, emit) => {
      const q = await this.lock(tx, id);
      this.check(q, 'revise');
      await tx.quote.update({ where: { id }, data: { status: 'superseded' } });
      const created = await tx.quote.create({
        data: {
          number: q.number,
          version: q.version + 1,
          customerId: q.customerId,
          quoteRequestId: q.quoteRequestId,
          previousVersionId: q.id,
          currency: q.currency,
          title: q.title,
          executiveSummary: q.executiveSummary,
          scope: q.scope,
          milestones: q.milestones as Prisma.InputJsonValue,
          timeline: q.timeline,
          terms: q.terms,
          discount: (q.discount ?? Prisma.DbNull) as Prisma.InputJsonValue,
          taxRegion: q.taxRegion,
          taxName: q.taxName,
          taxPpm: q.taxPpm,
          subtotalMinor: q.subtotalMinor,
          discountMinor: q.discountMinor,
          taxableMinor: q.taxableMinor,
          taxMinor: q.taxMinor,
          totalMinor: q.totalMinor,
          depositBps: q.depositBps,
          depositMinor: q.depositMinor,
          validityDays: q.validityDays,
          authorId,
          createdAt: lifecycleNow(),
          lines: { create: q.lines.map(({ id: _id, quoteId: _q, ...l }) => l) },
        },
      });
      emit(this.event(LifecycleEvent.QuoteRevised, created, { previousQuoteId: q.id, previousVersion: q.version, amountMinor: created.totalMinor, currency: created.currency }));
      return created;
    });
    return Object.keys(patch).length ? this.update(next.id, patch) : this.get(next.id);
  }

  /** Expires one open quote past its validity; false when it is no longer open or not yet due. */
  async expire(id: string, now = lifecycleNow()): Promise<boolean> {
    return this.lifecycle.run(
      async (tx, emit) => {
        const q = await this.lock(tx, id);
        if (!transition(q.status as QuoteState, 'expire').ok || !q.validUntil || q.validUntil > now) return false;
        await tx.quote.update({ where: { id }, data: { status: 'expired', expiredAt: now } });
        emit(this.event(LifecycleEvent.QuoteExpired, q, { validUntil: q.validUntil.toISOString(), amountMinor: q.totalMinor, currency: q.currency }));
        return true;
      },
      { allowNoEvents: true },
    );
  }

  /** Open quotes past validity, oldest first. */
  dueForExpiry(now = new Date(), limit = 500) {
    return this.prisma.quote.findMany({ where: { status: { in: ['sent', 'viewed'] }, validUntil: { lte: now } }, select: { id: true }, take: limit, orderBy: { validUntil: 'asc' } });
  }

  /** Viewed but undecided for N days, not followed up yet. */
  dueForFollowUp(now = new Date(), limit = 500) {
    return this.prisma.quote.findMany({
      where: { status: 'viewed', followUpQueuedAt: null, firstViewedAt: { lte: new Date(now.getTime() - this.settings.followUpAfterDays * DAY) } },
      include: { customer: true },
      take: limit,
    });
  }

  async markFollowedUp(id: string): Promise<boolean> {
    const r = await this.prisma.quote.updateMany({ where: { id, followUpQueuedAt: null }, data: { followUpQueuedAt: new Date() } });
    return r.count === 1;
  }

  allowed(q: Quote): QuoteAction[] {
    return allowedActions(q.status as QuoteState, { totalMinor: q.totalMinor, reviewThresholdMinor: this.settings.reviewThresholdMinor });
  }

  // --- internals -----------------------------------------------------------------

  private async step(
    id: string,
    action: QuoteAction,
    apply: (tx: Tx, q: QuoteWithLines, emit: Emit) => Promise<Prisma.QuoteUpdateInput>,
    _actorId?: string | null,
    opts: { allowNoEvents?: boolean } = {},
  ): Promise<QuoteWithLines> {
    return this.lifecycle.run(async (tx, emit) => {
      const q = await this.lock(tx, id);
      const to = this.check(q, action);
      const data = await apply(tx, q, emit);
      return tx.quote.update({ where: { id }, data: { ...data, status: to }, include: { lines: { orderBy: { position: 'asc' } } } });
    }, opts);
  }

  private async lock(tx: Tx, id: string): Promise<QuoteWithLines> {
    const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM quotes WHERE id = ${id} FOR UPDATE`;
    if (!rows.length) throw ApiError.notFound('Quote');
    return tx.quote.findUniqueOrThrow({ where: { id }, include: { lines: { orderBy: { position: 'asc' } } } });
  }

  private check(q: Quote, action: QuoteAction): QuoteState {
    const r = transition(q.status as QuoteState, action, { totalMinor: q.totalMinor, reviewThresholdMinor: this.settings.reviewThresholdMinor });
    if (!r.ok) throw ApiError.conflict(r.code, r.message, { state: q.status, allowed: r.allowed });
    return r.to;
  }

  /** A decision after validUntil is refused even if the sweep has not run yet. */
  private refuseIfLapsed(q: Quote) {
    if (q.validUntil && q.validUntil.getTime() < lifecycleNow().getTime())
      throw ApiError.conflict('quote_expired', `This quote was valid until ${q.validUntil.toISOString()}`, { state: 'expired', allowed: [] });
  }

  private taxOf(loc: { country: string; region?: string } | undefined, customer: { country: string | null; region: string | null }) {
    return taxFor(this.settings.taxTable, loc?.country ?? customer.country, loc ? loc.region : customer.region);
  }

  private price(input: Parameters<typeof priceQuote>[1]): QuoteTotals {
    try {
      return priceQuote(this.settings.rateCard, input);
    } catch (e) {
      if (e instanceof PricingError) throw ApiError.validation([{ field: e.field, message: e.message }]);
      throw e;
    }
  }

  private event<N extends (typeof LifecycleEvent)[keyof typeof LifecycleEvent]>(name: N, q: Quote, extra: Record<string, unknown>) {
    return {
      name,
      aggregateType: 'quote',
      aggregateId: q.id,
      customerId: q.customerId,
      properties: { quoteId: q.id, number: q.number, version: q.version, ...extra } as never,
    };
  }
}

function totalsData(t: QuoteTotals) {
  return {
    currency: t.currency,
    taxPpm: t.taxPpm,
    subtotalMinor: t.subtotalMinor,
    discountMinor: t.discountMinor,
    taxableMinor: t.taxableMinor,
    taxMinor: t.taxMinor,
    totalMinor: t.totalMinor,
    depositBps: t.depositBps,
    depositMinor: t.depositMinor,
  };
}

function linesData(t: QuoteTotals) {
  return t.lines.map((l) => ({
    position: l.position,
    kind: l.kind,
    code: l.code,
    description: l.description,
    rateMinor: l.rateMinor,
    hours: l.hours,
    complexity: l.complexity,
    factor: l.factor,
    quantity: l.quantity,
    unitMinor: l.unitMinor,
    amountMinor: l.amountMinor,
  }));
}

/** Stored lines back to pricing input (used when only the discount or tax changes). */
function linesToInput(lines: QuoteLine[]) {
  return lines.map((l) =>
    l.kind === 'service'
      ? { kind: 'service' as const, service: l.code!, hours: l.hours!, complexity: l.complexity!, description: l.description }
      : l.kind === 'fixed'
        ? { kind: 'fixed' as const, item: l.code!, quantity: l.quantity!, description: l.description }
        : { kind: 'custom' as const, description: l.description, unitMinor: l.unitMinor!, quantity: l.quantity! },
  );
}
