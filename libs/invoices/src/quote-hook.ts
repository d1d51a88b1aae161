import type { ModuleRef } from '@nestjs/core';
import type { Emit, Tx } from '@northstar/outbox';
import { QuoteAcceptedHandlers, type AcceptedQuote } from '@northstar/quotes';
import type { AcceptedQuoteLike } from './invoices.service';

/**
 * Registers work to run inside the quote-acceptance transaction. The quote is mapped to
 * the fields billing needs; emergency comes from the intake request's urgent flag.
 */
export function registerOnQuoteAccepted(
  moduleRef: ModuleRef,
  name: string,
  handler: (tx: Tx, quote: AcceptedQuoteLike & { raw: AcceptedQuote }, emit: Emit) => Promise<void>,
): boolean {
  let hooks: QuoteAcceptedHandlers | undefined;
  try {
    hooks = moduleRef.get(QuoteAcceptedHandlers, { strict: false });
  } catch {
    return false;
  }
  if (!hooks) return false;
  hooks.register(name, async (tx, q, emit) => {
    const request = q.quoteRequestId ? await tx.quoteRequest.findUnique({ where: { id: q.quoteRequestId }, select: { urgent: true } }) : null;
    await handler(tx, { id: q.id, number: q.number, version: q.version, customerId: q.customerId, currency: q.currency, title: q.title, totalMinor: q.totalMinor, taxPpm: q.taxPpm, taxRegion: q.taxRegion, emergency: !!request?.urgent, raw: q }, emit);
  });
  return true;
}
