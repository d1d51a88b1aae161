/** Minimum time a person needs to fill the form; faster is a script. */
export const MIN_FILL_MS = 3000;
export const MAX_LINKS = 3;

/** Obvious spam only: a reason string, or null when the submission looks human. */
export function spamReason(input: { website?: string; formStartedAt?: number; details: string; name: string }, now: number): string | null {
  if (input.website && input.website.trim()) return 'honeypot';
  if (input.formStartedAt !== undefined && now - input.formStartedAt < MIN_FILL_MS) return 'too_fast';
  const links = (input.details.match(/https?:\/\/|www\./gi) ?? []).length;
  if (links > MAX_LINKS) return 'too_many_links';
  if (/https?:\/\/|www\./i.test(input.name)) return 'link_in_name';
  return null;
}
