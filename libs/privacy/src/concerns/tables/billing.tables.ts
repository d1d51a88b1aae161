import type { TableRule } from '../table-rule';

const ofCustomer = `"customerId" = ANY(:customerIds)`;

/** libs/invoices: legal records, kept with their amounts; the person is taken out of their text. */
export const INVOICES_TABLES: TableRule[] = [
  { lib: 'invoices', table: 'invoices', rows: ofCustomer, erase: { redact: ['terms', 'voidReason', 'reconciliation'] } },
  {
    lib: 'invoices',
    table: 'invoice_lines',
    rows: `"invoiceId" IN (SELECT id FROM invoices WHERE "customerId" = ANY(:customerIds))`,
    erase: { redact: ['description'] },
  },
  { lib: 'invoices', table: 'credit_notes', rows: ofCustomer, erase: { redact: ['reason'] } },
  {
    lib: 'invoices',
    table: 'invoice_reminders',
    rows: `"invoiceId" IN (SELECT id FROM invoices WHERE "customerId" = ANY(:customerIds))`,
    erase: { retain: 'collection steps: ids, step names and dates' },
  },
  { lib: 'invoices', table: 'customer_billing_status', rows: ofCustomer, erase: { redact: ['suspendReason'] } },
];

/** libs/payments: kept for the books; references and reasons often carry an email or a name. */
export const PAYMENTS_TABLES: TableRule[] = [
  { lib: 'payments', table: 'payments', rows: ofCustomer, erase: { redact: ['reference', 'failureReason'] } },
  {
    lib: 'payments',
    table: 'refunds',
    rows: `"paymentId" IN (SELECT id FROM payments WHERE "customerId" = ANY(:customerIds))`,
    erase: { redact: ['reason'] },
  },
  { lib: 'payments', table: 'customer_credits', rows: ofCustomer, erase: { retain: 'credit balances per currency' } },
  { lib: 'payments', table: 'customer_credit_entries', rows: ofCustomer, erase: { redact: ['reason'] } },
];
