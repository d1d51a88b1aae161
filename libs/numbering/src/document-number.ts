/** The raw-query surface of a Prisma client or interactive-transaction client. */
export interface RawQueryClient {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}

/** Document scopes that share the yearly counter table; year 0 = never restarts. */
export type DocumentScope = 'QR' | 'INV' | 'CN' | 'TKT' | 'CUS' | (string & {});

/**
 * Takes the next number of a (scope, year) counter. MUST run inside the same
 * transaction as the insert that uses the number:
 * - the upsert's row lock is held until commit, so concurrent callers queue on it
 *   and each sees the previous caller's committed value (no duplicates);
 * - if the inserting transaction rolls back, the increment rolls back with it
 *   (no gaps) — a sequence would burn the number.
 * The price is that document inserts of one scope serialize on one row for the
 * length of their transactions: keep those transactions short.
 */
export async function nextDocumentSequence(tx: RawQueryClient, scope: DocumentScope, year: number): Promise<number> {
  const rows = await tx.$queryRawUnsafe<{ value: number }[]>(
    `INSERT INTO document_counters (scope, year, next) VALUES ($1, $2, 2)
     ON CONFLICT (scope, year) DO UPDATE SET next = document_counters.next + 1
     RETURNING next - 1 AS value`,
    scope,
    year,
  );
  return Number(rows[0].value);
}

/** `QR-2025-0042`: at least four digits, growing past 9999 rather than wrapping. */
export function formatDocumentNumber(scope: DocumentScope, year: number, seq: number, width = 4): string {
  return `${scope}-${year}-${String(seq).padStart(width, '0')}`;
}

/** Parses `QR-2025-0042` → { scope, year, seq } (null when malformed). */
export function parseDocumentNumber(value: string): { scope: string; year: number; seq: number } | null {
  const m = /^([A-Z]{2,5})-(\d{4})-(\d{4,})$/.exec(value);
  return m ? { scope: m[1], year: Number(m[2]), seq: Number(m[3]) } : null;
}

/**
 * Next formatted yearly number, e.g. nextDocumentNumber(tx, 'QR', 2025) → 'QR-2025-0001'.
 * The year comes from the caller (its injected clock, in the business time zone), so
 * tests can cross a new year without waiting for one.
 */
export async function nextDocumentNumber(tx: RawQueryClient, scope: DocumentScope, year: number): Promise<string> {
  return formatDocumentNumber(scope, year, await nextDocumentSequence(tx, scope, year));
}
