import type { TableRule } from '../table-rule';

const ofQuotes = `"quoteId" IN (SELECT id FROM quotes WHERE "customerId" = ANY(:customerIds))`;

/**
 * libs/quotes: the commercial content stays (it is what was sold), without the
 * person in it; the signature (typed name, address, browser) and the customer's own
 * words (rejection reason, revision note) go.
 */
export const QUOTES_TABLES: TableRule[] = [
  {
    lib: 'quotes',
    table: 'quotes',
    rows: `"customerId" = ANY(:customerIds)`,
    erase: {
      set: { acceptedName: 'NULL', acceptedIp: 'NULL', acceptedUserAgent: 'NULL', rejectionReason: 'NULL', revisionNote: 'NULL' },
      redact: ['title', 'executiveSummary', 'scope', 'timeline', 'terms', 'milestones', 'discount'],
    },
  },
  { lib: 'quotes', table: 'quote_lines', rows: ofQuotes, erase: { redact: ['description'] } },
  { lib: 'quotes', table: 'quote_views', rows: ofQuotes, erase: { set: { ip: 'NULL', userAgent: 'NULL' } } },
];
