import type { QuoteWithLines } from './quote.service';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The money block of a quote, as every rendering of it (link, staff view, PDF) shows it. */
export function quoteTotals(q: QuoteWithLines) {
  return {
    subtotalMinor: q.subtotalMinor,
    discountMinor: q.discountMinor,
    taxName: q.taxName,
    taxMinor: q.taxMinor,
    totalMinor: q.totalMinor,
    depositBps: q.depositBps,
    depositMinor: q.depositMinor,
  };
}

/** What the customer link shows: the offer, never internal review data. */
export function presentForCustomer(q: QuoteWithLines) {
  return {
    id: q.id,
    number: q.number,
    version: q.version,
    status: q.status,
    title: q.title,
    executiveSummary: q.executiveSummary,
    scope: q.scope,
    milestones: q.milestones,
    timeline: q.timeline,
    terms: q.terms,
    currency: q.currency,
    lines: q.lines.map((l) => ({
      position: l.position,
      kind: l.kind,
      description: l.description,
      rateMinor: l.rateMinor,
      hours: l.hours,
      factor: l.factor,
      quantity: l.quantity,
      unitMinor: l.unitMinor,
      amountMinor: l.amountMinor,
    })),
    ...quoteTotals(q),
    sentAt: iso(q.sentAt),
    validUntil: iso(q.validUntil),
    decidedAt: iso(q.decidedAt),
    acceptedName: q.acceptedName,
  };
}

export function presentForStaff(q: QuoteWithLines, allowed: string[]) {
  return {
    ...presentForCustomer(q),
    customerId: q.customerId,
    quoteRequestId: q.quoteRequestId,
    previousVersionId: q.previousVersionId,
    discount: q.discount,
    taxRegion: q.taxRegion,
    taxPpm: q.taxPpm,
    taxableMinor: q.taxableMinor,
    validityDays: q.validityDays,
    lines: q.lines,
    authorId: q.authorId,
    submittedAt: iso(q.submittedAt),
    reviewedById: q.reviewedById,
    reviewedAt: iso(q.reviewedAt),
    firstViewedAt: iso(q.firstViewedAt),
    lastViewedAt: iso(q.lastViewedAt),
    viewCount: q.viewCount,
    acceptedIp: q.acceptedIp,
    rejectionReason: q.rejectionReason,
    revisionNote: q.revisionNote,
    expiredAt: iso(q.expiredAt),
    createdAt: q.createdAt.toISOString(),
    allowedActions: allowed,
  };
}
