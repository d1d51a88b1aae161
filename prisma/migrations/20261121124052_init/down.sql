-- Reverts 20261121124052_init. Used by tools/prisma-migrate `down`; Prisma ignores this file.
-- DropTable
DROP TABLE "public"."outbox_events";
