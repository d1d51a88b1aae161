-- The one wide table every interaction lands in: Segment messages (track, identify,
-- page, screen, group, alias) and lifecycle events from the Postgres outbox.
--
-- Idempotency: event_id is minted by the producer (a UUID derived from the Segment
-- messageId and write-key source, or the outbox row id). A redelivered event carries
-- the same event_id and the same sort-key values, so ReplacingMergeTree collapses
-- it; reads that must not double-count use FINAL (duplicates sit in separate parts
-- until a merge, which may be hours away). The newest inserted_at wins.
CREATE TABLE IF NOT EXISTS {{LOCAL events}} {{ON_CLUSTER}}
(
    event_id            UUID,
    message_id          String,
    type                LowCardinality(String),
    event               LowCardinality(String),
    source              LowCardinality(String),
    user_id             String,
    anonymous_id        String,
    -- Postgres customer the event was attributed to at ingestion ('' = not yet known;
    -- identity_links attributes it later at query time).
    customer_id         String,
    account_id          String,
    -- Event time after clock-skew correction: timestamp + (received_at - sent_at).
    timestamp           DateTime64(3, 'UTC'),
    original_timestamp  Nullable(DateTime64(3, 'UTC')),
    sent_at             Nullable(DateTime64(3, 'UTC')),
    received_at         DateTime64(3, 'UTC'),
    properties          String CODEC(ZSTD(3)),
    context             String CODEC(ZSTD(3)),
    traits              String CODEC(ZSTD(3)),
    -- Money carried by lifecycle events (payments, invoices), in minor units.
    amount_minor        Int64 DEFAULT 0,
    currency            LowCardinality(String) DEFAULT '',
    inserted_at         DateTime64(3, 'UTC') DEFAULT now64(3),
    INDEX idx_customer customer_id TYPE bloom_filter(0.01) GRANULARITY 4,
    INDEX idx_user user_id TYPE bloom_filter(0.01) GRANULARITY 4,
    INDEX idx_anon anonymous_id TYPE bloom_filter(0.01) GRANULARITY 4
)
ENGINE = {{ENGINE ReplacingMergeTree(inserted_at)}}
PARTITION BY toYYYYMM(timestamp)
ORDER BY (toDate(timestamp), event, event_id)
SETTINGS non_replicated_deduplication_window = 1000;

-- @distributed events BY cityHash64(customer_id)
