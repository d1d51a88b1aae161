DROP SEQUENCE IF EXISTS "customer_number_seq";
