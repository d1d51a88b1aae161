import type { TableRule } from '../table-rule';

const ofCustomer = `"customerId" = ANY(:customerIds)`;

/** libs/aftercare: tickets keep their timings for the service levels; what the customer wrote goes. */
export const AFTERCARE_TABLES: TableRule[] = [
  { lib: 'aftercare', table: 'support_tickets', rows: ofCustomer, erase: { set: { subject: `'[erased]'`, description: `'[erased]'` } } },
  {
    lib: 'aftercare',
    table: 'ticket_status_changes',
    rows: `"ticketId" IN (SELECT id FROM support_tickets WHERE "customerId" = ANY(:customerIds))`,
    erase: { redact: ['note', 'actor'] },
  },
  { lib: 'aftercare', table: 'feedback_requests', rows: ofCustomer, private: ['token'], erase: { retain: 'survey triggers and dates' } },
  { lib: 'aftercare', table: 'feedback_responses', rows: ofCustomer, erase: { set: { comment: 'NULL' } } },
  { lib: 'aftercare', table: 'loyalty_accounts', rows: ofCustomer, erase: { retain: 'points balances' } },
  { lib: 'aftercare', table: 'loyalty_entries', rows: ofCustomer, erase: { redact: ['reason'] } },
  { lib: 'aftercare', table: 'referral_codes', rows: ofCustomer, erase: { retain: 'a random code' } },
  {
    lib: 'aftercare',
    table: 'referrals',
    rows: `"referrerCustomerId" = ANY(:customerIds) OR "referredCustomerId" = ANY(:customerIds)`,
    erase: { retain: 'who referred whom, by customer id' },
  },
];
