import { DEFAULT_DEPOSIT_POLICY, classifyDeposit, depositFor } from './deposit-rules';
import { balanceOf, canTransition, collectionsPlan, deriveStatus, lateFeeFor } from './invoice-state';

describe('deposit rules', () => {
  it('personal services: 25 %', () => {
    // 100 001 × 25 % = 25 000.25 → 25 000; due in 7 days = 168 h
    expect(depositFor({ customerType: 'individual', emergency: false, quoteTotalMinor: 100_001 })).toMatchObject({ category: 'personal', bps: 2500, amountMinor: 25_000, dueInHours: 168 });
  });
  it('small business development: 50 %', () => {
    // 1 000 002 × 50 % = 500 001 exactly
    expect(depositFor({ customerType: 'business', emergency: false, quoteTotalMinor: 1_000_002 })).toMatchObject({ category: 'small_business', bps: 5000, amountMinor: 500_001 });
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
  it('rounds an exact half to the even cent, like the quote that printed it (docs/money.md)', () => {
    const personal = (quoteTotalMinor: number) => depositFor({ customerType: 'individual', emergency: false, quoteTotalMinor }).amountMinor;
    expect(personal(2)).toBe(0); // 2 × 25 % = 0.5 → 0 (even); half-up would say 1
    expect(personal(6)).toBe(2); // 6 × 25 % = 1.5 → 2 (even)
    expect(personal(402_986)).toBe(100_746); // 100 746.5 → 100 746 (even); half-up would say 100 747
    const business = (quoteTotalMinor: number) => depositFor({ customerType: 'business', emergency: false, quoteTotalMinor }).amountMinor;
    expect(business(1_000_001)).toBe(500_000); // 500 000.5 → 500 000 (even)
    expect(business(1_000_003)).toBe(500_002); // 500 001.5 → 500 002 (even)
  });
  it('refuses a total that is negative or not whole minor units', () => {
    expect(() => depositFor({ customerType: 'individual', emergency: false, quoteTotalMinor: 1.5 })).toThrow(RangeError);
    expect(() => depositFor({ customerType: 'individual', emergency: false, quoteTotalMinor: -4 })).toThrow(RangeError);
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
    expect(lateFeeFor(10_000, 150, 1)).toBe(150); // 10 000 × 1.5 % × 1 month
    expect(lateFeeFor(10_000, 150, 31)).toBe(300); // day 31 starts month 2: × 2
    expect(lateFeeFor(10_000, 150, 0)).toBe(0);
  });
  it('rounds a late fee half to even', () => {
    expect(lateFeeFor(300, 150, 1)).toBe(4); // 300 × 1.5 % = 4.5 → 4 (even); half-up would say 5
    expect(lateFeeFor(100, 150, 1)).toBe(2); // 1.5 → 2 (even)
    expect(lateFeeFor(300, 150, 45)).toBe(9); // 2 months: 300 × 3 % = 9 exactly
  });
  it('plans reminders before and after the due date, escalating to suspension', () => {
    const plan = collectionsPlan(new Date('2026-01-10T00:00:00Z'), new Date('2026-01-01T00:00:00Z'));
    expect(plan.map((p) => p.step)).toEqual(['before_3d', 'due', 'after_7d', 'after_14d', 'after_30d']);
    expect(plan.at(-1)).toMatchObject({ suspend: true, escalationLevel: 3 });
    // Issued the day before it is due: no "3 days before" reminder in the past.
    expect(collectionsPlan(new Date('2026-01-10T00:00:00Z'), new Date('2026-01-09T00:00:00Z')).map((p) => p.step)[0]).toBe('due');
  });
});
