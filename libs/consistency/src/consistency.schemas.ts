import { z } from 'zod';

export const ConsistencyQuerySchema = z.object({
  /** Wait up to this long for undelivered outbox rows before comparing (a load that just finished). */
  waitMs: z.coerce.number().int().min(0).max(300_000).default(0),
});
export type ConsistencyQuery = z.output<typeof ConsistencyQuerySchema>;
