import { Injectable, Logger, Module } from '@nestjs/common';
import type { EventRow } from '@northstar/contracts';

/** Told which rows have just reached the `events` table. */
export type EventsStoredHook = (rows: readonly EventRow[]) => Promise<void> | void;

/**
 * The writer knows tables, not features: once rows are in `events` it publishes
 * them here, and the libs that react (health recomputes, the analytics cache) subscribe
 * from their own modules, so the writer imports none of them (the way BillingHooks
 * lets billing ignore projects and after-care). What subscribers do is best effort
 * with a scheduled catch-up, so a failing subscriber is logged and never fails the
 * write: the rows are stored either way.
 */
@Injectable()
export class EventsStoredHooks {
  private readonly logger = new Logger('EventsStoredHooks');
  private readonly stored = new Map<string, EventsStoredHook>();

  onEventsStored(name: string, hook: EventsStoredHook): void {
    this.stored.set(name, hook);
  }

  async eventsStored(rows: readonly EventRow[]): Promise<void> {
    await Promise.all(
      [...this.stored].map(async ([name, hook]) => {
        try {
          await hook(rows);
        } catch (e) {
          this.logger.warn(`events-stored subscriber '${name}' failed: ${(e as Error).message}`);
        }
      }),
    );
  }
}

/** One EventsStoredHooks per process, imported by the writer and by every subscriber. */
@Module({ providers: [EventsStoredHooks], exports: [EventsStoredHooks] })
export class EventsStoredHooksModule {}
