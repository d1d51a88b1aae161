import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * When an event happened, for trusted back-dated writes (an admin importer's
 * X-Occurred-At, libs/demo-world OccurredAtInterceptor; the demo world's history
 * replay). It wins over an event's own occurredAt, and services stamp their rows with
 * `lifecycleNow()`, so the rows and the event stream tell the same time.
 */
export const occurredAtOverride = new AsyncLocalStorage<Date>();

const replaying = new AsyncLocalStorage<true>();

/** "Now" for a lifecycle write: the trusted back-dated time when one is set, else the clock. */
export function lifecycleNow(): Date {
  return occurredAtOverride.getStore() ?? new Date();
}

/**
 * Runs `work` as a step of replayed history at `at`. A replay is its own clock: it
 * performs every later step itself, so work that belongs to the present — mail,
 * calendar invitations, reminder and follow-up jobs — is not done for it (a customer
 * is not mailed today about an invoice issued two years ago, and a reminder job must
 * not overtake the replay's own next step). Trusted callers only (admin importers).
 */
export function replayAt<T>(at: Date, work: () => T): T {
  return occurredAtOverride.run(at, () => replaying.run(true, work));
}

/** True inside `replayAt`: skip present-day side effects. */
export function isReplayingHistory(): boolean {
  return replaying.getStore() === true;
}
