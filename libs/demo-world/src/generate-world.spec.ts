import { BASE_CHURN_P, MECHANISM_CHURN_P, SEASONALITY, generateWorld, worldHash } from './generate-world';
import { historySteps } from './replay/history-plan';
import { customerWebEvents, worldWebEvents } from './world-events';

const END = new Date('2025-06-01T00:00:00Z');

describe('demo world generator', () => {
  const world = generateWorld({ seed: 42, customers: 1500, end: END });

  it('is a pure function of its seed', () => {
    const again = generateWorld({ seed: 42, customers: 1500, end: END });
    expect(worldHash(again)).toBe(worldHash(world));
    expect(worldHash(generateWorld({ seed: 43, customers: 1500, end: END }))).not.toBe(worldHash(world));
    // Web events are derived deterministically too (message ids included).
    const small = generateWorld({ seed: 7, customers: 50, end: END });
    const ids = worldWebEvents(small).map((e) => e.messageId);
    expect(worldWebEvents(generateWorld({ seed: 7, customers: 50, end: END })).map((e) => e.messageId)).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('churns through the documented mechanism: late payment + detractor NPS', () => {
    const exposed = world.customers.filter((c) => c.risk.mechanismAt);
    const others = world.customers.filter((c) => !c.risk.mechanismAt);
    expect(exposed.length).toBeGreaterThan(60);
    const rate = (cs: typeof exposed) => cs.filter((c) => c.churned).length / cs.length;
    // Exposed customers churn at about MECHANISM_CHURN_P (a few churn dates fall after the span end).
    expect(rate(exposed)).toBeGreaterThan(MECHANISM_CHURN_P - 0.12);
    expect(rate(others)).toBeLessThan(rate(exposed) / 2);
    expect(rate(others)).toBeGreaterThan(BASE_CHURN_P / 2);
    // Churned customers do no business after churning.
    for (const c of world.customers.filter((x) => x.churnedAt)) {
      const last = c.jobs[c.jobs.length - 1];
      expect(last.requestedAt.getTime()).toBeLessThan(c.churnedAt!.getTime());
    }
  });

  it('shows the season in sign-ups: busy spring, quiet December–January', () => {
    const byMonth = new Array(12).fill(0);
    for (const c of world.customers) byMonth[c.signupAt.getUTCMonth()]++;
    const spring = byMonth[3] + byMonth[4] + byMonth[5];
    const winter = byMonth[11] + byMonth[0] + byMonth[1];
    const expected = (SEASONALITY[3] + SEASONALITY[4] + SEASONALITY[5]) / (SEASONALITY[11] + SEASONALITY[0] + SEASONALITY[1]);
    expect(spring / winter).toBeGreaterThan(expected * 0.7);
    expect(spring / winter).toBeLessThan(expected * 1.4);
  });

  it('covers the lifecycle: revisions, rejections, expiries, no-shows, late payments, change orders, repeat business, referrals', () => {
    const counts = new Map<string, number>();
    for (const c of world.customers) for (const s of historySteps(c, END)) counts.set(s.kind, (counts.get(s.kind) ?? 0) + 1);
    for (const kind of ['revise', 'reject', 'expire', 'reschedule', 'cancel-appointment', 'change-order', 'referral', 'ticket-escalate', 'feedback'])
      if ((counts.get(kind) ?? 0) < 5) throw new Error(`too few ${kind}: ${counts.get(kind) ?? 0}`);
    expect(counts.get('accept')! / counts.get('request')!).toBeGreaterThan(0.3);
    expect(counts.get('accept')! / counts.get('request')!).toBeLessThan(0.7);
    const jobs = world.customers.flatMap((c) => c.jobs);
    const invoices = jobs.flatMap((j) => [j.deposit, j.final]).filter((i) => i !== undefined);
    expect(invoices.filter((i) => i.late).length).toBeGreaterThan(20);
    expect(invoices.filter((i) => i.failedAt.length).length).toBeGreaterThan(5);
    expect(jobs.filter((j) => j.appointment?.outcome === 'no_show').length).toBeGreaterThan(5);
    expect(jobs.filter((j) => j.seq > 0 && j.quote.outcome === 'accepted').length).toBeGreaterThan(20);
  });

  it('tracks visitors anonymously, then identifies them at sign-up', () => {
    const c = world.customers[3];
    const web = customerWebEvents(c, world);
    const identify = web.find((e) => e.type === 'identify')!;
    expect(identify.at.getTime()).toBe(c.signupAt.getTime());
    const before = web.filter((e) => e.at < c.signupAt);
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((e) => e.customerKey === null && e.anonymousId === c.anonymousId)).toBe(true);
    expect(web.filter((e) => e.at > c.signupAt).every((e) => e.customerKey === c.key)).toBe(true);
  });
});
