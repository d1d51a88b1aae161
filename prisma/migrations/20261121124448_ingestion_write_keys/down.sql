-- Reverts 20261121124448_ingestion_write_keys. Used by tools/prisma-migrate `down`; Prisma ignores this file.
DROP TABLE "public"."write_keys";
