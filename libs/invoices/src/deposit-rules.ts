import { bpsOfMinor } from '@northstar/money';

/**
 * Deposit rules: what share of an accepted quote is invoiced up front, and by when.
 * Pure and configurable (pass a policy); amounts in minor units, shares in basis points.
 *
 * Defaults (business rules): personal services 25 %; small-business development 50 %;
 * enterprise 25–50 % by project size and payment history; emergency 100 % due in 48 h.
 */
export type DepositCategory = 'personal' | 'small_business' | 'enterprise' | 'emergency';

export interface DepositPolicy {
  personalBps: number;
  smallBusinessBps: number;
  /** A business quote at or above this total is treated as enterprise. */
  enterpriseThresholdMinor: number;
  enterpriseMaxBps: number;
  enterpriseMinBps: number;
  /** Enterprise projects at or above this total earn one step off the maximum. */
  enterpriseLargeProjectMinor: number;
  /** Good payment history earns one step off the maximum. */
  enterpriseStepBps: number;
  goodHistoryMinPaidOnTime: number;
  emergencyBps: number;
  emergencyDueHours: number;
  /** Non-emergency deposits are due this many days after issue. */
  standardDueDays: number;
}

export const DEFAULT_DEPOSIT_POLICY: DepositPolicy = {
  personalBps: 2500,
  smallBusinessBps: 5000,
  enterpriseThresholdMinor: 2_500_000,
  enterpriseMaxBps: 5000,
  enterpriseMinBps: 2500,
  enterpriseLargeProjectMinor: 10_000_000,
  enterpriseStepBps: 1250,
  goodHistoryMinPaidOnTime: 3,
  emergencyBps: 10_000,
  emergencyDueHours: 48,
  standardDueDays: 7,
};

export interface PaymentHistory {
  paidOnTime: number;
  paidLate: number;
  overdueNow: number;
}

export interface DepositInput {
  customerType: 'individual' | 'business';
  emergency: boolean;
  quoteTotalMinor: number;
  /** Staff may mark an account enterprise regardless of size. */
  enterprise?: boolean;
  history?: PaymentHistory;
}

export interface DepositDecision {
  category: DepositCategory;
  bps: number;
  amountMinor: number;
  dueInHours: number;
  /** Human-readable rule that decided it (kept on the invoice). */
  rule: string;
}

export function classifyDeposit(input: DepositInput, policy: DepositPolicy = DEFAULT_DEPOSIT_POLICY): DepositCategory {
  if (input.emergency) return 'emergency';
  if (input.customerType === 'individual') return 'personal';
  if (input.enterprise || input.quoteTotalMinor >= policy.enterpriseThresholdMinor) return 'enterprise';
  return 'small_business';
}

export function hasGoodPaymentHistory(h: PaymentHistory | undefined, policy: DepositPolicy = DEFAULT_DEPOSIT_POLICY): boolean {
  return !!h && h.paidOnTime >= policy.goodHistoryMinPaidOnTime && h.paidLate === 0 && h.overdueNow === 0;
}

/**
 * The deposit for an accepted quote. The amount is the share of the tax-inclusive total,
 * rounded half to even like every amount (docs/money.md), so when the quote's own
 * deposit share applies, the invoice asks for exactly the deposit the quote printed.
 */
export function depositFor(input: DepositInput, policy: DepositPolicy = DEFAULT_DEPOSIT_POLICY): DepositDecision {
  if (!Number.isInteger(input.quoteTotalMinor) || input.quoteTotalMinor < 0) throw new RangeError('quote total must be a non-negative integer');
  const category = classifyDeposit(input, policy);
  const dueStandard = policy.standardDueDays * 24;
  switch (category) {
    case 'emergency':
      return { category, bps: policy.emergencyBps, amountMinor: bpsOfMinor(input.quoteTotalMinor, policy.emergencyBps), dueInHours: policy.emergencyDueHours, rule: `emergency ${policy.emergencyBps / 100}% due in ${policy.emergencyDueHours}h` };
    case 'personal':
      return { category, bps: policy.personalBps, amountMinor: bpsOfMinor(input.quoteTotalMinor, policy.personalBps), dueInHours: dueStandard, rule: `personal services ${policy.personalBps / 100}%` };
    case 'small_business':
      return { category, bps: policy.smallBusinessBps, amountMinor: bpsOfMinor(input.quoteTotalMinor, policy.smallBusinessBps), dueInHours: dueStandard, rule: `small business ${policy.smallBusinessBps / 100}%` };
    case 'enterprise': {
      const large = input.quoteTotalMinor >= policy.enterpriseLargeProjectMinor;
      const good = hasGoodPaymentHistory(input.history, policy);
      // Any overdue invoice right now cancels every reduction: history must be clean to earn trust.
      const steps = input.history && input.history.overdueNow > 0 ? 0 : (large ? 1 : 0) + (good ? 1 : 0);
      const bps = Math.max(policy.enterpriseMinBps, policy.enterpriseMaxBps - steps * policy.enterpriseStepBps);
      const why = [large ? 'large project' : null, good ? 'good payment history' : null].filter(Boolean).join(', ') || 'standard';
      return { category, bps, amountMinor: bpsOfMinor(input.quoteTotalMinor, bps), dueInHours: dueStandard, rule: `enterprise ${bps / 100}% (${why})` };
    }
  }
}
