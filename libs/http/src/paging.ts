import { z } from 'zod';

/** `?limit&offset` of a list endpoint: 50 rows a page unless asked, never more than 500; offsets up to a million rows. */
export const PagingQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50), offset: z.coerce.number().int().min(0).max(1_000_000).default(0) });
export type Paging = z.infer<typeof PagingQuery>;
