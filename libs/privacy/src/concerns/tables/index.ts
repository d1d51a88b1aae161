import type { TableRule } from '../table-rule';
import { AFTERCARE_TABLES } from './aftercare.tables';
import { INVOICES_TABLES, PAYMENTS_TABLES } from './billing.tables';
import { CUSTOMERS_TABLES, INTAKE_TABLES } from './customers.tables';
import { INTELLIGENCE_TABLES } from './intelligence.tables';
import { OUTBOX_TABLES } from './outbox.tables';
import { APPOINTMENTS_TABLES, PROJECTS_TABLES } from './projects.tables';
import { QUOTES_TABLES } from './quotes.tables';

export { NO_CUSTOMER_DATA } from './no-customer-data';

/** Every Postgres table holding a customer's data, by owning lib (uploaded files are the files concern's). */
export const POSTGRES_TABLES: TableRule[] = [
  ...CUSTOMERS_TABLES,
  ...INTAKE_TABLES,
  ...QUOTES_TABLES,
  ...APPOINTMENTS_TABLES,
  ...INVOICES_TABLES,
  ...PAYMENTS_TABLES,
  ...PROJECTS_TABLES,
  ...AFTERCARE_TABLES,
  ...INTELLIGENCE_TABLES,
  ...OUTBOX_TABLES,
];
