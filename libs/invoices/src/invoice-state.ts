import { bpsOfMinor } from '@northstar/money';

export type InvoiceStatusName = 'draft' | 'issued' | 'partially_paid' | 'paid' | 'overdue' | 'void';

const TRANSITIONS: Record<InvoiceStatusName, InvoiceStatusName[]> = {
  draft: ['issued', 'void'],
  issued: ['partially_paid', 'paid', 'overdue', 'void'],
  partially_paid: ['paid', 'overdue', 'issued'],
  overdue: ['partially_paid', 'paid', 'void'],
  // A refund can reopen a paid invoice.
  paid: ['partially_paid', 'issued', 'overdue'],
  void: [],
};

export function canTransition(from: InvoiceStatusName, to: InvoiceStatusName): boolean {
  return from === to || TRANSITIONS[from].includes(to);
}

export function balanceOf(inv: { totalMinor: number; lateFeeMinor: number; paidMinor: number; creditedMinor: number }): number {
  return inv.totalMinor + inv.lateFeeMinor - inv.paidMinor - inv.creditedMinor;
}

/**
 * Status after money moved (payment, refund, credit note) or time passed. Draft and
 * void are never changed by money; overdue sticks while a balance remains past due.
 */
export function deriveStatus(
  inv: { status: InvoiceStatusName; totalMinor: number; lateFeeMinor: number; paidMinor: number; creditedMinor: number; dueAt: Date },
  now: Date,
): InvoiceStatusName {
  if (inv.status === 'draft' || inv.status === 'void') return inv.status;
  const balance = balanceOf(inv);
  if (balance <= 0) return 'paid';
  if (now.getTime() > inv.dueAt.getTime()) return 'overdue';
  return inv.paidMinor + inv.creditedMinor > 0 ? 'partially_paid' : 'issued';
}

/** Simple monthly late fee on the overdue balance (per started 30 days), rounded half to even like every amount (docs/money.md). */
export function lateFeeFor(balanceMinor: number, bpsPerMonth: number, daysOverdue: number): number {
  if (balanceMinor <= 0 || bpsPerMonth <= 0 || daysOverdue <= 0) return 0;
  const months = Math.ceil(daysOverdue / 30);
  return bpsOfMinor(balanceMinor, bpsPerMonth * months);
}

export interface PaymentTerms {
  code: string;
  dueDays: number;
  lateFeeBpsPerMonth: number;
}

export const PAYMENT_TERMS: Record<string, PaymentTerms> = {
  due_on_receipt: { code: 'due_on_receipt', dueDays: 0, lateFeeBpsPerMonth: 150 },
  net_7: { code: 'net_7', dueDays: 7, lateFeeBpsPerMonth: 150 },
  net_15: { code: 'net_15', dueDays: 15, lateFeeBpsPerMonth: 150 },
  net_30: { code: 'net_30', dueDays: 30, lateFeeBpsPerMonth: 150 },
  emergency_48h: { code: 'emergency_48h', dueDays: 2, lateFeeBpsPerMonth: 150 },
};

/** Collections schedule: reminders relative to the due date, escalation and suspension by policy. */
export interface CollectionsStep {
  step: string;
  offsetDays: number;
  /** Escalation level reached when this step fires on an unpaid invoice. */
  escalationLevel: number;
  suspend?: boolean;
}

export const DEFAULT_COLLECTIONS: CollectionsStep[] = [
  { step: 'before_3d', offsetDays: -3, escalationLevel: 0 },
  { step: 'due', offsetDays: 0, escalationLevel: 0 },
  { step: 'after_7d', offsetDays: 7, escalationLevel: 1 },
  { step: 'after_14d', offsetDays: 14, escalationLevel: 2 },
  { step: 'after_30d', offsetDays: 30, escalationLevel: 3, suspend: true },
];

export function collectionsPlan(dueAt: Date, issuedAt: Date, steps: CollectionsStep[] = DEFAULT_COLLECTIONS) {
  return steps
    .map((s) => ({ ...s, at: new Date(dueAt.getTime() + s.offsetDays * 86_400_000) }))
    .filter((s) => s.at.getTime() > issuedAt.getTime() || s.offsetDays >= 0);
}

export function daysBetween(a: Date, b: Date): number {
  return Math.max(0, Math.round((b.getTime() - a.getTime()) / 86_400_000));
}
