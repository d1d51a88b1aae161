-- Who each distinct id is: anonymous ids, user ids (emails or customer ids) and
-- merged-away customers, mapped to their person (the surviving customer when one
-- is known). Analytics counts an event for coalesce(person_id, its own id).
--
-- Why a table rather than walking identity_links per query: the closure of the
-- graph (anonymous → user → customer → surviving customer, aliases) changes only
-- when an edge arrives, and the events writer computes it right then from the
-- links stored in ClickHouse (not from anything it remembers), so every query
-- pays one hash join on a small table instead of a recursive walk.
--
-- Versions: the writer recomputes a whole connected component after inserting its
-- new edges and stamps every row with a version taken after that insert. A later
-- computation has seen at least the edges an earlier one saw, so the highest
-- version is the answer whatever order the edges arrived in; reads take
-- argMax(person_id, version) (or FINAL).
CREATE TABLE IF NOT EXISTS {{LOCAL person_overrides}} {{ON_CLUSTER}}
(
    distinct_id  String,
    person_id    String,
    version      UInt64,
    inserted_at  DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = {{ENGINE ReplacingMergeTree(version)}}
ORDER BY distinct_id;

-- @distributed person_overrides BY cityHash64(distinct_id)
