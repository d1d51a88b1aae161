-- Reverts 20261121124519_billing_projects_aftercare. Used by tools/prisma-migrate `down`; Prisma ignores this file.
-- DropForeignKey
ALTER TABLE "public"."ticket_status_changes" DROP CONSTRAINT "ticket_status_changes_ticketId_fkey";

-- DropForeignKey
ALTER TABLE "public"."feedback_responses" DROP CONSTRAINT "feedback_responses_requestId_fkey";

-- DropForeignKey
ALTER TABLE "public"."invoice_lines" DROP CONSTRAINT "invoice_lines_invoiceId_fkey";

-- DropForeignKey
ALTER TABLE "public"."credit_notes" DROP CONSTRAINT "credit_notes_invoiceId_fkey";

-- DropForeignKey
ALTER TABLE "public"."payments" DROP CONSTRAINT "payments_invoiceId_fkey";

-- DropForeignKey
ALTER TABLE "public"."refunds" DROP CONSTRAINT "refunds_paymentId_fkey";

-- DropForeignKey
ALTER TABLE "public"."invoice_reminders" DROP CONSTRAINT "invoice_reminders_invoiceId_fkey";

-- DropForeignKey
ALTER TABLE "public"."milestones" DROP CONSTRAINT "milestones_projectId_fkey";

-- DropForeignKey
ALTER TABLE "public"."project_tasks" DROP CONSTRAINT "project_tasks_projectId_fkey";

-- DropForeignKey
ALTER TABLE "public"."time_logs" DROP CONSTRAINT "time_logs_projectId_fkey";

-- DropForeignKey
ALTER TABLE "public"."change_orders" DROP CONSTRAINT "change_orders_projectId_fkey";

-- DropForeignKey
ALTER TABLE "public"."project_status_updates" DROP CONSTRAINT "project_status_updates_projectId_fkey";

-- DropForeignKey
ALTER TABLE "public"."project_risks" DROP CONSTRAINT "project_risks_projectId_fkey";

-- DropTable
DROP TABLE "public"."support_tickets";

-- DropTable
DROP TABLE "public"."ticket_status_changes";

-- DropTable
DROP TABLE "public"."feedback_requests";

-- DropTable
DROP TABLE "public"."feedback_responses";

-- DropTable
DROP TABLE "public"."loyalty_accounts";

-- DropTable
DROP TABLE "public"."loyalty_entries";

-- DropTable
DROP TABLE "public"."referral_codes";

-- DropTable
DROP TABLE "public"."referrals";

-- DropTable
DROP TABLE "public"."invoices";

-- DropTable
DROP TABLE "public"."invoice_lines";

-- DropTable
DROP TABLE "public"."credit_notes";

-- DropTable
DROP TABLE "public"."payments";

-- DropTable
DROP TABLE "public"."refunds";

-- DropTable
DROP TABLE "public"."processed_stripe_events";

-- DropTable
DROP TABLE "public"."customer_credits";

-- DropTable
DROP TABLE "public"."customer_credit_entries";

-- DropTable
DROP TABLE "public"."invoice_reminders";

-- DropTable
DROP TABLE "public"."customer_billing_status";

-- DropTable
DROP TABLE "public"."projects";

-- DropTable
DROP TABLE "public"."milestones";

-- DropTable
DROP TABLE "public"."project_tasks";

-- DropTable
DROP TABLE "public"."time_logs";

-- DropTable
DROP TABLE "public"."change_orders";

-- DropTable
DROP TABLE "public"."project_status_updates";

-- DropTable
DROP TABLE "public"."project_risks";

-- DropEnum
DROP TYPE "public"."TicketPriority";

-- DropEnum
DROP TYPE "public"."TicketStatus";

-- DropEnum
DROP TYPE "public"."InvoiceStatus";

-- DropEnum
DROP TYPE "public"."InvoiceKind";

-- DropEnum
DROP TYPE "public"."PaymentMethod";

-- DropEnum
DROP TYPE "public"."PaymentStatus";

-- DropEnum
DROP TYPE "public"."ProjectStatus";

-- DropEnum
DROP TYPE "public"."MilestoneStatus";

-- DropEnum
DROP TYPE "public"."ChangeOrderStatus";
