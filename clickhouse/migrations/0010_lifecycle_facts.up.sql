-- Narrow, typed copy of the lifecycle events the KPI summary reads.
--
-- Why: the KPI queries used to JSONExtract a dozen properties out of the long
-- `properties` text of every row they touched, on every request (55 s on 10M
-- events). Here the JSON is parsed once, at insert time, by the materialized
-- view below; the KPI SQL reads small typed columns and never touches JSON.
--
-- Which rows: every lifecycle event, plus any row whose event name a KPI reads
-- (the KPIs are defined by event name, whatever the row's type), so a KPI over
-- this table sees exactly the rows it saw over `events`.
--
-- Duplicates: the sorting key holds the same columns as `events`' key
-- (toDate(timestamp), event, event_id), so a redelivered event collapses here
-- exactly as it does there (newest inserted_at wins); reads use FINAL.
-- The key leads with `event` so a KPI that reads a few event names over a date
-- range touches only those granules.
CREATE TABLE IF NOT EXISTS {{LOCAL lifecycle_facts}} {{ON_CLUSTER}}
(
    event_id              UUID,
    event                 LowCardinality(String),
    customer_id           String,
    timestamp             DateTime64(3, 'UTC'),
    amount_minor          Int64,
    currency              LowCardinality(String),
    -- properties, typed (JSONExtract defaults when absent: '' / 0 / false)
    kind                  LowCardinality(String),
    score                 Float64,
    on_time               Bool,
    days_to_payment       Float64,
    quoted_minor          Int64,
    billed_minor          Int64,
    property_currency     LowCardinality(String),
    resolution_minutes    Float64,
    response_minutes      Float64,
    business_minutes      Float64,
    breached              Bool,
    channel               LowCardinality(String),
    quote_request_id      String,
    quote_id              String,
    invoice_id            String,
    project_id            String,
    referred_customer_id  String,
    inserted_at           DateTime64(3, 'UTC'),
    -- (timestamp ms, event_id as text) — the analytics' event order and tie-break —
    -- as one number, so "latest event per customer" is a plain argMax/max instead of
    -- a comparison of (DateTime64, String) tuples, and no UUID is formatted at read time.
    event_order           UInt256 MATERIALIZED bitShiftLeft(toUInt256(toUnixTimestamp64Milli(timestamp)), 128)
                              + reinterpretAsUInt128(reverse(unhex(replaceAll(toString(event_id), '-', ''))))
)
ENGINE = {{ENGINE ReplacingMergeTree(inserted_at)}}
PARTITION BY toYYYYMM(timestamp)
ORDER BY (event, toDate(timestamp), event_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS {{LOCAL lifecycle_facts_mv}} {{ON_CLUSTER}} TO {{LOCAL lifecycle_facts}} AS
SELECT event_id, event, customer_id, timestamp, amount_minor, currency,
    JSONExtract(properties, 'kind', 'String') AS kind,
    JSONExtract(properties, 'score', 'Float64') AS score,
    JSONExtract(properties, 'onTime', 'Bool') AS on_time,
    JSONExtract(properties, 'daysToPayment', 'Float64') AS days_to_payment,
    JSONExtract(properties, 'quotedMinor', 'Int64') AS quoted_minor,
    JSONExtract(properties, 'billedMinor', 'Int64') AS billed_minor,
    JSONExtract(properties, 'currency', 'String') AS property_currency,
    JSONExtract(properties, 'resolutionMinutes', 'Float64') AS resolution_minutes,
    JSONExtract(properties, 'responseMinutes', 'Float64') AS response_minutes,
    JSONExtract(properties, 'businessMinutes', 'Float64') AS business_minutes,
    JSONExtract(properties, 'breached', 'Bool') AS breached,
    JSONExtract(properties, 'channel', 'String') AS channel,
    JSONExtract(properties, 'quoteRequestId', 'String') AS quote_request_id,
    JSONExtract(properties, 'quoteId', 'String') AS quote_id,
    JSONExtract(properties, 'invoiceId', 'String') AS invoice_id,
    JSONExtract(properties, 'projectId', 'String') AS project_id,
    JSONExtract(properties, 'referredCustomerId', 'String') AS referred_customer_id,
    inserted_at
FROM {{LOCAL events}}
WHERE type = 'lifecycle' OR event IN ('Customer Registered', 'Inquiry Received', 'Inquiry Responded', 'Quote Sent', 'Quote Accepted',
    'Appointment Held', 'Deposit Paid', 'Project Activated', 'Project Completed', 'Milestone Completed', 'Final Invoice Paid',
    'Repeat Business', 'Invoice Issued', 'Invoice Paid', 'Invoice Voided', 'Payment Received', 'Payment Refunded',
    'Ticket Opened', 'Ticket Resolved', 'Feedback Submitted', 'Referral Made');

-- Backfill the rows that were there before the view. A row inserted while this
-- runs may arrive twice (view + backfill): the ReplacingMergeTree key collapses it.
INSERT INTO {{LOCAL lifecycle_facts}}
SELECT event_id, event, customer_id, timestamp, amount_minor, currency,
    JSONExtract(properties, 'kind', 'String'),
    JSONExtract(properties, 'score', 'Float64'),
    JSONExtract(properties, 'onTime', 'Bool'),
    JSONExtract(properties, 'daysToPayment', 'Float64'),
    JSONExtract(properties, 'quotedMinor', 'Int64'),
    JSONExtract(properties, 'billedMinor', 'Int64'),
    JSONExtract(properties, 'currency', 'String'),
    JSONExtract(properties, 'resolutionMinutes', 'Float64'),
    JSONExtract(properties, 'responseMinutes', 'Float64'),
    JSONExtract(properties, 'businessMinutes', 'Float64'),
    JSONExtract(properties, 'breached', 'Bool'),
    JSONExtract(properties, 'channel', 'String'),
    JSONExtract(properties, 'quoteRequestId', 'String'),
    JSONExtract(properties, 'quoteId', 'String'),
    JSONExtract(properties, 'invoiceId', 'String'),
    JSONExtract(properties, 'projectId', 'String'),
    JSONExtract(properties, 'referredCustomerId', 'String'),
    inserted_at
FROM {{LOCAL events}}
WHERE type = 'lifecycle' OR event IN ('Customer Registered', 'Inquiry Received', 'Inquiry Responded', 'Quote Sent', 'Quote Accepted',
    'Appointment Held', 'Deposit Paid', 'Project Activated', 'Project Completed', 'Milestone Completed', 'Final Invoice Paid',
    'Repeat Business', 'Invoice Issued', 'Invoice Paid', 'Invoice Voided', 'Payment Received', 'Payment Refunded',
    'Ticket Opened', 'Ticket Resolved', 'Feedback Submitted', 'Referral Made');

-- @distributed lifecycle_facts BY cityHash64(customer_id)
