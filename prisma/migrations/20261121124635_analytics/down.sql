-- Reverts 20261121124635_analytics. Used by tools/prisma-migrate `down`; Prisma ignores this file.
-- DropTable
DROP TABLE "public"."analytics_saved_funnels";

-- DropTable
DROP TABLE "public"."analytics_kpi_targets";
