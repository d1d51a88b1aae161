import { Inject, Injectable, Logger } from '@nestjs/common';
import { CustomerLinkService } from '@northstar/access';
import { loadConfig } from '@northstar/config';
import { LifecycleEvent } from '@northstar/contracts';
import { BRAND, type Brand } from '@northstar/documents';
import { ApiError } from '@northstar/http';
import { MailService } from '@northstar/mail';
import { formatMoney, splitGross } from '@northstar/money';
import { nextDocumentNumber } from '@northstar/numbering';
import { LifecycleTransaction, isReplayingHistory, lifecycleNow, type Emit, type Tx } from '@northstar/outbox';
import { PrismaService, type Invoice, type InvoiceLine } from '@northstar/prisma';
import { JobProducer, QueueName, pendingJobOptions } from '@northstar/queues';
import { afterCommitQueue, BillingHooks, type BillingHookContext } from './billing-hooks';
import { collectionsStepJob } from './collections-jobs';
import { DEFAULT_DEPOSIT_POLICY, depositFor, type DepositPolicy, type PaymentHistory } from './deposit-rules';
import { balanceOf, collectionsPlan, deriveStatus, lateFeeFor, PAYMENT_TERMS, daysBetween, type InvoiceStatusName } from './invoice-state';
import { renderInvoicePdf } from './invoice-pdf';

export type InvoiceWithLines = Invoice & { lines: InvoiceLine[] };

export interface AcceptedQuoteLike {
  id: string;
  number: string;
  version: number;
  customerId: string;
  currency: string;
  title: string;
  totalMinor: number;
  taxPpm: number;
  taxRegion: string;
  /** Emergency work: set when the quote/intake was urgent. */
  emergency?: boolean;
}

export interface NewLine {
  description: string;
  quantity?: number;
  unitMinor?: number;
  amountMinor: number;
}

const HOUR = 3_600_000;

@Injectable()
export class InvoicesService {
  private readonly logger = new Logger('Invoices');
  policy: DepositPolicy = DEFAULT_DEPOSIT_POLICY;

  constructor(
    private readonly prisma: PrismaService,
    private readonly lifecycle: LifecycleTransaction,
    private readonly hooks: BillingHooks,
    private readonly links: CustomerLinkService,
    private readonly mail: MailService,
    private readonly jobs: JobProducer,
    @Inject(BRAND) private readonly brand: Brand,
  ) {}

  async paymentHistory(tx: Tx, customerId: string, now = lifecycleNow()): Promise<PaymentHistory> {
    const invs = await tx.invoice.findMany({ where: { customerId, status: { in: ['paid', 'overdue', 'partially_paid', 'issued'] } }, select: { status: true, paidAt: true, dueAt: true } });
    let paidOnTime = 0, paidLate = 0, overdueNow = 0;
    for (const i of invs) {
      if (i.status === 'paid' && i.paidAt) {
        if (i.paidAt <= i.dueAt) paidOnTime++;
        else paidLate++;
      }
      else if (i.status === 'overdue' || i.dueAt < now) overdueNow++;
    }
    return { paidOnTime, paidLate, overdueNow };
  }

  /**
   * The deposit invoice of an accepted quote (draft until staff issue it). Runs inside the
   * quote-acceptance transaction. The deposit is a share of the tax-inclusive quote
   * total, split back into net + tax at the quote's rate, so deposit + final invoices add
   * up to the quote total to the cent.
   */
  async createDepositFromQuote(tx: Tx, quote: AcceptedQuoteLike, now = lifecycleNow()): Promise<Invoice> {
    const existing = await tx.invoice.findFirst({ where: { quoteId: quote.id, kind: 'deposit' } });
    if (existing) return existing;
    const customer = await tx.customer.findUniqueOrThrow({ where: { id: quote.customerId }, select: { type: true } });
    const decision = depositFor(
      { customerType: customer.type, emergency: !!quote.emergency, quoteTotalMinor: quote.totalMinor, history: await this.paymentHistory(tx, quote.customerId, now) },
      this.policy,
    );
    const { netMinor, taxMinor } = splitGross(decision.amountMinor, quote.taxPpm);
    const terms = decision.category === 'emergency' ? 'emergency_48h' : 'net_7';
    return tx.invoice.create({
      data: {
        number: await nextDocumentNumber(tx, 'INV', now.getUTCFullYear()),
        customerId: quote.customerId,
        quoteId: quote.id,
        kind: 'deposit',
        currency: quote.currency,
        subtotalMinor: netMinor,
        taxMinor,
        totalMinor: decision.amountMinor,
        taxRatePpm: quote.taxPpm,
        taxJurisdiction: quote.taxRegion,
        depositBps: decision.bps,
        depositRule: decision.rule,
        terms,
        lateFeeBpsPerMonth: PAYMENT_TERMS[terms].lateFeeBpsPerMonth,
        dueAt: new Date(now.getTime() + decision.dueInHours * HOUR),
        createdAt: now,
        lines: {
          create: [{ position: 1, description: `Deposit ${decision.bps / 100}% of quote ${quote.number} v${quote.version}: ${quote.title}`, quantity: 100, unitMinor: netMinor, amountMinor: netMinor }],
        },
      },
    });
  }

  /** Creates and issues an invoice in one step (final invoices). Lines are net; tax comes from the given gross split. */
  async createIssued(
    tx: Tx,
    emit: Emit,
    input: { customerId: string; quoteId?: string; projectId?: string; kind: 'final' | 'other'; currency: string; grossMinor: number; taxPpm: number; taxJurisdiction: string; terms: string; lines: NewLine[]; reconciliation?: object },
    now = lifecycleNow(),
  ): Promise<Invoice> {
    const { netMinor, taxMinor } = splitGross(input.grossMinor, input.taxPpm);
    const terms = PAYMENT_TERMS[input.terms] ?? PAYMENT_TERMS.net_15;
    const inv = await tx.invoice.create({
      data: {
        number: await nextDocumentNumber(tx, 'INV', now.getUTCFullYear()),
        customerId: input.customerId,
        quoteId: input.quoteId,
        projectId: input.projectId,
        kind: input.kind,
        status: 'issued',
        currency: input.currency,
        subtotalMinor: netMinor,
        taxMinor,
        totalMinor: input.grossMinor,
        taxRatePpm: input.taxPpm,
        taxJurisdiction: input.taxJurisdiction,
        terms: terms.code,
        lateFeeBpsPerMonth: terms.lateFeeBpsPerMonth,
        issuedAt: now,
        dueAt: new Date(now.getTime() + terms.dueDays * 24 * HOUR),
        createdAt: now,
        reconciliation: (input.reconciliation ?? undefined) as never,
        lines: { create: input.lines.map((l, i) => ({ position: i + 1, description: l.description, quantity: l.quantity ?? 100, unitMinor: l.unitMinor ?? l.amountMinor, amountMinor: l.amountMinor })) },
      },
    });
    this.emitIssued(emit, inv);
    return inv;
  }

  private emitIssued(emit: Emit, inv: Invoice) {
    emit({
      name: LifecycleEvent.InvoiceIssued,
      aggregateType: 'invoice',
      aggregateId: inv.id,
      customerId: inv.customerId,
      properties: { invoiceId: inv.id, number: inv.number, kind: inv.kind, amountMinor: inv.totalMinor, currency: inv.currency, dueAt: inv.dueAt.toISOString(), projectId: inv.projectId ?? undefined, quoteId: inv.quoteId ?? undefined },
    });
  }

  async get(id: string): Promise<InvoiceWithLines> {
    const inv = await this.prisma.invoice.findUnique({ where: { id }, include: { lines: { orderBy: { position: 'asc' } } } });
    if (!inv) throw ApiError.notFound('invoice');
    return inv;
  }

  list(customerId?: string, status?: InvoiceStatusName) {
    return this.prisma.invoice.findMany({ where: { customerId, status }, orderBy: { createdAt: 'desc' }, take: 200, include: { lines: { orderBy: { position: 'asc' } } } });
  }

  /** Locks an invoice row for the rest of the transaction. */
  async lock(tx: Tx, id: string): Promise<Invoice> {
    const rows = await tx.$queryRawUnsafe<{ id: string }[]>('SELECT id FROM invoices WHERE id = $1 FOR UPDATE', id);
    if (!rows.length) throw ApiError.notFound('invoice');
    return tx.invoice.findUniqueOrThrow({ where: { id } });
  }

  async issue(id: string, now = lifecycleNow()): Promise<Invoice> {
    const inv = await this.lifecycle.run(async (tx, emit) => {
      const cur = await this.lock(tx, id);
      if (cur.status !== 'draft') throw ApiError.conflict('invoice_not_draft', `Invoice ${cur.number} is ${cur.status}; only drafts are issued`);
      const terms = PAYMENT_TERMS[cur.terms] ?? PAYMENT_TERMS.net_7;
      const issued = await tx.invoice.update({ where: { id }, data: { status: 'issued', issuedAt: now, dueAt: new Date(now.getTime() + terms.dueDays * 24 * HOUR) } });
      this.emitIssued(emit, issued);
      return issued;
    });
    await this.afterIssue(inv, now);
    return inv;
  }

  /** After an invoice is issued (committed): collections schedule and the invoice email with its PDF and payment link. */
  async afterIssue(inv: Invoice, now = lifecycleNow()): Promise<void> {
    try {
      await this.scheduleCollections(inv, now);
      // Replayed history mails nobody, so its PDF is not rendered either.
      if (isReplayingHistory()) return;
      const full = await this.get(inv.id);
      const customer = await this.prisma.customer.findUnique({ where: { id: inv.customerId }, select: { name: true, email: true } });
      if (!customer) return;
      const url = await this.paymentLink(inv.id);
      const pdf = await renderInvoicePdf({ invoice: full, customer, paymentUrl: url }, this.brand);
      await this.mail.send(
        {
          to: customer.email,
          subject: `Invoice ${inv.number}`,
          text: `Hello ${customer.name},\n\nYour ${inv.kind} invoice ${inv.number} for ${formatMoney(inv.totalMinor, inv.currency)} is due ${inv.dueAt.toISOString().slice(0, 10)}.\nPay online: ${url}\n`,
          attachments: [{ filename: `${inv.number}.pdf`, contentType: 'application/pdf', contentBase64: pdf.toString('base64') }],
          tags: { kind: 'invoice-issued', number: inv.number },
        },
        { key: `invoice-issued:${inv.id}` },
      );
    } catch (e) {
      this.logger.warn(`after-issue work for ${inv.number} failed: ${(e as Error).message}`);
    }
  }

  async paymentLink(invoiceId: string): Promise<string> {
    const base = loadConfig().PUBLIC_BASE_URL ?? 'http://localhost:3000';
    const token = await this.links.sign('invoice', invoiceId, 60 * 24 * 3600);
    return `${base.replace(/\/$/, '')}/invoices/${invoiceId}/pay?token=${encodeURIComponent(token)}`;
  }

  async pdf(id: string): Promise<Buffer> {
    const inv = await this.get(id);
    const customer = await this.prisma.customer.findUnique({ where: { id: inv.customerId }, select: { name: true, email: true } });
    return renderInvoicePdf({ invoice: inv, customer: customer ?? { name: '', email: '' }, paymentUrl: ['paid', 'void', 'draft'].includes(inv.status) ? undefined : await this.paymentLink(id) }, this.brand);
  }

  async void(id: string, reason: string, now = lifecycleNow()): Promise<Invoice> {
    return this.lifecycle.run(async (tx, emit) => {
      const cur = await this.lock(tx, id);
      if (cur.status === 'void') throw ApiError.conflict('invoice_void', 'Invoice is already void');
      if (cur.paidMinor > 0 || cur.creditedMinor > 0) throw ApiError.conflict('invoice_has_payments', 'Refund payments or issue a credit note before voiding');
      const v = await tx.invoice.update({ where: { id }, data: { status: 'void', voidedAt: now, voidReason: reason } });
      emit({ name: LifecycleEvent.InvoiceVoided, aggregateType: 'invoice', aggregateId: id, customerId: v.customerId, properties: { invoiceId: id, number: v.number, kind: v.kind, amountMinor: v.totalMinor, currency: v.currency, reason } });
      return v;
    });
  }

  /** A credit note corrects an issued invoice without editing it; credit beyond the balance goes to the customer's credit. */
  async creditNote(id: string, amountMinor: number, reason: string, actorId: string | null, now = lifecycleNow()) {
    const q = afterCommitQueue();
    const result = await this.lifecycle.run(async (tx, emit) => {
      const cur = await this.lock(tx, id);
      if (cur.status === 'draft' || cur.status === 'void') throw ApiError.conflict('invoice_not_issued', `A ${cur.status} invoice takes no credit note`);
      if (amountMinor > cur.totalMinor - cur.creditedMinor) throw ApiError.badRequest('Credit exceeds the invoice total', [{ field: 'amountMinor', message: 'exceeds the uncredited total' }]);
      const balance = Math.max(0, balanceOf(cur));
      const toInvoice = Math.min(amountMinor, balance);
      const toCredit = amountMinor - toInvoice;
      const note = await tx.creditNote.create({ data: { number: await nextDocumentNumber(tx, 'CN', now.getUTCFullYear()), invoiceId: id, customerId: cur.customerId, amountMinor, currency: cur.currency, reason, createdBy: actorId } });
      await tx.invoice.update({ where: { id }, data: { creditedMinor: { increment: toInvoice } } });
      if (toCredit > 0) await this.addCustomerCredit(tx, cur.customerId, cur.currency, toCredit, `credit note ${note.number}`, { invoiceId: id });
      emit({ name: LifecycleEvent.CreditNoteIssued, aggregateType: 'invoice', aggregateId: id, customerId: cur.customerId, properties: { invoiceId: id, creditNoteId: note.id, number: note.number, amountMinor, currency: cur.currency, reason } });
      const inv = await this.settle({ tx, emit, now, afterCommit: q.afterCommit }, id);
      return { creditNote: note, invoice: inv };
    });
    await q.flush();
    return result;
  }

  async addCustomerCredit(tx: Tx, customerId: string, currency: string, amountMinor: number, reason: string, refs: { paymentId?: string; invoiceId?: string } = {}) {
    await tx.customerCredit.upsert({
      where: { customerId_currency: { customerId, currency } },
      create: { customerId, currency, balanceMinor: amountMinor },
      update: { balanceMinor: { increment: amountMinor } },
    });
    await tx.customerCreditEntry.create({ data: { customerId, currency, amountMinor, reason, ...refs } });
  }

  /**
   * Re-derives an invoice's status after money moved (call with the row locked). When it
   * becomes paid: InvoicePaid (+ DepositPaid / FinalInvoicePaid) and the paid hooks.
   */
  async settle(ctx: BillingHookContext, invoiceId: string): Promise<Invoice> {
    const cur = await ctx.tx.invoice.findUniqueOrThrow({ where: { id: invoiceId } });
    const next = deriveStatus({ ...cur, status: cur.status as InvoiceStatusName }, ctx.now);
    if (next === cur.status) return cur;
    const becamePaid = next === 'paid';
    const inv = await ctx.tx.invoice.update({ where: { id: invoiceId }, data: { status: next, paidAt: becamePaid ? ctx.now : cur.status === 'paid' ? null : cur.paidAt } });
    if (becamePaid) {
      const issuedAt = inv.issuedAt ?? inv.createdAt;
      const daysToPayment = Math.round(((ctx.now.getTime() - issuedAt.getTime()) / 86_400_000) * 100) / 100;
      const base = { aggregateType: 'invoice', aggregateId: inv.id, customerId: inv.customerId } as const;
      ctx.emit({ ...base, name: LifecycleEvent.InvoicePaid, properties: { invoiceId: inv.id, number: inv.number, kind: inv.kind, amountMinor: inv.totalMinor, currency: inv.currency, issuedAt: issuedAt.toISOString(), daysToPayment, onTime: ctx.now <= inv.dueAt, projectId: inv.projectId ?? undefined } });
      if (inv.kind === 'deposit') ctx.emit({ ...base, name: LifecycleEvent.DepositPaid, properties: { invoiceId: inv.id, quoteId: inv.quoteId, amountMinor: inv.totalMinor, currency: inv.currency, depositBps: inv.depositBps, daysToPayment } });
      if (inv.kind === 'final') ctx.emit({ ...base, name: LifecycleEvent.FinalInvoicePaid, properties: { invoiceId: inv.id, projectId: inv.projectId, amountMinor: inv.totalMinor, currency: inv.currency, daysToPayment } });
      await this.hooks.invoicePaid(ctx, inv);
    }
    return inv;
  }

  // ── collections ──────────────────────────────────────────────────────────

  /** Collections steps for an issued invoice; replayed history gets the steps but runs them itself (see replayAt). */
  async scheduleCollections(inv: Invoice, now = lifecycleNow()): Promise<void> {
    if (!inv.issuedAt) return;
    for (const step of collectionsPlan(inv.dueAt, inv.issuedAt)) {
      const row = await this.prisma.invoiceReminder.upsert({
        where: { invoiceId_step: { invoiceId: inv.id, step: step.step } },
        create: { invoiceId: inv.id, step: step.step, offsetDays: step.offsetDays, scheduledAt: step.at },
        update: {},
      });
      if (isReplayingHistory()) continue;
      const job = collectionsStepJob(row);
      // Queue delays run on the real clock: a back-dated issue (admin X-Occurred-At) has its past-due steps run now.
      await this.jobs.add(QueueName.Reminders, 'invoice-reminder', job.payload, pendingJobOptions(job, Math.max(now.getTime(), Date.now())));
    }
  }

  /**
   * One collections step for one invoice: skipped when settled or void; otherwise the
   * invoice turns overdue past its due date (InvoiceOverdue once), late fees accrue per
   * terms, the escalation level rises, the policy's last step flags the customer
   * suspended, and the customer gets the reminder.
   */
  async runCollectionsStep(reminderId: string, now = lifecycleNow()): Promise<{ outcome: 'skipped' | 'sent' }> {
    const plan = collectionsPlan(new Date(0), new Date(0));
    const q = afterCommitQueue();
    const result = await this.lifecycle.run(
      async (tx, emit) => {
        const rem = await tx.invoiceReminder.findUnique({ where: { id: reminderId } });
        if (!rem || rem.sentAt || rem.skippedAt) return { outcome: 'skipped' as const };
        const inv = await this.lock(tx, rem.invoiceId);
        if (inv.status === 'paid' || inv.status === 'void' || inv.status === 'draft' || balanceOf(inv) <= 0) {
          await tx.invoiceReminder.update({ where: { id: rem.id }, data: { skippedAt: now } });
          return { outcome: 'skipped' as const };
        }
        const step = plan.find((s) => s.step === rem.step);
        const daysOverdue = now > inv.dueAt ? daysBetween(inv.dueAt, now) : 0;
        const data: Record<string, unknown> = {};
        if (now > inv.dueAt && inv.status !== 'overdue') {
          data.status = 'overdue';
          data.overdueAt = now;
          emit({ name: LifecycleEvent.InvoiceOverdue, aggregateType: 'invoice', aggregateId: inv.id, customerId: inv.customerId, properties: { invoiceId: inv.id, number: inv.number, kind: inv.kind, amountMinor: balanceOf(inv), currency: inv.currency, dueAt: inv.dueAt.toISOString(), daysOverdue } });
        }
        if (daysOverdue > 0) {
          data.lateFeeMinor = lateFeeFor(inv.totalMinor - inv.paidMinor - inv.creditedMinor, inv.lateFeeBpsPerMonth, daysOverdue);
        }
        if (step && step.escalationLevel > inv.escalationLevel) data.escalationLevel = step.escalationLevel;
        if (Object.keys(data).length) await tx.invoice.update({ where: { id: inv.id }, data });
        if (step?.suspend) {
          await tx.customerBillingStatus.upsert({
            where: { customerId: inv.customerId },
            create: { customerId: inv.customerId, suspended: true, suspendedAt: now, suspendReason: `invoice ${inv.number} ${daysOverdue} days overdue` },
            update: { suspended: true, suspendedAt: now, suspendReason: `invoice ${inv.number} ${daysOverdue} days overdue` },
          });
        }
        await tx.invoiceReminder.update({ where: { id: rem.id }, data: { sentAt: now } });
        q.afterCommit(async () => {
          const c = await this.prisma.customer.findUnique({ where: { id: inv.customerId }, select: { email: true, name: true } });
          if (c) await this.mail.send({ to: c.email, subject: `${daysOverdue ? 'Overdue' : 'Reminder'}: invoice ${inv.number}`, text: `Hello ${c.name},\n\nInvoice ${inv.number} has a balance of ${formatMoney(balanceOf({ ...inv, ...(data as object) }), inv.currency)}, due ${inv.dueAt.toISOString().slice(0, 10)}.\nPay online: ${await this.paymentLink(inv.id)}\n`, tags: { kind: 'invoice-reminder', step: rem.step, number: inv.number } }, { key: `invoice-reminder:${rem.id}` });
        });
        return { outcome: 'sent' as const };
      },
      { allowNoEvents: true },
    );
    await q.flush();
    return result;
  }

  billingStatus(customerId: string) {
    return this.prisma.customerBillingStatus.findUnique({ where: { customerId } });
  }
}
