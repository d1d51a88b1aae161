import { QUOTE_ACTIONS, QUOTE_STATES, allowedActions, transition, type QuoteAction, type QuoteState } from './quote-state-machine';

describe('quote state machine', () => {
  const happy: [QuoteState, QuoteAction, QuoteState][] = [
    ['draft', 'edit', 'draft'],
    ['draft', 'submit_for_review', 'in_review'],
    ['in_review', 'approve', 'approved'],
    ['in_review', 'return_to_draft', 'draft'],
    ['approved', 'return_to_draft', 'draft'],
    ['approved', 'send', 'sent'],
    ['draft', 'send', 'sent'],
    ['sent', 'view', 'viewed'],
    ['viewed', 'view', 'viewed'],
    ['sent', 'accept', 'accepted'],
    ['viewed', 'accept', 'accepted'],
    ['viewed', 'reject', 'rejected'],
    ['sent', 'reject', 'rejected'],
    ['viewed', 'request_revision', 'revision_requested'],
    ['sent', 'request_revision', 'revision_requested'],
    ['revision_requested', 'revise', 'superseded'],
    ['expired', 'revise', 'superseded'],
    ['rejected', 'revise', 'superseded'],
    ['sent', 'expire', 'expired'],
    ['viewed', 'expire', 'expired'],
  ];
  it.each(happy)('%s --%s--> %s', (from, action, to) => {
    expect(transition(from, action)).toEqual({ ok: true, to });
  });

  it('refuses every other pair and names the allowed actions', () => {
    const allowedPairs = new Set(happy.map(([f, a]) => `${f}:${a}`));
    let refused = 0;
    for (const from of QUOTE_STATES)
      for (const action of QUOTE_ACTIONS) {
        if (allowedPairs.has(`${from}:${action}`)) continue;
        const r = transition(from, action);
        expect(r.ok).toBe(false);
        if (!r.ok) {
          expect(r.code).toBe('invalid_transition');
          expect(r.allowed).toEqual(allowedActions(from));
          expect(r.message).toContain(`allowed: ${r.allowed.join(', ') || 'none'}`);
        }
        refused++;
      }
    expect(refused).toBe(QUOTE_STATES.length * QUOTE_ACTIONS.length - happy.length);
  });

  it('locks an accepted quote', () => {
    expect(allowedActions('accepted')).toEqual([]);
    for (const action of QUOTE_ACTIONS) {
      const r = transition('accepted', action);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toContain('locked');
    }
  });

  it('requires peer review above the threshold, not at or below it', () => {
    const ctx = { reviewThresholdMinor: 1_000_000 };
    expect(transition('draft', 'send', { ...ctx, totalMinor: 1_000_000 })).toEqual({ ok: true, to: 'sent' });
    const r = transition('draft', 'send', { ...ctx, totalMinor: 1_000_001 });
    expect(r).toMatchObject({ ok: false, code: 'review_required' });
    if (!r.ok) expect(r.allowed).toEqual(['edit', 'submit_for_review']);
    // once approved, the same total may be sent
    expect(transition('approved', 'send', { ...ctx, totalMinor: 5_000_000 })).toEqual({ ok: true, to: 'sent' });
  });
});
