import { ERASED_CUSTOMER } from '../../privacy-subject';
import type { TableRule } from '../table-rule';

const ofCustomer = `"customerId" = ANY(:customerIds)`;

/**
 * libs/customers: the profile and what hangs off it. The customer row is anonymised,
 * not deleted: quotes, invoices and payments reference it and keep their accounting
 * facts. It identifies the subject, so it is erased last. Uploaded files and their
 * rows are the files concern's.
 */
export const CUSTOMERS_TABLES: TableRule[] = [
  {
    lib: 'customers',
    table: 'customers',
    rows: `id = ANY(:customerIds)`,
    eraseOrder: 100,
    identifiesSubject: true,
    erase: {
      set: {
        name: `'${ERASED_CUSTOMER.name}'`,
        email: ERASED_CUSTOMER.emailSql,
        phone: ERASED_CUSTOMER.phoneSql,
        phoneDigits: `''`,
        ...Object.fromEntries(
          ['secondaryPhone', 'whatsapp', 'addressLine1', 'addressLine2', 'city', 'region', 'postalCode', 'country', 'company', 'dateOfBirth', 'occupation', 'language'].map(
            (c) => [c, 'NULL'],
          ),
        ),
        deletedAt: `COALESCE("deletedAt", now())`,
      },
    },
  },
  { lib: 'customers', table: 'communication_preferences', rows: ofCustomer, erase: { delete: true } },
  { lib: 'customers', table: 'consent_events', rows: ofCustomer, erase: { delete: true } },
  { lib: 'customers', table: 'customer_notes', rows: ofCustomer, erase: { delete: true } },
  // A business account is the customer's own when no other customer belongs to it.
  { lib: 'customers', table: 'accounts', rows: `id = ANY(:accountIds)`, erase: { set: { name: `'${ERASED_CUSTOMER.accountName}'`, website: 'NULL' } } },
  // The own account's people, and the person themself wherever they are listed as a contact.
  {
    lib: 'customers',
    table: 'contacts',
    rows: `"accountId" = ANY(:accountIds) OR lower(email) = ANY(:emails) OR phone = ANY(:phones)`,
    erase: { delete: true },
  },
];

/** libs/intake: what the customer wrote in the form, and where from. */
export const INTAKE_TABLES: TableRule[] = [
  { lib: 'intake', table: 'quote_requests', rows: ofCustomer, erase: { set: { details: `'[erased]'`, timeline: 'NULL', sourceIp: 'NULL' } } },
];
