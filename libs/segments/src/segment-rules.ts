import type { SegmentFeaturesRow } from './segment-features.sql';

export type LifecycleStage = 'prospect' | 'new' | 'active' | 'loyal' | 'at-risk' | 'inactive';
export type SalesStage = 'prospect' | 'opportunity' | 'new-customer' | 'established' | 'mature' | 'renewal';

export interface SegmentConfig {
  /** m_score ≥ high → high; ≥ medium → medium; else low. */
  valueTiers: { high: number; medium: number };
  vip: { minPoints: number; longRelationshipDays: number; minReferrals: number };
  newCustomerDays: number;
  inactiveDays: number;
  loyal: { minTenureDays: number; minPurchases: number };
  atRisk: { churnProbability: number; decline: number; recencyDays: number };
  renewalLeadDays: number;
}

export const DEFAULT_SEGMENT_CONFIG: SegmentConfig = {
  valueTiers: { high: 5, medium: 3 },
  vip: { minPoints: 3, longRelationshipDays: 730, minReferrals: 1 },
  newCustomerDays: 90,
  inactiveDays: 180,
  loyal: { minTenureDays: 365, minPurchases: 4 },
  atRisk: { churnProbability: 0.5, decline: 0.5, recencyDays: 90 },
  renewalLeadDays: 90,
};

/** The classic R×F grid of named segments. */
export function rfmSegment(r: number, f: number): string {
  if (r === 0) return 'No Purchases';
  if (r >= 5 && f >= 4) return 'Champions';
  if (r >= 3 && f >= 4) return 'Loyal';
  if (r <= 2 && f === 5) return "Can't Lose Them";
  if (r <= 2 && f >= 3) return 'At Risk';
  if (r <= 2) return 'Hibernating';
  if (r === 3 && f === 3) return 'Need Attention';
  if (r === 3) return 'About To Sleep';
  if (r === 4 && f === 1) return 'Promising';
  if (r === 5 && f === 1) return 'New Customers';
  return 'Potential Loyalists';
}

export function valueTier(m: number, c: SegmentConfig): 'low' | 'medium' | 'high' {
  return m >= c.valueTiers.high ? 'high' : m >= c.valueTiers.medium ? 'medium' : 'low';
}

/** The VIP rules: each criterion met is a point; VIP at `minPoints`. */
export function vipCriteria(row: SegmentFeaturesRow, c: SegmentConfig): string[] {
  const met: string[] = [];
  if (Number(row.f_score) === 5) met.push('high frequency');
  if (Number(row.m_score) === 5) met.push('high value');
  if (Number(row.tenure_days) >= c.vip.longRelationshipDays) met.push('long relationship');
  if (Number(row.referrals) >= c.vip.minReferrals) met.push('referrals');
  if (row.customer_type === 'business') met.push('business customer');
  return met;
}

export function frequencyTier(row: SegmentFeaturesRow, c: SegmentConfig): 'new' | 'regular' | 'vip' {
  if (Number(row.purchases_total) <= 1 || (row.first_purchase_days !== null && Number(row.first_purchase_days) < c.newCustomerDays)) return 'new';
  return vipCriteria(row, c).length >= c.vip.minPoints ? 'vip' : 'regular';
}

export interface RiskSignals {
  healthBand?: string | null;
  churnProbability?: number | null;
}

export function lifecycleStage(row: SegmentFeaturesRow, risk: RiskSignals, c: SegmentConfig): LifecycleStage {
  if (Number(row.purchases_total) === 0) return 'prospect';
  const silent = row.days_since_interaction === null ? Infinity : Number(row.days_since_interaction);
  if (silent >= c.inactiveDays) return 'inactive';
  if (row.first_purchase_days !== null && Number(row.first_purchase_days) < c.newCustomerDays) return 'new';
  const prev = Number(row.interactions_prev_90d);
  const declining = prev >= 4 && Number(row.interactions_90d) < prev * c.atRisk.decline;
  if (risk.healthBand === 'red' || (risk.churnProbability ?? 0) >= c.atRisk.churnProbability || declining || silent >= c.atRisk.recencyDays) return 'at-risk';
  if (Number(row.tenure_days) >= c.loyal.minTenureDays && Number(row.purchases_total) >= c.loyal.minPurchases) return 'loyal';
  return 'active';
}

/**
 * Sales-side stage. Renewal: business customers are on annual terms from their
 * first purchase, so the 90 days before each anniversary are the renewal stage.
 */
export function salesStage(row: SegmentFeaturesRow, c: SegmentConfig): SalesStage {
  if (Number(row.purchases_total) === 0) return Number(row.quotes_sent) > 0 ? 'opportunity' : 'prospect';
  const since = Number(row.first_purchase_days ?? 0);
  if (since < 90) return 'new-customer';
  if (row.customer_type === 'business') {
    const intoYear = since % 365;
    if (365 - intoYear <= c.renewalLeadDays) return 'renewal';
  }
  return since < 365 ? 'established' : 'mature';
}
