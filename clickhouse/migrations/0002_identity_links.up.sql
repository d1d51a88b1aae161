-- Append-only identity graph. Each row says: this anonymous id / user id belongs to
-- this customer (or business account), learned from `via` (identify, alias, group,
-- lifecycle, merge) in message `message_id`. Nothing is ever updated in place, so
-- every attribution can be explained by the rows that caused it.
CREATE TABLE IF NOT EXISTS {{LOCAL identity_links}} {{ON_CLUSTER}}
(
    kind          LowCardinality(String),  -- 'anonymous' | 'user' | 'account'
    from_id       String,                  -- anonymousId, previousId or userId
    to_id         String,                  -- userId, customer id or account id
    via           LowCardinality(String),
    message_id    String,
    linked_at     DateTime64(3, 'UTC'),
    inserted_at   DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = {{ENGINE ReplacingMergeTree(inserted_at)}}
ORDER BY (kind, from_id, to_id, message_id);

-- @distributed identity_links BY cityHash64(from_id)
