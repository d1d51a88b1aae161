/**
 * Quote lifecycle as a pure table, so the rules are testable without a database and
 * the 409 can name exactly what is allowed next.
 *
 *   draft ──submit──▶ in_review ──approve──▶ approved ──send──▶ sent ──view──▶ viewed
 *     ▲  └─────────────send (only at/below the review threshold)──────▲        │
 *     └──return──────────┘                                             │        │
 *   sent|viewed ──accept──▶ accepted (locked)    ──reject──▶ rejected
 *              ──request_revision──▶ revision_requested ──revise──▶ superseded (+ new draft vN+1)
 *              ──expire──▶ expired ──revise──▶ superseded (+ new draft)
 */
export const QUOTE_STATES = [
  'draft',
  'in_review',
  'approved',
  'sent',
  'viewed',
  'accepted',
  'rejected',
  'expired',
  'revision_requested',
  'superseded',
] as const;
export type QuoteState = (typeof QUOTE_STATES)[number];

export const QUOTE_ACTIONS = [
  'edit',
  'submit_for_review',
  'approve',
  'return_to_draft',
  'send',
  'view',
  'accept',
  'reject',
  'request_revision',
  'revise',
  'expire',
] as const;
export type QuoteAction = (typeof QUOTE_ACTIONS)[number];

const TABLE: Record<QuoteAction, Partial<Record<QuoteState, QuoteState>>> = {
  edit: { draft: 'draft' },
  submit_for_review: { draft: 'in_review' },
  approve: { in_review: 'approved' },
  return_to_draft: { in_review: 'draft', approved: 'draft' },
  send: { draft: 'sent', approved: 'sent' },
  // A second view of a viewed quote is recorded but is not a state change.
  view: { sent: 'viewed', viewed: 'viewed' },
  accept: { sent: 'accepted', viewed: 'accepted' },
  reject: { sent: 'rejected', viewed: 'rejected' },
  request_revision: { sent: 'revision_requested', viewed: 'revision_requested' },
  revise: { revision_requested: 'superseded', expired: 'superseded', rejected: 'superseded' },
  expire: { sent: 'expired', viewed: 'expired' },
};

export interface TransitionContext {
  /** Quote total; above the threshold a draft must be reviewed before it is sent. */
  totalMinor?: number;
  reviewThresholdMinor?: number;
}

export type TransitionResult =
  | { ok: true; to: QuoteState }
  | { ok: false; code: 'invalid_transition' | 'review_required'; message: string; allowed: QuoteAction[] };

/** Actions possible from a state (ignoring context guards). */
export function allowedActions(from: QuoteState, ctx: TransitionContext = {}): QuoteAction[] {
  return QUOTE_ACTIONS.filter((a) => TABLE[a][from] !== undefined && !(a === 'send' && needsReview(from, ctx)));
}

function needsReview(from: QuoteState, ctx: TransitionContext): boolean {
  return (
    from === 'draft' &&
    ctx.totalMinor !== undefined &&
    ctx.reviewThresholdMinor !== undefined &&
    ctx.totalMinor > ctx.reviewThresholdMinor
  );
}

export function transition(from: QuoteState, action: QuoteAction, ctx: TransitionContext = {}): TransitionResult {
  const to = TABLE[action][from];
  if (to === undefined) {
    const allowed = allowedActions(from, ctx);
    const locked = from === 'accepted' ? ' (an accepted quote is locked)' : '';
    return {
      ok: false,
      code: 'invalid_transition',
      message: `cannot ${action} a quote that is ${from}${locked}; allowed: ${allowed.join(', ') || 'none'}`,
      allowed,
    };
  }
  if (action === 'send' && needsReview(from, ctx)) {
    const allowed = allowedActions(from, ctx);
    return {
      ok: false,
      code: 'review_required',
      message: `quotes above ${ctx.reviewThresholdMinor} minor units need peer review before sending; allowed: ${allowed.join(', ')}`,
      allowed,
    };
  }
  return { ok: true, to };
}

/** States in which the customer's decision is still open (expiry and follow-ups apply). */
export const OPEN_STATES: QuoteState[] = ['sent', 'viewed'];
