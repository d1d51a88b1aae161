/** Support tiers: 1 → 2 h, 2 → 4 h, 3 → 8 h; a critical ticket is due in 1 h whatever its tier. */
export const RESPONSE_TARGET_MINUTES: Record<1 | 2 | 3, number> = { 1: 120, 2: 240, 3: 480 };
export const CRITICAL_TARGET_MINUTES = 60;
export const ESCALATION_LEVELS = ['front desk', 'supervisor', 'manager', 'owner'] as const;

export function responseTargetMinutes(tier: 1 | 2 | 3, priority: string): number {
  return priority === 'critical' ? CRITICAL_TARGET_MINUTES : RESPONSE_TARGET_MINUTES[tier];
}

export type LoyaltyTier = 'bronze' | 'silver' | 'gold' | 'platinum';

export interface LoyaltyPolicy {
  /** Points per major currency unit billed on a completed service. */
  pointsPerMajorUnit: number;
  referralPoints: number;
  reviewPoints: number;
  anniversaryPoints: number;
  expiryDays: number;
  /** Lifetime points needed for each tier. */
  tiers: { tier: LoyaltyTier; minPoints: number }[];
}

export const DEFAULT_LOYALTY_POLICY: LoyaltyPolicy = {
  pointsPerMajorUnit: 1,
  referralPoints: 500,
  reviewPoints: 50,
  anniversaryPoints: 100,
  expiryDays: 365,
  tiers: [
    { tier: 'platinum', minPoints: 25_000 },
    { tier: 'gold', minPoints: 10_000 },
    { tier: 'silver', minPoints: 2_500 },
    { tier: 'bronze', minPoints: 0 },
  ],
};

export function tierFor(lifetimePoints: number, policy: LoyaltyPolicy = DEFAULT_LOYALTY_POLICY): LoyaltyTier {
  return policy.tiers.find((t) => lifetimePoints >= t.minPoints)?.tier ?? 'bronze';
}

export function completedServicePoints(billedMinor: number, policy: LoyaltyPolicy = DEFAULT_LOYALTY_POLICY): number {
  return Math.floor(billedMinor / 100) * policy.pointsPerMajorUnit;
}

/** FIFO redemption over earning lots (oldest first): how much to take from each. */
export function redeemFifo(lots: { id: string; remaining: number }[], points: number): { id: string; take: number }[] | null {
  const total = lots.reduce((s, l) => s + l.remaining, 0);
  if (points > total) return null;
  const out: { id: string; take: number }[] = [];
  let left = points;
  for (const l of lots) {
    if (!left) break;
    const take = Math.min(l.remaining, left);
    if (take) out.push({ id: l.id, take });
    left -= take;
  }
  return out;
}

export function validScore(kind: 'csat' | 'nps' | 'ces', score: number): boolean {
  const [min, max] = kind === 'csat' ? [1, 5] : kind === 'nps' ? [0, 10] : [1, 7];
  return Number.isInteger(score) && score >= min && score <= max;
}
