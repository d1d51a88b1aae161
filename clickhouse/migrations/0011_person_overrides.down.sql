DROP TABLE IF EXISTS person_overrides {{ON_CLUSTER}};
DROP TABLE IF EXISTS {{LOCAL person_overrides}} {{ON_CLUSTER}};
