import { Prisma } from '@northstar/prisma';

export const RECORD_KINDS = ['quote_request', 'quote', 'appointment', 'invoice', 'payment', 'project', 'ticket', 'feedback'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** One record of a customer's service history, with the dates the stage rules read from it. */
export interface CustomerRecordRow {
  customer_id: string;
  kind: RecordKind;
  id: string;
  reference: string | null;
  title: string | null;
  status: string;
  /** When it happened in the customer's story (shown in the history, newest first). */
  at: Date;
  amount_minor: number | null;
  currency: string | null;
  /** When the customer was active through it (booking an appointment counts when booked, not when held). */
  activity_at: Date;
  purchase_at: Date | null;
  service_at: Date | null;
  quote_sent_at: Date | null;
}

/**
 * Every record of the given customers in one statement — quote requests, quotes
 * (every revision), appointments, invoices (not drafts: those are not yet the
 * customer's), payments, projects, tickets, feedback. A purchase is an accepted quote,
 * or a paid invoice no quote stands behind (so a deposit and a final invoice of one
 * quote are one purchase). A service is a held appointment, a project's work (completed,
 * else started) or a resolved ticket.
 */
export function customerRecordsSql(customerIds: readonly string[]): Prisma.Sql {
  const ids = [...customerIds];
  return Prisma.sql`
    SELECT "customerId" AS customer_id, 'quote_request' AS kind, id, number AS reference, category AS title, status::text AS status,
           "receivedAt" AS at, NULL::int AS amount_minor, NULL::text AS currency,
           "receivedAt" AS activity_at, NULL::timestamptz AS purchase_at, NULL::timestamptz AS service_at, NULL::timestamptz AS quote_sent_at
      FROM quote_requests WHERE "customerId" = ANY(${ids})
    UNION ALL
    SELECT "customerId", 'quote', id, number || ' v' || version, title, status::text,
           "createdAt", "totalMinor", currency,
           "createdAt", CASE WHEN status = 'accepted' THEN coalesce("decidedAt", "createdAt") END, NULL, "sentAt"
      FROM quotes WHERE "customerId" = ANY(${ids})
    UNION ALL
    SELECT "customerId", 'appointment', id, NULL, type, status::text,
           "startsAt", NULL, NULL,
           "createdAt", NULL, CASE WHEN status = 'held' THEN "startsAt" END, NULL
      FROM appointments WHERE "customerId" = ANY(${ids})
    UNION ALL
    SELECT "customerId", 'invoice', id, number, kind::text, status::text,
           coalesce("issuedAt", "createdAt"), "totalMinor", currency,
           coalesce("issuedAt", "createdAt"), CASE WHEN "quoteId" IS NULL AND status = 'paid' THEN "paidAt" END, NULL, NULL
      FROM invoices WHERE "customerId" = ANY(${ids}) AND status <> 'draft'
    UNION ALL
    SELECT "customerId", 'payment', id, NULL, NULL, status::text,
           coalesce("succeededAt", "createdAt"), "amountMinor", currency,
           coalesce("succeededAt", "createdAt"), NULL, NULL, NULL
      FROM payments WHERE "customerId" = ANY(${ids})
    UNION ALL
    SELECT "customerId", 'project', id, NULL, name, status::text,
           coalesce("activatedAt", "createdAt"), "quotedMinor", currency,
           coalesce("activatedAt", "createdAt"), NULL, coalesce("completedAt", "activatedAt"), NULL
      FROM projects WHERE "customerId" = ANY(${ids})
    UNION ALL
    SELECT "customerId", 'ticket', id, number, subject, status::text,
           "createdAt", NULL, NULL,
           "createdAt", NULL, "resolvedAt", NULL
      FROM support_tickets WHERE "customerId" = ANY(${ids})
    UNION ALL
    SELECT "customerId", 'feedback', id, NULL, kind || ' ' || score, 'submitted',
           "createdAt", NULL, NULL,
           "createdAt", NULL, NULL, NULL
      FROM feedback_responses WHERE "customerId" = ANY(${ids})
    ORDER BY at DESC, kind, id`;
}
