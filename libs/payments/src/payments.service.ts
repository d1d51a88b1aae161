import { Inject, Injectable, Logger } from '@nestjs/common';
import type Stripe from 'stripe';
import { APP_CONFIG, type AppConfig } from '@northstar/config';
import { LifecycleEvent } from '@northstar/contracts';
import { ApiError } from '@northstar/http';
import { MailService } from '@northstar/mail';
import { formatMoney } from '@northstar/money';
import { LifecycleTransaction, lifecycleNow, type Tx } from '@northstar/outbox';
import { PrismaService, type Payment, type PaymentMethod } from '@northstar/prisma';
import { afterCommitQueue, balanceOf, InvoicesService, type AfterCommit, type BillingHookContext } from '@northstar/invoices';
import { STRIPE } from './stripe-client';

export type ManualMethod = 'e_transfer' | 'cash' | 'bank_transfer';
const PAYABLE = ['issued', 'partially_paid', 'overdue'];

/**
 * Stripe and manual payments. Every path that marks a payment succeeded goes through a
 * conditional UPDATE … WHERE status IN (…): whichever of two racing deliveries (a
 * duplicate webhook, session.completed vs payment_intent.succeeded, two admins
 * confirming) wins applies the money; the other sees zero rows and applies nothing.
 */
@Injectable()
export class PaymentsService {
  private readonly logger = new Logger('Payments');

  constructor(
    private readonly prisma: PrismaService,
    private readonly lifecycle: LifecycleTransaction,
    private readonly invoices: InvoicesService,
    private readonly mail: MailService,
    @Inject(STRIPE) private readonly stripe: Stripe,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private async payableInvoice(invoiceId: string) {
    const inv = await this.prisma.invoice.findUnique({ where: { id: invoiceId } });
    if (!inv) throw ApiError.notFound('invoice');
    if (!PAYABLE.includes(inv.status)) throw ApiError.conflict('invoice_not_payable', `Invoice ${inv.number} is ${inv.status}`);
    const balance = balanceOf(inv);
    if (balance <= 0) throw ApiError.conflict('invoice_settled', `Invoice ${inv.number} has no balance`);
    return { inv, balance };
  }

  /** A Stripe Checkout Session for the invoice's balance; the pending payment row carries its id. */
  async startCheckout(invoiceId: string) {
    const { inv, balance } = await this.payableInvoice(invoiceId);
    const customer = await this.prisma.customer.findUnique({ where: { id: inv.customerId }, select: { email: true } });
    const payment = await this.prisma.payment.create({ data: { invoiceId, customerId: inv.customerId, method: 'stripe', amountMinor: balance, currency: inv.currency } });
    const base = (this.config.PUBLIC_BASE_URL ?? 'http://localhost:3000').replace(/\/$/, '');
    const metadata = { invoiceId, paymentId: payment.id, customerId: inv.customerId };
    const session = await this.stripe.checkout.sessions.create(
      {
        mode: 'payment',
        client_reference_id: invoiceId,
        customer_email: customer?.email,
        line_items: [{ quantity: 1, price_data: { currency: inv.currency.toLowerCase(), unit_amount: balance, product_data: { name: `Invoice ${inv.number}` } } }],
        metadata,
        // The PaymentIntent carries our ids too, so payment_intent.succeeded arriving before
        // checkout.session.completed still finds its payment row.
        payment_intent_data: { metadata },
        success_url: `${base}/payments/thanks?invoice=${inv.number}`,
        cancel_url: `${base}/payments/cancelled?invoice=${inv.number}`,
      },
      { idempotencyKey: `checkout:${payment.id}` },
    );
    await this.prisma.payment.update({ where: { id: payment.id }, data: { stripeCheckoutSessionId: session.id } });
    return { paymentId: payment.id, sessionId: session.id, url: session.url, amountMinor: balance, currency: inv.currency };
  }

  // ── webhooks ───────────────────────────────────────────────────────────────

  /** Verifies the signature over the raw bytes; a bad signature is a 400 and changes nothing. */
  verify(rawBody: Buffer | undefined, signature: string | undefined): Stripe.Event {
    const secret = this.config.STRIPE_WEBHOOK_SECRET;
    if (!secret) throw ApiError.unavailable('Stripe webhooks are not configured');
    if (!rawBody || !signature) throw ApiError.badRequest('Missing Stripe signature or body');
    try {
      return this.stripe.webhooks.constructEvent(rawBody, signature, secret);
    } catch {
      throw ApiError.badRequest('Invalid Stripe signature');
    }
  }

  /**
   * Applies one Stripe event exactly once: its id goes into processed_stripe_events in the
   * same transaction as its effect (a concurrent duplicate waits on that row, then finds
   * it and does nothing; a rolled-back attempt leaves no id, so Stripe's retry applies it).
   */
  async handleEvent(event: Stripe.Event): Promise<{ duplicate: boolean; applied: string }> {
    const q = afterCommitQueue();
    const now = new Date();
    const out = await this.lifecycle.run(
      async (tx, emit) => {
        const fresh = await tx.$queryRawUnsafe<{ id: string }[]>(
          'INSERT INTO processed_stripe_events (id, type) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING RETURNING id',
          event.id,
          event.type,
        );
        if (!fresh.length) return { duplicate: true, applied: 'none' };
        const ctx: BillingHookContext = { tx, emit, now, afterCommit: q.afterCommit };
        switch (event.type) {
          case 'checkout.session.completed':
          case 'checkout.session.async_payment_succeeded': {
            const s = event.data.object as Stripe.Checkout.Session;
            const payment = await this.findStripePayment(tx, s.metadata?.paymentId, { stripeCheckoutSessionId: s.id });
            if (!payment) return { duplicate: false, applied: 'unknown_payment' };
            const pi = typeof s.payment_intent === 'string' ? s.payment_intent : s.payment_intent?.id;
            if (pi && !payment.stripePaymentIntentId) await tx.payment.update({ where: { id: payment.id }, data: { stripePaymentIntentId: pi } });
            if (s.payment_status !== 'paid') return { duplicate: false, applied: 'awaiting_payment' };
            const ok = await this.succeed(ctx, payment.id, s.amount_total ?? payment.amountMinor, (s.currency ?? payment.currency).toUpperCase(), ['pending', 'failed']);
            return { duplicate: false, applied: ok ? 'payment_succeeded' : 'already_applied' };
          }
          case 'payment_intent.succeeded': {
            const pi = event.data.object as Stripe.PaymentIntent;
            const payment = await this.findStripePayment(tx, pi.metadata?.paymentId, { stripePaymentIntentId: pi.id });
            if (!payment) return { duplicate: false, applied: 'unknown_payment' };
            if (!payment.stripePaymentIntentId) await tx.payment.update({ where: { id: payment.id }, data: { stripePaymentIntentId: pi.id } });
            const ok = await this.succeed(ctx, payment.id, pi.amount_received || pi.amount, pi.currency.toUpperCase(), ['pending', 'failed']);
            return { duplicate: false, applied: ok ? 'payment_succeeded' : 'already_applied' };
          }
          case 'payment_intent.payment_failed': {
            const pi = event.data.object as Stripe.PaymentIntent;
            const payment = await this.findStripePayment(tx, pi.metadata?.paymentId, { stripePaymentIntentId: pi.id });
            if (!payment) return { duplicate: false, applied: 'unknown_payment' };
            const reason = pi.last_payment_error?.message ?? pi.last_payment_error?.code ?? 'payment failed';
            const ok = await this.fail(ctx, payment.id, reason, pi.id);
            return { duplicate: false, applied: ok ? 'payment_failed' : 'ignored' };
          }
          default:
            return { duplicate: false, applied: 'ignored' };
        }
      },
      { allowNoEvents: true },
    );
    await q.flush();
    return out;
  }

  private async findStripePayment(tx: Tx, paymentId: string | undefined, by: { stripeCheckoutSessionId?: string; stripePaymentIntentId?: string }): Promise<Payment | null> {
    if (paymentId) {
      const p = await tx.payment.findUnique({ where: { id: paymentId } });
      if (p) return p;
    }
    return tx.payment.findFirst({ where: by });
  }

  /**
   * Money arrived for a payment row. Claims the row with a conditional UPDATE (only one
   * caller ever wins), refuses a wrong currency, applies up to the balance and turns any
   * excess into customer credit, then settles the invoice. Returns false when another
   * delivery had already applied it.
   */
  private async succeed(ctx: BillingHookContext, paymentId: string, amountMinor: number, currency: string, from: string[], confirmedBy?: string): Promise<boolean> {
    const { tx, emit, now } = ctx;
    const claimed = await tx.$queryRawUnsafe<{ id: string }[]>(
      `UPDATE payments SET status = 'succeeded', "succeededAt" = $2, "confirmedBy" = COALESCE($3, "confirmedBy"), "confirmedAt" = CASE WHEN $3::text IS NULL THEN "confirmedAt" ELSE $2 END
       WHERE id = $1 AND status::text = ANY($4::text[]) RETURNING id`,
      paymentId,
      now,
      confirmedBy ?? null,
      from,
    );
    if (!claimed.length) return false;
    const payment = await tx.payment.findUniqueOrThrow({ where: { id: paymentId } });
    const inv = await this.invoices.lock(tx, payment.invoiceId);
    if (currency !== inv.currency) {
      await tx.payment.update({ where: { id: paymentId }, data: { status: 'rejected', failureReason: `currency_mismatch: paid ${currency}, invoice is ${inv.currency}` } });
      emit({ name: LifecycleEvent.PaymentFailed, aggregateType: 'payment', aggregateId: paymentId, customerId: payment.customerId, properties: { paymentId, invoiceId: inv.id, amountMinor, currency, method: payment.method, reason: 'currency_mismatch' } });
      return true;
    }
    const balance = Math.max(0, balanceOf(inv));
    const applied = Math.min(amountMinor, balance);
    const excess = amountMinor - applied;
    await tx.payment.update({ where: { id: paymentId }, data: { amountMinor, appliedMinor: applied, creditedMinor: excess, failureReason: null } });
    await tx.invoice.update({ where: { id: inv.id }, data: { paidMinor: { increment: applied } } });
    if (excess > 0) await this.invoices.addCustomerCredit(tx, payment.customerId, currency, excess, `overpayment of ${inv.number}`, { paymentId, invoiceId: inv.id });
    emit({
      name: LifecycleEvent.PaymentReceived,
      aggregateType: 'payment',
      aggregateId: paymentId,
      customerId: payment.customerId,
      properties: { paymentId, invoiceId: inv.id, amountMinor, currency, method: payment.method, appliedMinor: applied, creditedMinor: excess, balanceMinor: balance - applied, invoiceKind: inv.kind },
    });
    const settled = await this.invoices.settle(ctx, inv.id);
    ctx.afterCommit(() => this.sendReceipt(paymentId, settled.number, amountMinor, currency, balance - applied, excess));
    return true;
  }

  private async fail(ctx: BillingHookContext, paymentId: string, reason: string, intentId?: string): Promise<boolean> {
    const rows = await ctx.tx.$queryRawUnsafe<{ id: string }[]>(
      `UPDATE payments SET status = 'failed', "failureReason" = $2, "stripePaymentIntentId" = COALESCE("stripePaymentIntentId", $3) WHERE id = $1 AND status = 'pending' RETURNING id`,
      paymentId,
      reason,
      intentId ?? null,
    );
    if (!rows.length) return false;
    const p = await ctx.tx.payment.findUniqueOrThrow({ where: { id: paymentId } });
    ctx.emit({ name: LifecycleEvent.PaymentFailed, aggregateType: 'payment', aggregateId: paymentId, customerId: p.customerId, properties: { paymentId, invoiceId: p.invoiceId, amountMinor: p.amountMinor, currency: p.currency, method: p.method, reason } });
    ctx.afterCommit(async () => {
      const c = await this.prisma.customer.findUnique({ where: { id: p.customerId }, select: { email: true, name: true } });
      if (c) await this.mail.send({ to: c.email, subject: 'Your payment did not go through', text: `Hello ${c.name},\n\nYour payment of ${formatMoney(p.amountMinor, p.currency)} failed: ${reason}.\nYou can try again: ${await this.invoices.paymentLink(p.invoiceId)}\n`, tags: { kind: 'payment-failed', paymentId } }, { key: `payment-failed:${paymentId}` });
    });
    return true;
  }

  private async sendReceipt(paymentId: string, number: string, amountMinor: number, currency: string, balanceMinor: number, creditMinor: number) {
    const p = await this.prisma.payment.findUnique({ where: { id: paymentId } });
    const c = p && (await this.prisma.customer.findUnique({ where: { id: p.customerId }, select: { email: true, name: true } }));
    if (!p || !c || p.status !== 'succeeded') return;
    const lines = [
      `Hello ${c.name},`,
      '',
      `We received ${formatMoney(amountMinor, currency)} for invoice ${number} (${p.method.replace('_', ' ')}${p.reference ? `, ref ${p.reference}` : ''}).`,
      balanceMinor > 0 ? `Remaining balance: ${formatMoney(balanceMinor, currency)}.` : 'The invoice is paid in full.',
      creditMinor > 0 ? `${formatMoney(creditMinor, currency)} was added to your account credit.` : '',
    ];
    await this.mail.send({ to: c.email, subject: `Receipt for invoice ${number}`, text: lines.filter((l) => l !== null).join('\n'), tags: { kind: 'payment-receipt', paymentId } }, { key: `receipt:${paymentId}` });
  }

  // ── manual payments ───────────────────────────────────────────────────────

  /** Staff record an e-transfer/cash/bank transfer; it counts only once an admin confirms it. */
  async recordManual(input: { invoiceId: string; method: ManualMethod; amountMinor: number; currency: string; reference: string }, recordedBy: string | null) {
    const { inv } = await this.payableInvoice(input.invoiceId);
    if (input.currency.toUpperCase() !== inv.currency) {
      throw ApiError.conflict('currency_mismatch', `Invoice ${inv.number} is in ${inv.currency}; a payment in ${input.currency.toUpperCase()} is refused`);
    }
    return this.prisma.payment.create({
      data: { invoiceId: inv.id, customerId: inv.customerId, method: input.method, amountMinor: input.amountMinor, currency: inv.currency, reference: input.reference, recordedBy, createdAt: lifecycleNow() },
    });
  }

  /**
   * A payment from imported history (a card charge or transfer made before this
   * system ran): recorded and, unless it failed, applied at once through the same
   * claim → apply → settle path as live payments, without Stripe or an admin's
   * confirmation — the money moved long ago. Trusted importers only (the demo replay).
   */
  async recordImported(input: { invoiceId: string; method: PaymentMethod; amountMinor: number; currency: string; reference: string; failureReason?: string }) {
    const { inv } = await this.payableInvoice(input.invoiceId);
    const now = lifecycleNow();
    const q = afterCommitQueue();
    const out = await this.lifecycle.run(async (tx, emit) => {
      const p = await tx.payment.create({ data: { invoiceId: inv.id, customerId: inv.customerId, method: input.method, amountMinor: input.amountMinor, currency: inv.currency, reference: input.reference, createdAt: now } });
      const ctx: BillingHookContext = { tx, emit, now, afterCommit: q.afterCommit };
      if (input.failureReason) await this.fail(ctx, p.id, input.failureReason);
      else await this.succeed(ctx, p.id, input.amountMinor, input.currency.toUpperCase(), ['pending']);
      return tx.payment.findUniqueOrThrow({ where: { id: p.id } });
    });
    await q.flush();
    return out;
  }

  /** Admin confirmation; two admins confirming at once apply the money once (the other gets 409). */
  async confirmManual(paymentId: string, adminId: string) {
    const q = afterCommitQueue();
    const out = await this.lifecycle.run(async (tx, emit) => {
      const p = await tx.payment.findUnique({ where: { id: paymentId } });
      if (!p) throw ApiError.notFound('payment');
      if (p.method === 'stripe') throw ApiError.conflict('not_manual', 'Stripe payments are confirmed by Stripe');
      const ok = await this.succeed({ tx, emit, now: lifecycleNow(), afterCommit: q.afterCommit }, paymentId, p.amountMinor, p.currency, ['pending'], adminId);
      if (!ok) throw ApiError.conflict('payment_not_pending', 'This payment was already confirmed or rejected');
      return tx.payment.findUniqueOrThrow({ where: { id: paymentId } });
    });
    await q.flush();
    return out;
  }

  async rejectManual(paymentId: string, adminId: string, reason: string) {
    const rows = await this.prisma.$queryRawUnsafe<{ id: string }[]>(
      `UPDATE payments SET status = 'rejected', "failureReason" = $2, "confirmedBy" = $3, "confirmedAt" = now() WHERE id = $1 AND status = 'pending' AND method <> 'stripe' RETURNING id`,
      paymentId,
      reason,
      adminId,
    );
    if (!rows.length) throw ApiError.conflict('payment_not_pending', 'Only a pending manual payment can be rejected');
    return this.prisma.payment.findUniqueOrThrow({ where: { id: paymentId } });
  }

  // ── refunds ───────────────────────────────────────────────────────────────

  /**
   * Full (no amount) or partial refund. Stripe payments are refunded through Stripe first
   * (idempotency key per payment and refunded-so-far, so a retried request cannot refund
   * twice); the refund comes off the invoice's paid amount first, then off the credit the
   * payment created.
   */
  async refund(paymentId: string, amountMinor: number | undefined, reason: string, actorId: string | null) {
    const p = await this.prisma.payment.findUnique({ where: { id: paymentId } });
    if (!p) throw ApiError.notFound('payment');
    if (p.status !== 'succeeded' && p.status !== 'partially_refunded') throw ApiError.conflict('payment_not_refundable', `A ${p.status} payment cannot be refunded`);
    const refundable = p.amountMinor - p.refundedMinor;
    const amount = amountMinor ?? refundable;
    if (amount <= 0 || amount > refundable) throw ApiError.badRequest('Refund amount exceeds what is refundable', [{ field: 'amountMinor', message: `at most ${refundable}` }]);
    let stripeRefundId: string | null = null;
    if (p.method === 'stripe') {
      if (!p.stripePaymentIntentId) throw ApiError.conflict('no_payment_intent', 'The Stripe payment has no PaymentIntent yet');
      const r = await this.stripe.refunds.create({ payment_intent: p.stripePaymentIntentId, amount, reason: 'requested_by_customer', metadata: { paymentId } }, { idempotencyKey: `refund:${paymentId}:${p.refundedMinor}:${amount}` });
      stripeRefundId = r.id;
    }
    const q = afterCommitQueue();
    const out = await this.lifecycle.run(async (tx, emit) => {
      const locked = await tx.$queryRawUnsafe<Payment[]>('SELECT * FROM payments WHERE id = $1 FOR UPDATE', paymentId);
      const cur = locked[0];
      if (cur.refundedMinor !== p.refundedMinor) throw ApiError.conflict('refund_race', 'Another refund changed this payment; retry');
      const fromInvoice = Math.min(amount, cur.appliedMinor);
      const fromCredit = amount - fromInvoice;
      const refundedMinor = cur.refundedMinor + amount;
      await tx.payment.update({ where: { id: paymentId }, data: { refundedMinor, appliedMinor: cur.appliedMinor - fromInvoice, creditedMinor: cur.creditedMinor - fromCredit, status: refundedMinor >= cur.amountMinor ? 'refunded' : 'partially_refunded' } });
      const refund = await tx.refund.create({ data: { paymentId, amountMinor: amount, currency: cur.currency, reason, stripeRefundId, createdBy: actorId } });
      await this.invoices.lock(tx, cur.invoiceId);
      if (fromInvoice) await tx.invoice.update({ where: { id: cur.invoiceId }, data: { paidMinor: { decrement: fromInvoice } } });
      if (fromCredit) await this.invoices.addCustomerCredit(tx, cur.customerId, cur.currency, -fromCredit, `refund ${refund.id}`, { paymentId, invoiceId: cur.invoiceId });
      emit({ name: LifecycleEvent.PaymentRefunded, aggregateType: 'payment', aggregateId: paymentId, customerId: cur.customerId, properties: { paymentId, invoiceId: cur.invoiceId, refundId: refund.id, amountMinor: amount, currency: cur.currency, method: cur.method, full: refundedMinor >= cur.amountMinor, reason } });
      const invoice = await this.invoices.settle({ tx, emit, now: lifecycleNow(), afterCommit: q.afterCommit }, cur.invoiceId);
      return { refund, invoice };
    });
    await q.flush();
    return out;
  }

  /** Every payment of a customer, newest first, with its refunds; plus their credit balances. */
  async history(customerId: string) {
    const [payments, credits] = await Promise.all([
      this.prisma.payment.findMany({ where: { customerId }, orderBy: { createdAt: 'desc' }, include: { refunds: true, invoice: { select: { number: true, kind: true } } } }),
      this.prisma.customerCredit.findMany({ where: { customerId } }),
    ]);
    return { customerId, payments, credits };
  }
}

export type { AfterCommit };
