import { Rng, deriveSeed, stableUuid } from './prng';
import type { CustomerPlan, WebEventPlan, World } from './world.types';

const DAY = 86_400_000;
const MIN = 60_000;

/**
 * Website tracking (Segment page/track): anonymous visits before sign-up, an
 * identify at sign-up that ties the anonymousId to the customer, then signed-in
 * visits whose frequency follows engagement — it falls away over the weeks before a
 * churned customer leaves, which is the "falling engagement" half of the mechanism.
 */
export function customerWebEvents(c: CustomerPlan, world: World, perMonth = 2.2): WebEventPlan[] {
  const rng = new Rng(deriveSeed(world.options.seed ^ 0x5eed, c.index));
  const end = world.options.end.getTime();
  const out: WebEventPlan[] = [];
  let n = 0;
  const ev = (type: WebEventPlan['type'], name: string, at: number, known: boolean, properties: Record<string, unknown>) => {
    if (at >= end) return;
    out.push({ messageId: stableUuid(`${c.key}:web:${n++}`), type, anonymousId: c.anonymousId, customerKey: known ? c.key : null, name, at: new Date(at), properties });
  };
  const category = c.jobs[0]?.category ?? 'it_support';
  const signup = c.signupAt.getTime();
  // Anonymous research before the first contact.
  const visits = rng.int(1, 4);
  for (let v = 0; v < visits; v++) {
    const t = signup - rng.int(1, 20) * DAY - rng.int(0, 600) * MIN;
    ev('page', 'Home', t, false, { path: '/', referrer: rng.pick(['https://www.google.com/', 'https://www.facebook.com/', '', 'https://www.bing.com/']) });
    ev('page', 'Service', t + 40_000, false, { path: `/services/${category}` });
    if (rng.chance(0.5)) ev('page', 'Pricing', t + 95_000, false, { path: '/pricing' });
  }
  if (c.leadSource === 'web_form' || c.leadSource === 'chat') ev('track', 'Quote Form Started', signup - 5 * MIN, false, { category });
  ev('identify', 'identify', signup, true, { email: c.email, name: c.name });
  // Signed-in engagement: steady, then decaying over the 90 days before churn.
  const stop = c.churnedAt ? c.churnedAt.getTime() : end;
  let t = signup + rng.exp(30 / perMonth) * DAY;
  while (t < stop && t < end) {
    ev('page', 'Portal', t, true, { path: '/portal' });
    if (rng.chance(0.4)) ev('track', rng.pick(['Invoice Viewed', 'Project Status Viewed', 'Document Downloaded', 'Message Sent']), t + 60_000, true, {});
    let gap = rng.exp(30 / perMonth) * DAY;
    if (c.churnedAt) {
      const left = (c.churnedAt.getTime() - t) / DAY;
      if (left < 90) gap *= 1 + (90 - left) / 15;
    }
    t += gap;
  }
  return out;
}

export function worldWebEvents(world: World, perMonth?: number): WebEventPlan[] {
  return world.customers.flatMap((c) => customerWebEvents(c, world, perMonth));
}
