import { Injectable } from '@nestjs/common';
import type { Emit, Tx } from '@northstar/outbox';
import type { Invoice } from '@northstar/prisma';

/** Work to do once the surrounding transaction has committed (mail, scheduling). */
export type AfterCommit = (fn: () => Promise<unknown>) => void;

export interface BillingHookContext {
  tx: Tx;
  emit: Emit;
  now: Date;
  afterCommit: AfterCommit;
}

export type InvoicePaidHook = (ctx: BillingHookContext, invoice: Invoice) => Promise<void>;

/**
 * In-transaction extension points of billing, so projects and after-care react to money
 * without billing importing them (projects → invoices, aftercare → projects; no cycles).
 * `invoicePaid` runs inside the transaction that settled the invoice: a hook that
 * throws rolls the payment back with it.
 */
@Injectable()
export class BillingHooks {
  private readonly paid = new Map<string, InvoicePaidHook>();

  onInvoicePaid(name: string, hook: InvoicePaidHook): void {
    this.paid.set(name, hook);
  }

  async invoicePaid(ctx: BillingHookContext, invoice: Invoice): Promise<void> {
    for (const hook of this.paid.values()) await hook(ctx, invoice);
  }
}

/** Collects after-commit work; `flush` runs it (errors logged by the caller, never thrown into the response). */
export function afterCommitQueue(): { afterCommit: AfterCommit; flush: () => Promise<void> } {
  const work: (() => Promise<unknown>)[] = [];
  return {
    afterCommit: (fn) => void work.push(fn),
    flush: async () => {
      for (const fn of work) await fn().catch((e) => console.warn(`after-commit work failed: ${(e as Error).message}`));
    },
  };
}
