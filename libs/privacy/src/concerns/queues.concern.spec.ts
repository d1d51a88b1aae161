import type { EventRow } from '@northstar/contracts';
import type { PrivacySubject } from '../privacy-subject';
import { subjectRowTest } from './queues.concern';
import { asciiLower, scanNeedles } from './redis-scan';

const subject: PrivacySubject = {
  customerId: 'c1',
  customerIds: ['c1', 'c0'],
  accountIds: ['a1'],
  emails: ['zoe@x.test'],
  phones: ['+14165550199'],
  names: ['Zoë Martin'],
  userIds: ['u1', 'zoe@x.test'],
  anonymousIds: ['anon-1'],
};
const row = (over: Partial<EventRow>): EventRow => ({
  event_id: 'e',
  message_id: 'm',
  type: 'track',
  event: 'X',
  source: 'web',
  user_id: '',
  anonymous_id: '',
  customer_id: '',
  account_id: '',
  timestamp: '2026-01-01 00:00:00.000',
  original_timestamp: null,
  sent_at: null,
  received_at: '2026-01-01 00:00:00.000',
  properties: '{}',
  context: '{}',
  traits: '{}',
  amount_minor: 0,
  currency: '',
  ...over,
});

describe('subjectRowTest: the rule the ClickHouse concern deletes by', () => {
  const isSubjectRow = subjectRowTest(subject);
  it.each([
    ['a merged customer id', { customer_id: 'c0' }],
    ['their own account', { account_id: 'a1' }],
    ['a linked user id', { user_id: 'u1' }],
    ['the email sent as user id', { user_id: 'zoe@x.test' }],
    ['a linked anonymous id', { anonymous_id: 'anon-1' }],
    ['their email in the traits, any case', { user_id: 'other', traits: '{"email":"ZOE@x.test"}' }],
    ['their phone in the properties', { anonymous_id: 'other', properties: '{"phone":"+14165550199"}' }],
  ])('takes a row by %s', (_, over) => expect(isSubjectRow(row(over))).toBe(true));

  it('leaves everyone else, even a row naming them (a name is too ambiguous to delete by)', () => {
    expect(isSubjectRow(row({ user_id: 'u2', customer_id: 'c9', traits: '{"name":"Zoë Martin"}' }))).toBe(false);
  });
});

describe('Redis search needles', () => {
  it('are lower-cased for ASCII only, as Lua lower-cases, and carry their JSON-escaped spelling', () => {
    expect(asciiLower('ZOË Martin')).toBe('zoË martin');
    expect(scanNeedles(['Ann "Jo" Lee', 'X'])).toEqual(['ann "jo" lee', 'ann \\"jo\\" lee', 'x']);
  });
});
