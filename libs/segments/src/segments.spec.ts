import { LifecycleEvent as E } from '@northstar/contracts';
import { PrismaService } from '@northstar/prisma';
import { DAY, ev, insertEvents, rng, createIntelligenceTestContext, type GeneratedEvent, type IntelligenceTestContext } from '@northstar/health/testing';
import { CustomSegmentSchema, evaluateRule, SegmentRuleSchema } from './custom-rule';
import { SegmentService } from './segment.service';
import { rfmSegment, salesStage, DEFAULT_SEGMENT_CONFIG } from './segment-rules';

const now = new Date();
const ago = (d: number) => new Date(now.getTime() - d * DAY);

function buy(id: string, daysAgo: number, amountMinor: number, extra: { accountId?: string } = {}): GeneratedEvent {
  return ev(id, E.PaymentReceived, ago(daysAgo), { amountMinor, invoiceId: `${id}-${daysAgo}` }, extra);
}

function population(): GeneratedEvent[] {
  const r = rng(11);
  const rows: GeneratedEvent[] = [];
  for (let i = 0; i < 60; i++) {
    const id = `filler-${i}`;
    const first = 100 + Math.floor(r() * 500);
    rows.push(ev(id, E.CustomerRegistered, ago(first + 5), { customerType: 'individual' }));
    const n = 1 + Math.floor(r() * 5);
    for (let k = 0; k < n; k++) rows.push(buy(id, Math.max(30, Math.floor(first - r() * first)), 5_000 + Math.floor(r() * 40_000)));
  }
  // champion: bought 12 times this year, last 3 days ago, big amounts
  rows.push(ev('champion', E.CustomerRegistered, ago(500), { customerType: 'individual' }));
  for (let k = 0; k < 12; k++) rows.push(buy('champion', 3 + k * 28, 200_000));
  // hibernating: one small purchase 300 days ago
  rows.push(ev('sleepy', E.CustomerRegistered, ago(400), { customerType: 'individual' }));
  rows.push(buy('sleepy', 300, 2_000));
  // prospect with a quote: opportunity
  rows.push(ev('lead', E.CustomerRegistered, ago(20), { customerType: 'business' }));
  rows.push(ev('lead', E.QuoteSent, ago(10), { quoteId: 'q1', amountMinor: 100_000 }));
  // VIP: business, long relationship, referral, frequent and big
  rows.push(ev('vip', E.CustomerRegistered, ago(800), { customerType: 'business' }, { accountId: 'bigco' }));
  for (let k = 0; k < 10; k++) rows.push(buy('vip', 5 + k * 30, 300_000, { accountId: 'bigco' }));
  rows.push(buy('vip', 790, 100_000, { accountId: 'bigco' }));
  rows.push(ev('vip', E.ReferralMade, ago(100), { referredCustomerId: 'x', code: 'R1' }));
  // brand new customer
  rows.push(ev('fresh', E.CustomerRegistered, ago(25), { customerType: 'individual' }));
  rows.push(buy('fresh', 20, 10_000));
  return rows;
}

describe('segment rules (pure)', () => {
  it('names the R×F grid', () => {
    expect(rfmSegment(5, 5)).toBe('Champions');
    expect(rfmSegment(1, 1)).toBe('Hibernating');
    expect(rfmSegment(2, 5)).toBe("Can't Lose Them");
    expect(rfmSegment(1, 3)).toBe('At Risk');
    expect(rfmSegment(0, 0)).toBe('No Purchases');
  });
  it('puts business customers in renewal in the 90 days before their anniversary', () => {
    const base = { customer_type: 'business', purchases_total: 3, quotes_sent: 0 } as never;
    expect(salesStage({ ...(base as object), first_purchase_days: 300 } as never, DEFAULT_SEGMENT_CONFIG)).toBe('renewal');
    expect(salesStage({ ...(base as object), first_purchase_days: 200 } as never, DEFAULT_SEGMENT_CONFIG)).toBe('established');
    expect(salesStage({ ...(base as object), first_purchase_days: 400 } as never, DEFAULT_SEGMENT_CONFIG)).toBe('mature');
  });
  it('validates and evaluates custom rules', () => {
    const rule = SegmentRuleSchema.parse({ all: [{ field: 'valueTier', op: 'eq', value: 'high' }, { not: { field: 'churnProbability', op: 'lt', value: 0.3 } }] });
    expect(evaluateRule(rule, { valueTier: 'high', churnProbability: 0.5 })).toBe(true);
    expect(evaluateRule(rule, { valueTier: 'high', churnProbability: 0.1 })).toBe(false);
    expect(CustomSegmentSchema.safeParse({ key: 'x', name: 'x', rule: { field: 'password', op: 'eq', value: 1 } }).success).toBe(false);
    expect(CustomSegmentSchema.safeParse({ key: 'x', name: 'x', rule: { field: 'frequency', op: 'gt', value: 'DROP TABLE' } }).success).toBe(false);
  });
});

describe('SegmentService on a generated population', () => {
  let ctx: IntelligenceTestContext;
  let segments: SegmentService;
  let prisma: PrismaService;

  beforeAll(async () => {
    ctx = await createIntelligenceTestContext({ providers: [SegmentService] });
    segments = ctx.app.get(SegmentService);
    prisma = ctx.app.get(PrismaService);
    await insertEvents(await ctx.clickhouse.writer(), population());
    await prisma.customSegment.create({
      data: { key: 'big-spenders', name: 'Big spenders', rule: { all: [{ field: 'valueTier', op: 'eq', value: 'high' }, { field: 'frequency', op: 'gte', value: 10 }] } },
    });
    await segments.recompute(now);
  });
  afterAll(async () => ctx?.close());

  const keys = async (id: string) => (await segments.forCustomer(id)).memberships.filter((m) => !m.leftAt).map((m) => m.segmentKey).sort();

  it('assigns RFM, value, frequency, lifecycle and sales segments', async () => {
    expect(await keys('champion')).toEqual(['custom:big-spenders', 'frequency:regular', 'lifecycle:loyal', 'rfm:Champions', 'sales:established', 'value:high']);
    expect(await keys('sleepy')).toEqual(['frequency:new', 'lifecycle:inactive', 'rfm:Hibernating', 'sales:established', 'value:low']);
    expect(await keys('lead')).toEqual(['frequency:new', 'lifecycle:prospect', 'rfm:No Purchases', 'sales:opportunity', 'value:low']);
    expect(await keys('fresh')).toContain('lifecycle:new');
    expect(await keys('fresh')).toContain('sales:new-customer');
    const vip = await segments.forCustomer('vip');
    expect(vip.profile!.frequencyTier).toBe('vip');
    expect((vip.profile!.features as { vipCriteria: string[] }).vipCriteria).toEqual(
      expect.arrayContaining(['high frequency', 'high value', 'long relationship', 'referrals', 'business customer']),
    );
  });

  it('keeps membership history and sizes over time when customers move', async () => {
    const sizeBefore = (await segments.sizes()).find((s) => s.segmentKey === 'rfm:Hibernating')!.size;
    // the sleeper wakes up: three purchases this month
    await insertEvents(await ctx.clickhouse.writer(), [buy('sleepy', 2, 50_000), buy('sleepy', 8, 50_000), buy('sleepy', 15, 50_000)]);
    const later = new Date(now.getTime() + 60_000);
    const run = await segments.recompute(later);
    expect(run.left).toBeGreaterThan(0);
    const history = (await segments.forCustomer('sleepy')).memberships;
    const hib = history.find((m) => m.segmentKey === 'rfm:Hibernating')!;
    expect(hib.leftAt?.getTime()).toBe(later.getTime());
    expect(history.find((m) => m.segmentKey === 'lifecycle:inactive')!.leftAt).not.toBeNull();
    expect(await keys('sleepy')).not.toContain('rfm:Hibernating');
    const overTime = await segments.sizesOverTime('rfm:Hibernating');
    expect(overTime).toHaveLength(2);
    expect(overTime[1].size).toBe(sizeBefore);
    expect(overTime[0].size).toBeLessThanOrEqual(sizeBefore - 1 + run.entered);
    // an unchanged run opens and closes nothing
    const again = await segments.recompute(new Date(later.getTime() + 1000));
    expect(again.entered).toBe(0);
    expect(again.left).toBe(0);
  });
});
