DROP TABLE IF EXISTS identity_links {{ON_CLUSTER}};
DROP TABLE IF EXISTS {{LOCAL identity_links}} {{ON_CLUSTER}};
