-- Reverts 20261121124448_access. Used by tools/prisma-migrate `down`; Prisma ignores this file.

-- DropForeignKey
ALTER TABLE "public"."staff_sessions" DROP CONSTRAINT "staff_sessions_userId_fkey";

-- DropForeignKey
ALTER TABLE "public"."refresh_tokens" DROP CONSTRAINT "refresh_tokens_sessionId_fkey";

-- DropTable
DROP TABLE "public"."staff_users";

-- DropTable
DROP TABLE "public"."staff_sessions";

-- DropTable
DROP TABLE "public"."refresh_tokens";

-- DropTable
DROP TABLE "public"."api_keys";

-- DropTable
DROP TRIGGER IF EXISTS audit_log_no_truncate ON "public"."audit_log";
DROP TRIGGER IF EXISTS audit_log_no_update_delete ON "public"."audit_log";
DROP TABLE "public"."audit_log";
DROP FUNCTION IF EXISTS audit_log_append_only();

-- DropTable
DROP TABLE "public"."erasures";

-- DropEnum
DROP TYPE "public"."StaffRole";
