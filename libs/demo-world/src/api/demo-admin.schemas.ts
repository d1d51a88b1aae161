import { z } from 'zod';

const key = z.string().min(1).max(60).regex(/^[A-Za-z0-9_-]+$/, 'expected a demo key such as demo-20240611-000042');

/** Which world (it is regenerated from these options: same options, same world) and which of its customers to replay. */
export const ReplayHistorySchema = z.object({
  seed: z.number().int().min(0).max(2 ** 32 - 1),
  customers: z.number().int().min(1).max(200_000),
  /** Exclusive end of the span; history is the past, so not after now. */
  end: z.iso
    .datetime({ offset: true })
    .transform((v) => new Date(v))
    .refine((d) => d.getTime() <= Date.now(), 'the replayed span must end in the past'),
  spanDays: z.number().int().min(1).max(3650).default(730),
  currency: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 currency code').default('CAD'),
  keys: z.array(key).min(1).max(500),
  /** Jobs another path creates (the live intake requests): their steps are not replayed. */
  skipJobs: z.array(key).max(5000).default([]),
  concurrency: z.number().int().min(1).max(16).default(4),
});
export type ReplayHistoryInput = z.output<typeof ReplayHistorySchema>;

export const ExistingMessagesSchema = z.object({ messageIds: z.array(z.string().min(1).max(200)).min(1).max(5000) });
