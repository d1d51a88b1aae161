import type { EventRow } from '@northstar/contracts';
import { deriveLinks, identifyEmail } from './identity-links';
import { customerEventsCondition } from './identity.sql';

const row = (over: Partial<EventRow>): EventRow => ({
  event_id: '00000000-0000-5000-8000-000000000000',
  message_id: 'm',
  type: 'track',
  event: '',
  source: 'web',
  user_id: '',
  anonymous_id: '',
  customer_id: '',
  account_id: '',
  timestamp: '2026-01-01 10:00:00.000',
  original_timestamp: null,
  sent_at: null,
  received_at: '2026-01-01 10:00:00.000',
  properties: '{}',
  context: '{}',
  traits: '{}',
  amount_minor: 0,
  currency: '',
  ...over,
});

describe('deriveLinks', () => {
  it('identify links the anonymous id to the user, naming the message', () => {
    expect(deriveLinks([row({ type: 'identify', user_id: 'u1', anonymous_id: 'a1', message_id: 'm1' })])).toEqual([
      { kind: 'anonymous', from_id: 'a1', to_id: 'u1', via: 'identify', message_id: 'm1', linked_at: '2026-01-01 10:00:00.000' },
    ]);
  });

  it('alias links previousId to the user; group links the person to the account', () => {
    const links = deriveLinks([
      row({ type: 'alias', user_id: 'u2', properties: JSON.stringify({ previousId: 'old' }), message_id: 'm2' }),
      row({ type: 'group', user_id: 'u3', account_id: 'acct', message_id: 'm3' }),
    ]);
    expect(links).toEqual([
      expect.objectContaining({ kind: 'anonymous', from_id: 'old', to_id: 'u2', via: 'alias' }),
      expect.objectContaining({ kind: 'account', from_id: 'u3', to_id: 'acct', via: 'group' }),
    ]);
  });

  it('a Customer Merged lifecycle event links the merged-away customer to the survivor', () => {
    const merged = row({ type: 'lifecycle', source: 'outbox', event: 'Customer Merged', customer_id: 'cB', properties: JSON.stringify({ fromCustomerId: 'cA', intoCustomerId: 'cB' }) });
    expect(deriveLinks([merged])).toEqual([expect.objectContaining({ kind: 'merge', from_id: 'cA', to_id: 'cB', via: 'merge' })]);
    expect(deriveLinks([{ ...merged, source: 'web' }])).toEqual([]);
  });

  it('a track with both ids teaches nothing (only identify/alias/group are identity statements)', () => {
    expect(deriveLinks([row({ user_id: 'u', anonymous_id: 'a' })])).toEqual([]);
  });

  it('reads the identify email', () => {
    expect(identifyEmail(row({ type: 'identify', traits: JSON.stringify({ email: 'a@b.c' }) }))).toBe('a@b.c');
    expect(identifyEmail(row({ type: 'track', traits: JSON.stringify({ email: 'a@b.c' }) }))).toBeUndefined();
  });

  it('the attribution condition binds the customer id and never inlines it', () => {
    const sql = customerEventsCondition('c');
    expect(sql).toContain('{c:String}');
    expect(sql).toContain("kind = 'anonymous'");
  });
});
