/** Shapes of the API answers the dashboard reads (mirrors of the server's responses). */
export type StaffRole = 'admin' | 'management' | 'customer_success' | 'operations';

export interface Me {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
}

export interface KpiFigure {
  key: string;
  label: string;
  unit: string;
  value: number | null;
  previous: number | null;
  change: number | null;
  changeRatio: number | null;
  target: number | null;
  onTarget: boolean | null;
}

export interface KpiSummary {
  period: { from: string; to: string; previousFrom: string; timezone: string; currency: string };
  kpis: KpiFigure[];
  revenueByMonth: { month: string; netMinor: number }[];
  stages: { asOf: 'current' | 'previous'; stage: string; customers: number; meanDaysInStage: number }[];
}

/** How fresh a served analytics figure is (libs/analytics result cache; see docs/analytics.md). */
export interface Freshness {
  computedAt?: string;
  dataVersion?: number | null;
  cached?: boolean;
  stale?: boolean;
}

/** GET /analytics/kpis/series: KPI values of consecutive sub-periods (sparklines) in one call. */
export interface KpiSeriesResult extends Freshness {
  period: { from: string; to: string; timezone: string; currency: string };
  buckets: { from: string; to: string; values: Record<string, number | null> }[];
}

export interface FunnelStep {
  step: number;
  label: string;
  event: string;
  count: number;
  conversionFromPrevious: number | null;
  conversionFromFirst: number | null;
  dropOff: number;
  dropOffRate: number | null;
  meanSecondsToConvert: number | null;
  medianSecondsToConvert: number | null;
}

export interface FunnelResult {
  steps: FunnelStep[];
  overTime: { bucket: string; entered: number; converted: number; conversion: number | null; reached: number[] }[];
}

export interface DroppedUnits {
  step: number;
  label: string;
  nextStep: string | null;
  units: { unit: string; enteredAt: string; reachedAt: string }[];
}

export interface RetentionResult {
  query: { interval: 'week' | 'month'; periods: number };
  cohorts: { cohort: string; size: number; recurring: { period: number; units: number; rate: number }[] }[];
}

export interface Customer {
  id: string;
  customerNumber?: string;
  name: string;
  email?: string;
  phone?: string;
  type?: string;
  company?: string | null;
  city?: string | null;
  country?: string | null;
  lifecycleStage?: string;
  lastServiceAt?: string | null;
  createdAt?: string;
  timeZone?: string;
  currency?: string;
  channel?: string;
}

export interface Page<T> {
  items: T[];
  page?: number;
  pageSize?: number;
  hasMore?: boolean;
}

export interface Quote {
  id: string;
  number: string;
  version: number;
  customerId: string;
  status: string;
  title: string;
  currency: string;
  totalMinor: number;
  sentAt?: string | null;
  validUntil?: string | null;
  decidedAt?: string | null;
  createdAt: string;
}

export interface Invoice {
  id: string;
  number: string;
  customerId: string;
  kind: string;
  status: string;
  currency: string;
  totalMinor: number;
  paidMinor: number;
  creditedMinor?: number;
  dueAt: string;
  issuedAt?: string | null;
  overdueAt?: string | null;
}

export interface QuoteRequest {
  id: string;
  number: string;
  customerId: string;
  customer?: { id: string; name: string; email?: string };
  category: string;
  urgent: boolean;
  queue: string;
  ownerId?: string | null;
  status: string;
  receivedAt: string;
  firstResponseDueAt: string;
  firstRespondedAt?: string | null;
  breachedAt?: string | null;
}

export interface Appointment {
  id: string;
  customerId: string;
  customer?: { name: string };
  quoteId?: string | null;
  type: string;
  status: string;
  startsAt: string;
  endsAt: string;
  localStart?: string;
  timeZone?: string;
  meetUrl?: string | null;
}

/** `GET /tickets` (libs/aftercare). */
export interface Ticket {
  id: string;
  number: string;
  customerId: string;
  subject: string;
  priority: string;
  tier: number;
  status: string;
  warranty: boolean;
  escalationLevel: number;
  escalationLabel?: string;
  responseDueAt: string;
  firstResponseAt?: string | null;
  resolvedAt?: string | null;
  createdAt: string;
}

/** `GET /feedback` (libs/aftercare): one survey answer. */
export interface FeedbackAnswer {
  id: string;
  customerId: string;
  kind: 'csat' | 'nps' | 'ces' | string;
  score: number;
  comment?: string | null;
  trigger?: string;
  createdAt: string;
}

export interface CustomerSegments {
  profile: { rfmSegment: string; valueTier: string; frequencyTier: string; lifecycleStage: string; salesStage: string; monetaryMinor: number; recencyDays: number | null; frequency: number } | null;
  memberships: { segmentKey: string; enteredAt: string; leftAt: string | null; source: string }[];
}

export interface TimelineEvent {
  event_id: string;
  type: string;
  event: string;
  timestamp: string;
  source?: string;
  amount_minor?: number;
  currency?: string;
  properties: Record<string, unknown> | null;
}

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
  band: 'green' | 'yellow' | 'red';
  previousScore?: number | null;
  trend?: string;
  profile?: string;
  components: HealthComponent[];
  missing?: string[];
  computedAt: string;
}

export interface ChurnScore {
  probability: number;
  risk: string;
  drivers: { feature?: string; contribution?: number; value?: unknown; text?: string }[];
  pAlive?: number | null;
  modelVersion?: number;
  computedAt?: string;
}

export interface SegmentSize {
  segmentKey: string;
  size: number;
  at?: string;
}

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
