-- Reverts 20261121124348_intelligence. Used by tools/prisma-migrate `down`; Prisma ignores this file.

-- DropForeignKey
ALTER TABLE "public"."cs_task_status_changes" DROP CONSTRAINT "cs_task_status_changes_taskId_fkey";

-- DropTable
DROP TABLE "public"."health_scores";

-- DropTable
DROP TABLE "public"."health_score_history";

-- DropTable
DROP TABLE "public"."churn_models";

-- DropTable
DROP TABLE "public"."churn_scores";

-- DropTable
DROP TABLE "public"."customer_segment_profiles";

-- DropTable
DROP TABLE "public"."segment_memberships";

-- DropTable
DROP TABLE "public"."segment_size_snapshots";

-- DropTable
DROP TABLE "public"."custom_segments";

-- DropTable
DROP TABLE "public"."intervention_rules";

-- DropTable
DROP TABLE "public"."intervention_condition_states";

-- DropTable
DROP TABLE "public"."intervention_firings";

-- DropTable
DROP TABLE "public"."intervention_logs";

-- DropTable
DROP TABLE "public"."cs_tasks";

-- DropTable
DROP TABLE "public"."cs_task_status_changes";

-- DropTable
DROP TABLE "public"."nurture_enrollments";

-- DropEnum
DROP TYPE "public"."HealthBand";

-- DropEnum
DROP TYPE "public"."HealthSubject";
