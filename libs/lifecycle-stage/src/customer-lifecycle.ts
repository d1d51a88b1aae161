import type { CustomerRecordRow } from './customer-records.sql';
import { relationshipStageAt, salesStageAt, stageHistory, type RelationshipStage, type SalesStage, type StageFacts, type StagePeriod } from './stage-rules';

export interface CustomerLifecycleView {
  sales: StagePeriod<SalesStage>;
  relationship: StagePeriod<RelationshipStage>;
  customerSince: Date;
  lastServiceAt: Date | null;
  history: { sales: StagePeriod<SalesStage>[]; relationship: StagePeriod<RelationshipStage>[] };
}

const present = (dates: (Date | null)[], now: Date) => dates.filter((d): d is Date => d !== null && d.getTime() <= now.getTime());

/** The facts the stage rules read: registration is the first activity a record-less customer has. */
export function stageFacts(registeredAt: Date, records: readonly CustomerRecordRow[], now: Date): StageFacts {
  return {
    activity: present([registeredAt, ...records.map((r) => r.activity_at)], now),
    purchases: present(records.map((r) => r.purchase_at), now),
    quotesSent: present(records.map((r) => r.quote_sent_at), now),
    // No contracts exist yet, so no customer is in renewal (see stage-rules.ts).
    contractEndsAt: null,
  };
}

/** Both schemes' current stage with its entry date, the whole stage history, customer since and last service. */
export function deriveLifecycle(registeredAt: Date, records: readonly CustomerRecordRow[], asOf: Date): CustomerLifecycleView {
  // A registration stamped a moment after `asOf` (another process's clock) still counts.
  const now = new Date(Math.max(asOf.getTime(), registeredAt.getTime()));
  const facts = stageFacts(registeredAt, records, now);
  const sales = stageHistory(salesStageAt, facts, now);
  const relationship = stageHistory(relationshipStageAt, facts, now);
  const services = present(records.map((r) => r.service_at), now).map((d) => d.getTime());
  return {
    sales: sales[sales.length - 1],
    relationship: relationship[relationship.length - 1],
    customerSince: new Date(Math.min(...facts.activity.map((d) => d.getTime()))),
    lastServiceAt: services.length ? new Date(Math.max(...services)) : null,
    history: { sales, relationship },
  };
}

type LegacyStage = 'lead' | 'prospect' | 'customer' | 'repeat' | 'at_risk' | 'churned';
const LEGACY: Record<Exclude<RelationshipStage, 'prospect'>, LegacyStage> = { new: 'customer', active: 'customer', loyal: 'repeat', 'at-risk': 'at_risk', inactive: 'churned' };

/**
 * The older single `customers.lifecycleStage` (list filters, registration) follows the
 * relationship stage once the records show a purchase. Before that it stays what staff
 * registered: a customer brought over from before Northstar has no records to say otherwise.
 */
export function legacyStage(stage: RelationshipStage, current: LegacyStage): LegacyStage {
  return stage === 'prospect' ? current : LEGACY[stage];
}
