-- Customer numbers (C-000123) need to be unique, not gap-free: a sequence hands them out
-- without holding a lock for the rest of the registering transaction (the gap-free
-- document_counters row would serialize every registration, e.g. a burst of web intake).
CREATE SEQUENCE IF NOT EXISTS "customer_number_seq";
