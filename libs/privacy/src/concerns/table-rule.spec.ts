import type { PrivacySubject } from '../privacy-subject';
import { bindRows } from './table-rule';

const subject: PrivacySubject = {
  customerId: 'c1',
  customerIds: ['c1', 'c0'],
  accountIds: ['a1'],
  emails: ['z@x.test'],
  phones: ['+14165550199'],
  names: ['Z'],
  userIds: [],
  anonymousIds: [],
};

it('binds the placeholders a rule uses, in order, as text[] parameters', () => {
  const { where, params } = bindRows(
    { lib: 'customers', table: 'contacts', rows: `"accountId" = ANY(:accountIds) OR lower(email) = ANY(:emails) OR "ownerId" = ANY(:customerIds)`, erase: { delete: true } },
    subject,
  );
  expect(where).toBe(`"accountId" = ANY($1::text[]) OR lower(email) = ANY($2::text[]) OR "ownerId" = ANY($3::text[])`);
  expect(params).toEqual([['a1'], ['z@x.test'], ['c1', 'c0']]);
});
