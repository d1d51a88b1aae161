-- Reverts 20261121124419_quotes_appointments. Used by tools/prisma-migrate `down`; Prisma ignores this file.
ALTER TABLE "public"."appointments" DROP CONSTRAINT "appointments_customerId_fkey";

ALTER TABLE "public"."appointments" DROP CONSTRAINT "appointments_quoteId_fkey";

ALTER TABLE "public"."quotes" DROP CONSTRAINT "quotes_customerId_fkey";

ALTER TABLE "public"."quotes" DROP CONSTRAINT "quotes_quoteRequestId_fkey";

ALTER TABLE "public"."quotes" DROP CONSTRAINT "quotes_previousVersionId_fkey";

ALTER TABLE "public"."quote_lines" DROP CONSTRAINT "quote_lines_quoteId_fkey";

ALTER TABLE "public"."quote_views" DROP CONSTRAINT "quote_views_quoteId_fkey";

DROP TABLE "public"."appointments";

DROP TABLE "public"."quotes";

DROP TABLE "public"."quote_lines";

DROP TABLE "public"."quote_views";

DROP TYPE "public"."AppointmentStatus";

DROP TYPE "public"."QuoteStatus";
