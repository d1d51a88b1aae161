import { DEFAULT_DEPOSIT_POLICY, classifyDeposit, depositFor, shareOfMinor } from './deposit-rules';
import { splitGross, taxOnNet, taxRateFor } from './tax';
import { balanceOf, canTransition, collectionsPlan, deriveStatus, lateFeeFor } from './invoice-state';

describe('deposit rules', () => {
  it('personal services: 25 %', () => {
    expect(depositFor({ customerType: 'individual', emergency: false, quoteTotalMinor: 100_001 })).toMatchObject({ category: 'personal', bps: 2500, amountMinor: 25_000, dueInHours: 168 });
  });
  it('small business development: 50 %', () => {
    expect(depositFor({ customerType: 'business', emergency: false, quoteTotalMinor: 1_000_001 })).toMatchObject({ category: 'small_business', bps: 5000, amountMinor: 500_001 });
  });
  it('enterprise: 50 % by default, 37.5 % for a large project or a good history, 25 % for both', () => {
    const good = { paidOnTime: 4, paidLate: 0, overdueNow: 0 };
    expect(depositFor({ customerType: 'business', emergency: false, quoteTotalMinor: 3_000_000 })).toMatchObject({ category: 'enterprise', bps: 5000 });
    expect(depositFor({ customerType: 'business', emergency: false, quoteTotalMinor: 3_000_000, history: good }).bps).toBe(3750);
    expect(depositFor({ customerType: 'business', emergency: false, quoteTotalMinor: 20_000_000 }).bps).toBe(3750);
    expect(depositFor({ customerType: 'business', emergency: false, quoteTotalMinor: 20_000_000, history: good }).bps).toBe(2500);
    expect(depositFor({ customerType: 'business', emergency: false, quoteTotalMinor: 20_000_000, history: { ...good, overdueNow: 1 } }).bps).toBe(5000);
    expect(classifyDeposit({ customerType: 'business', emergency: false, quoteTotalMinor: 10, enterprise: true })).toBe('enterprise');
  });
  it('emergency: 100 % due within 48 hours, whatever the customer', () => {
    expect(depositFor({ customerType: 'business', emergency: true, quoteTotalMinor: 12_345 })).toMatchObject({ category: 'emergency', amountMinor: 12_345, dueInHours: 48 });
  });
  it('is configurable', () => {
    expect(depositFor({ customerType: 'individual', emergency: false, quoteTotalMinor: 1000 }, { ...DEFAULT_DEPOSIT_POLICY, personalBps: 3000 }).amountMinor).toBe(300);
  });
  it('rounds a half up to the cent and refuses non-integers', () => {
    expect(shareOfMinor(2, 2500)).toBe(1); // 0.5 → 1
    expect(() => shareOfMinor(1.5, 2500)).toThrow(RangeError);
  });
});

describe('tax', () => {
  it('picks region, then country, then default', () => {
    expect(taxRateFor({ country: 'ca', region: 'qc' }).ppm).toBe(149_750);
    expect(taxRateFor({ country: 'CA', region: 'YT' }).ppm).toBe(50_000);
    expect(taxRateFor({ country: 'FR' }).ppm).toBe(0);
  });
  it('splits a gross amount into net + tax that add back exactly', () => {
    for (let gross = 0; gross < 5000; gross += 7) {
      const { netMinor, taxMinor } = splitGross(gross, 149_750);
      expect(netMinor + taxMinor).toBe(gross);
      expect(Math.abs(taxOnNet(netMinor, 149_750) - taxMinor)).toBeLessThanOrEqual(1);
    }
  });
});

describe('invoice states', () => {
  const base = { totalMinor: 10_000, lateFeeMinor: 0, creditedMinor: 0, dueAt: new Date('2026-01-10T00:00:00Z') };
  const now = new Date('2026-01-05T00:00:00Z');
  it('derives status from money and time', () => {
    expect(deriveStatus({ ...base, status: 'issued', paidMinor: 0 }, now)).toBe('issued');
    expect(deriveStatus({ ...base, status: 'issued', paidMinor: 4000 }, now)).toBe('partially_paid');
    expect(deriveStatus({ ...base, status: 'partially_paid', paidMinor: 10_000 }, now)).toBe('paid');
    expect(deriveStatus({ ...base, status: 'issued', paidMinor: 4000 }, new Date('2026-01-11T00:00:00Z'))).toBe('overdue');
    expect(deriveStatus({ ...base, status: 'draft', paidMinor: 10_000 }, now)).toBe('draft');
    expect(balanceOf({ ...base, paidMinor: 12_000 })).toBe(-2000);
  });
  it('never leaves void and never goes back to draft', () => {
    expect(canTransition('void', 'issued')).toBe(false);
    expect(canTransition('issued', 'draft')).toBe(false);
    expect(canTransition('draft', 'issued')).toBe(true);
  });
  it('late fees per started month', () => {
    expect(lateFeeFor(10_000, 150, 1)).toBe(150);
    expect(lateFeeFor(10_000, 150, 31)).toBe(300);
    expect(lateFeeFor(10_000, 150, 0)).toBe(0);
  });
  it('plans reminders before and after the due date, escalating to suspension', () => {
    const plan = collectionsPlan(new Date('2026-01-10T00:00:00Z'), new Date('2026-01-01T00:00:00Z'));
    expect(plan.map((p) => p.step)).toEqual(['before_3d', 'due', 'after_7d', 'after_14d', 'after_30d']);
    expect(plan.at(-1)).toMatchObject({ suspend: true, escalationLevel: 3 });
    // Issued the day before it is due: no "3 days before" reminder in the past.
    expect(collectionsPlan(new Date('2026-01-10T00:00:00Z'), new Date('2026-01-09T00:00:00Z')).map((p) => p.step)[0]).toBe('due');
  });
});
