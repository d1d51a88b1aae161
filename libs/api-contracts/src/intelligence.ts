/**
 * Answers of /intelligence/*: health scores (libs/health), churn (libs/churn), segments
 * (libs/segments) and intervention firings (libs/interventions).
 */

export type HealthBand = 'green' | 'yellow' | 'red';

export interface HealthComponent {
  key: string;
  value?: number | null;
  weight?: number;
  effectiveWeight?: number;
  contribution?: number | null;
  reasons?: string[];
}

export interface HealthScore {
  score: number;
  band: HealthBand;
  previousScore?: number | null;
  trend?: string;
  profile?: string;
  /** Written by the health scorer into a JSON column. */
  components: HealthComponent[];
  missing?: string[];
  computedAt: string;
}

/** GET /intelligence/health/customers/:id. */
export interface CustomerHealth {
  current: HealthScore | null;
  history: HealthScore[];
}

/** GET /intelligence/health/distribution: customers per band per bucket. */
export interface HealthDistributionBucket {
  bucket: string;
  green: number;
  yellow: number;
  red: number;
}

/** GET /intelligence/churn/customers/:id. */
export interface ChurnScore {
  probability: number;
  risk: string;
  /** Written by the churn model into a JSON column. */
  drivers: { feature?: string; contribution?: number; value?: unknown; text?: string }[];
  pAlive?: number | null;
  modelVersion?: number;
  computedAt?: string;
}

/** GET /intelligence/segments rows. */
export interface SegmentSize {
  segmentKey: string;
  size: number;
  at?: string;
}

/** GET /intelligence/segments/:key/members rows. */
export interface SegmentMember {
  customerId: string;
  enteredAt: string;
  source: string;
}

/** GET /intelligence/customers/:id/segments. */
export interface CustomerSegments {
  profile: {
    rfmSegment: string;
    valueTier: string;
    frequencyTier: string;
    lifecycleStage: string;
    salesStage: string;
    monetaryMinor: number;
    recencyDays: number | null;
    frequency: number;
  } | null;
  memberships: { segmentKey: string; enteredAt: string; leftAt: string | null; source: string }[];
}

/** GET /intelligence/interventions/firings rows. */
export interface Intervention {
  id: string;
  ruleId?: string;
  ruleName?: string | null;
  customerId?: string;
  firedAt: string;
  outcome?: string;
  heldOut?: boolean;
  reason?: unknown;
}

/** `GET /desk/tasks` row (a cs_tasks row with its status history; libs/interventions DeskService.tasks). */
export interface DeskTask {
  id: string;
  customerId: string;
  customerName?: string | null;
  kind: string;
  title: string;
  owner: string;
  assignee: string | null;
  status: string;
  dueAt: string;
  snoozedUntil?: string | null;
  resolution?: string | null;
  history?: { from: string | null; to: string; actor: string | null; note: string | null; at: string }[];
}

/** `GET /desk/at-risk` row (libs/interventions DeskService.atRisk). */
export interface AtRiskRow {
  customerId: string;
  customerName?: string | null;
  risk: number;
  value: { monetaryMinor12m: number | null; tier: string | null };
  health: { score: number; band: HealthBand | null; trend?: string | null } | null;
  churn: { probability: number; pAlive?: number | null } | null;
  reasons: {
    health: { component: string; value?: number; reasons: string[] }[];
    churnDrivers: string[];
    triggers: { ruleId: string; firedAt: string; reason?: unknown; heldOut?: boolean }[];
  };
  openTasks: DeskTask[];
}
