/**
 * Postgres tables that hold no customer's personal data, with the reason. With the
 * tables the concerns claim, this must list every table: the erase e2e test fails on
 * a table in neither, so a new table is a decision, not an omission.
 */
export const NO_CUSTOMER_DATA: Record<string, string> = {
  _prisma_migrations: 'schema history',
  staff_users: 'staff accounts',
  staff_sessions: 'staff sign-ins',
  refresh_tokens: 'staff token hashes',
  api_keys: 'integration credentials',
  write_keys: 'ingestion credentials',
  erasures: 'the erasure ledger itself: customer id, who asked, counts per concern',
  document_counters: 'number sequences',
  intake_routing_rules: 'routing configuration',
  processed_stripe_events: 'Stripe event ids already applied',
  analytics_kpi_targets: 'KPI targets',
  analytics_saved_funnels: 'funnel definitions',
  churn_models: 'model coefficients and aggregate metrics',
  custom_segments: 'segment definitions',
  segment_size_snapshots: 'segment sizes',
  intervention_rules: 'rule definitions',
};
