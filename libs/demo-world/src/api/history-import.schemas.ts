import { z } from 'zod';
import { LifecycleEvent } from '@northstar/contracts';

const NAMES = Object.values(LifecycleEvent) as [string, ...string[]];
export const MAX_IMPORT_EVENTS = 5000;

export const ImportLifecycleEventsSchema = z.object({
  events: z
    .array(
      z.object({
        /** Producer-minted and stable: importing the same event twice keeps one row. */
        eventId: z.uuid(),
        name: z.enum(NAMES),
        customerId: z.string().min(1).max(40),
        accountId: z.string().max(40).optional(),
        occurredAt: z.iso.datetime({ offset: true }),
        aggregateType: z.string().min(1).max(40),
        aggregateId: z.string().min(1).max(64),
        properties: z.record(z.string(), z.unknown()).default({}),
      }),
    )
    .min(1)
    .max(MAX_IMPORT_EVENTS),
});
export type ImportLifecycleEventsInput = z.output<typeof ImportLifecycleEventsSchema>;

export const ExistingMessagesSchema = z.object({ messageIds: z.array(z.string().min(1).max(200)).min(1).max(MAX_IMPORT_EVENTS) });
