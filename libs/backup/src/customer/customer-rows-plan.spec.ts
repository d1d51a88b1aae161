import { planCustomerRows, type Catalog } from './customer-rows-plan';

const table = (name: string, columns: string[]) => ({ name, columns: columns.map((c) => ({ name: c, type: 'text' })), primaryKey: ['id'] });

const catalog: Catalog = {
  tables: [
    table('public.accounts', ['id']),
    table('public.customers', ['id', 'accountId', 'mergedIntoId']),
    table('public.customer_notes', ['id', 'customerId']),
    table('public.invoices', ['id', 'customerId']),
    table('public.invoice_lines', ['id', 'invoiceId']),
    table('public.payments', ['id', 'customerId', 'invoiceId']),
    table('public.refunds', ['id', 'paymentId']),
    table('public.referrals', ['id', 'referrerCustomerId', 'referredCustomerId']),
    table('public.outbox_events', ['id', 'customerId']),
    table('public.staff_users', ['id']),
  ],
  foreignKeys: [
    { child: 'public.customers', childColumn: 'accountId', parent: 'public.accounts', parentColumn: 'id' },
    { child: 'public.customers', childColumn: 'mergedIntoId', parent: 'public.customers', parentColumn: 'id' },
    { child: 'public.customer_notes', childColumn: 'customerId', parent: 'public.customers', parentColumn: 'id' },
    { child: 'public.invoice_lines', childColumn: 'invoiceId', parent: 'public.invoices', parentColumn: 'id' },
    { child: 'public.payments', childColumn: 'invoiceId', parent: 'public.invoices', parentColumn: 'id' },
    { child: 'public.refunds', childColumn: 'paymentId', parent: 'public.payments', parentColumn: 'id' },
  ],
};

describe('planCustomerRows', () => {
  const plan = planCustomerRows(catalog);
  const names = plan.map((s) => s.table);
  const source = (t: string) => plan.find((s) => s.table === t)!;

  it('takes the customer, every table with a customer column, and their children transitively', () => {
    expect([...names].sort()).toEqual([
      'public.customer_notes',
      'public.customers',
      'public.invoice_lines',
      'public.invoices',
      'public.payments',
      'public.referrals',
      'public.refunds',
    ]);
    expect(source('public.customers').customerColumns).toEqual(['id']);
    expect(source('public.referrals').customerColumns).toEqual(['referrerCustomerId', 'referredCustomerId']);
    expect(source('public.refunds').parents).toEqual([{ column: 'paymentId', parent: 'public.payments', parentColumn: 'id' }]);
  });

  it('leaves out what the customer points at, other customers, and the excluded ledgers', () => {
    expect(names).not.toContain('public.accounts');
    expect(names).not.toContain('public.outbox_events');
    expect(source('public.customers').parents).toEqual([]);
  });

  it('orders every parent before its children', () => {
    const before = (a: string, b: string) => expect(names.indexOf(a)).toBeLessThan(names.indexOf(b));
    before('public.customers', 'public.customer_notes');
    before('public.invoices', 'public.invoice_lines');
    before('public.invoices', 'public.payments');
    before('public.payments', 'public.refunds');
  });
});
