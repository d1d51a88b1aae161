DROP VIEW IF EXISTS {{LOCAL lifecycle_facts_mv}} {{ON_CLUSTER}};
DROP TABLE IF EXISTS lifecycle_facts {{ON_CLUSTER}};
DROP TABLE IF EXISTS {{LOCAL lifecycle_facts}} {{ON_CLUSTER}};
