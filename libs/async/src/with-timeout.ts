/**
 * `work`, or a rejection with `message` once `timeoutMs` has passed, whichever comes
 * first. Probes and enqueues use it so that a dependency that hangs (a half-open
 * socket, a queue client buffering commands while Redis is away) counts as a failure
 * within a known time instead of holding a request or a relay tick forever.
 *
 * The work itself is not cancelled (a promise cannot be); the caller decides what a
 * timed-out attempt means. The timer is cleared as soon as either side settles, so a
 * fast answer leaves nothing behind to keep the process alive.
 */
export function withTimeout<T>(work: Promise<T>, timeoutMs: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), timeoutMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
