-- Reverts 20261207021051_customer_lifecycle. Used by tools/prisma-migrate `down`; Prisma ignores this file.
-- DropForeignKey
ALTER TABLE "public"."customer_lifecycle" DROP CONSTRAINT "customer_lifecycle_customerId_fkey";

-- DropTable
DROP TABLE "public"."customer_lifecycle";
