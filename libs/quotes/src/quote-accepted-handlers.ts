import { Injectable } from '@nestjs/common';
import type { Emit, Tx } from '@northstar/outbox';
import type { Quote, QuoteLine } from '@northstar/prisma';

export type AcceptedQuote = Quote & { lines: QuoteLine[] };
export type QuoteAcceptedHandler = (tx: Tx, quote: AcceptedQuote, emit: Emit) => Promise<void>;

/**
 * Work other concerns do when a quote is accepted, inside the acceptance transaction
 * (e.g. billing creates the deposit invoice): if a handler throws, the acceptance
 * rolls back with it, so there is never an accepted quote without its invoice.
 *
 *   constructor(hooks: QuoteAcceptedHandlers) { hooks.register('deposit-invoice', (tx, q, emit) => …) }
 */
@Injectable()
export class QuoteAcceptedHandlers {
  private readonly handlers = new Map<string, QuoteAcceptedHandler>();

  register(name: string, handler: QuoteAcceptedHandler): void {
    this.handlers.set(name, handler);
  }

  async run(tx: Tx, quote: AcceptedQuote, emit: Emit): Promise<void> {
    for (const handler of this.handlers.values()) await handler(tx, quote, emit);
  }
}
