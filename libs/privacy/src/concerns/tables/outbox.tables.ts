import type { TableRule } from '../table-rule';

/**
 * libs/outbox: the customer's lifecycle events, delivered or not. Deleted before the
 * queues are scrubbed, so the relay cannot queue them again meanwhile; ClickHouse
 * holds the delivered ones until its own concern erases them.
 */
export const OUTBOX_TABLES: TableRule[] = [
  { lib: 'outbox', table: 'outbox_events', rows: `"customerId" = ANY(:customerIds) OR "accountId" = ANY(:accountIds)`, eraseOrder: 5, erase: { delete: true } },
];
