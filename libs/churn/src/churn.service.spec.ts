import { LifecycleEvent as E } from '@northstar/contracts';
import { PrismaService } from '@northstar/prisma';
import { DAY, ev, insertEvents, createIntelligenceTestContext, type IntelligenceTestContext } from '@northstar/health/testing';
import { ChurnService } from './churn.service';
import { generateChurnPopulation } from '@northstar/churn/testing';

const now = new Date();

describe('churn model on a population with a known churn mechanism', () => {
  let ctx: IntelligenceTestContext;
  let churn: ChurnService;
  let prisma: PrismaService;
  const pop = generateChurnPopulation(700, now);

  beforeAll(async () => {
    ctx = await createIntelligenceTestContext({ providers: [ChurnService] });
    churn = ctx.app.get(ChurnService);
    prisma = ctx.app.get(PrismaService);
    await insertEvents(await ctx.clickhouse.writer(), pop.events);
  });
  afterAll(async () => ctx?.close());

  it('features as of a cutoff do not change when events after the cutoff are added (no leakage)', async () => {
    const cutoff = new Date(now.getTime() - 200 * DAY);
    const before = await churn.dataset(cutoff);
    const ids = before.ids.slice(0, 150);
    const future = ids.flatMap((id) => [
      ev(id, 'Page Viewed', new Date(cutoff.getTime() + 1), {}, { type: 'page' }),
      ev(id, E.PaymentFailed, new Date(cutoff.getTime() + 5 * DAY), {}),
      ev(id, E.TicketEscalated, new Date(cutoff.getTime() + 6 * DAY), {}),
      ev(id, E.FeedbackSubmitted, new Date(cutoff.getTime() + 7 * DAY), { kind: 'nps', score: 0 }),
      ev(id, E.PaymentReceived, new Date(cutoff.getTime() + 8 * DAY), { amountMinor: 9_999_999 }),
    ]);
    await insertEvents(await ctx.clickhouse.writer(), future);
    const after = await churn.dataset(cutoff);
    expect(after.rows).toBe(before.rows);
    for (const [name, col] of Object.entries(before.columns)) expect({ name, col: after.columns[name] }).toEqual({ name, col });
    // …while the labels (which look after the cutoff) did see them: every one is now active.
    const idx = ids.map((id) => after.ids.indexOf(id));
    expect(idx.every((i) => after.y[i] === 0)).toBe(true);
    // Clean up so the training below sees the generated world only.
    await (await ctx.clickhouse.writer()).command({ query: `DELETE FROM events WHERE event_id IN ({ids:Array(UUID)})`, query_params: { ids: future.map((f) => f.event_id) } });
  });

  it('trains on the past, tests on a later window: holdout AUC ≥ 0.80, lift and calibration stored', async () => {
    const model = await churn.train({ now });
    expect(model.auc).toBeGreaterThanOrEqual(0.8);
    expect(model.topDecileLift).toBeGreaterThan(1.3);
    const cutoffs = model.cutoffs as { train: string[]; calibration: string; test: string };
    // every training label window ends no later than the test cutoff
    for (const t of cutoffs.train) expect(new Date(t).getTime() + 90 * DAY).toBeLessThanOrEqual(new Date(cutoffs.test).getTime());
    const calibration = model.calibration as { predicted: number; observed: number; n: number }[];
    expect(calibration).toHaveLength(10);
    const metrics = model.metrics as { expectedCalibrationError: number; bgnbd: { aucIndividuals: number } | null };
    expect(metrics.expectedCalibrationError).toBeLessThan(0.12);
    expect(metrics.bgnbd).not.toBeNull();
    expect(model.active).toBe(true);
  });

  it('scores every customer with drivers in plain words; a churner in decline outranks a steady customer', async () => {
    const s = await churn.score({ now });
    expect(s.scored).toBe(700);
    const declining = pop.customers.filter((c) => c.churnAt > now.getTime() - 20 * DAY && c.churnAt < now.getTime() + 10 * DAY && c.start < now.getTime() - 300 * DAY);
    const steady = pop.customers.filter((c) => c.churnAt === Infinity && c.start < now.getTime() - 300 * DAY);
    const scores = await prisma.churnScore.findMany({ where: { customerId: { in: [...declining, ...steady].map((c) => c.id) } } });
    const by = new Map(scores.map((x) => [x.customerId, x]));
    const avg = (cs: typeof declining) => cs.reduce((s, c) => s + by.get(c.id)!.probability, 0) / cs.length;
    expect(declining.length).toBeGreaterThan(5);
    expect(avg(declining)).toBeGreaterThan(avg(steady) + 0.2);
    const texts = declining.flatMap((c) => (by.get(c.id)!.drivers as { text: string }[]).map((d) => d.text));
    expect(texts.some((t) => /^No interaction for \d+ days$|interactions? in the last 90 days|Activity down \d+%/.test(t))).toBe(true);
    const individual = scores.find((x) => x.pAlive !== null);
    expect(individual!.pAlive).toBeGreaterThanOrEqual(0);
  });
});
