-- Reverts 20261207015617_appointment_reminders. Used by tools/prisma-migrate `down`; Prisma ignores this file.
-- DropForeignKey
ALTER TABLE "public"."appointment_reminders" DROP CONSTRAINT "appointment_reminders_appointmentId_fkey";

-- DropTable
DROP TABLE "public"."appointment_reminders";
