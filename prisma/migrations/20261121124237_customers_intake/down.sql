-- Reverts customers_intake. Used by tools/prisma-migrate `down`; Prisma ignores this file.
DROP TABLE IF EXISTS "quote_request_attachments", "quote_requests", "customer_documents", "customer_notes", "consent_events",
  "communication_preferences", "customers", "contacts", "accounts", "document_counters", "intake_routing_rules" CASCADE;
DROP TYPE IF EXISTS "QuoteRequestStatus", "LifecycleStage", "RegistrationChannel", "ContactMethod", "CustomerType";
