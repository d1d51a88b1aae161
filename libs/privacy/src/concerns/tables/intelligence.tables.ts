import type { TableRule } from '../table-rule';

const ofCustomer = `"customerId" = ANY(:customerIds)`;
const ofSubject = `("subjectType" = 'customer' AND "subjectId" = ANY(:customerIds)) OR ("subjectType" = 'account' AND "subjectId" = ANY(:accountIds))`;

/**
 * libs/lifecycle-stage, libs/health, libs/churn, libs/segments, libs/interventions: stages, scores and memberships
 * are derived and deleted (no foreign keys: nothing cascades to them); the record of
 * what was done for the customer (firings, tasks, messages) stays without the person.
 */
export const INTELLIGENCE_TABLES: TableRule[] = [
  { lib: 'lifecycle-stage', table: 'customer_lifecycle', rows: ofCustomer, erase: { delete: true } },
  { lib: 'health', table: 'health_scores', rows: ofSubject, erase: { delete: true } },
  { lib: 'health', table: 'health_score_history', rows: ofSubject, erase: { delete: true } },
  { lib: 'churn', table: 'churn_scores', rows: ofCustomer, erase: { delete: true } },
  { lib: 'segments', table: 'customer_segment_profiles', rows: ofCustomer, erase: { delete: true } },
  { lib: 'segments', table: 'segment_memberships', rows: ofCustomer, erase: { delete: true } },
  { lib: 'interventions', table: 'intervention_condition_states', rows: ofCustomer, erase: { delete: true } },
  { lib: 'interventions', table: 'intervention_firings', rows: ofCustomer, erase: { redact: ['reason'] } },
  { lib: 'interventions', table: 'intervention_logs', rows: ofCustomer, erase: { redact: ['detail'] } },
  { lib: 'interventions', table: 'cs_tasks', rows: ofCustomer, erase: { redact: ['title', 'resolution'] } },
  {
    lib: 'interventions',
    table: 'cs_task_status_changes',
    rows: `"taskId" IN (SELECT id FROM cs_tasks WHERE "customerId" = ANY(:customerIds))`,
    erase: { redact: ['note', 'actor'] },
  },
  {
    lib: 'interventions',
    table: 'nurture_enrollments',
    rows: ofCustomer,
    erase: { set: { status: `CASE WHEN status = 'active' THEN 'stopped' ELSE status END`, stopReason: `CASE WHEN status = 'active' THEN 'customer erased' ELSE "stopReason" END` }, redact: ['steps'] },
  },
];
