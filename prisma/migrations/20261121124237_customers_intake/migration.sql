-- CreateEnum
CREATE TYPE "CustomerType" AS ENUM ('individual', 'business');
-- CreateEnum
CREATE TYPE "ContactMethod" AS ENUM ('email', 'phone', 'sms', 'whatsapp');
-- CreateEnum
CREATE TYPE "RegistrationChannel" AS ENUM ('web_form', 'phone', 'walk_in', 'chat', 'whatsapp', 'referral', 'service_desk');
-- CreateEnum
CREATE TYPE "LifecycleStage" AS ENUM ('lead', 'prospect', 'customer', 'repeat', 'at_risk', 'churned');
-- CreateEnum
CREATE TYPE "QuoteRequestStatus" AS ENUM ('new', 'acknowledged', 'responded', 'quoted', 'closed');
-- CreateTable
CREATE TABLE "accounts" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "website" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "accounts_pkey" PRIMARY KEY ("id")
);
-- CreateTable
CREATE TABLE "contacts" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT,
    "email" TEXT,
    "phone" TEXT,
    "isPrimary" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "contacts_pkey" PRIMARY KEY ("id")
);
-- CreateTable
CREATE TABLE "customers" (
    "id" TEXT NOT NULL,
    "customerNumber" TEXT NOT NULL,
    "type" "CustomerType" NOT NULL DEFAULT 'individual',
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "phone" TEXT NOT NULL,
    "phoneDigits" TEXT NOT NULL,
    "secondaryPhone" TEXT,
    "whatsapp" TEXT,
    "preferredContact" "ContactMethod" NOT NULL,
    "addressLine1" TEXT,
    "addressLine2" TEXT,
    "city" TEXT,
    "region" TEXT,
    "postalCode" TEXT,
    "country" CHAR(2),
    "company" TEXT,
    "dateOfBirth" DATE,
    "occupation" TEXT,
    "language" TEXT,
    "timeZone" TEXT NOT NULL DEFAULT 'UTC',
    "channel" "RegistrationChannel" NOT NULL,
    "lifecycleStage" "LifecycleStage" NOT NULL DEFAULT 'lead',
    "lastServiceAt" TIMESTAMPTZ(3),
    "accountId" TEXT,
    "currency" CHAR(3) NOT NULL DEFAULT 'CAD',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deletedAt" TIMESTAMPTZ(3),
    "mergedIntoId" TEXT,

    CONSTRAINT "customers_pkey" PRIMARY KEY ("id")
);
-- CreateTable
CREATE TABLE "communication_preferences" (
    "customerId" TEXT NOT NULL,
    "preferredChannel" "ContactMethod" NOT NULL,
    "bestTime" TEXT,
    "language" TEXT,
    "marketingOptIn" BOOLEAN NOT NULL DEFAULT false,
    "notificationOptIns" JSONB NOT NULL DEFAULT '{}',
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "communication_preferences_pkey" PRIMARY KEY ("customerId")
);
-- CreateTable
CREATE TABLE "consent_events" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "field" TEXT NOT NULL,
    "oldValue" TEXT,
    "newValue" TEXT,
    "source" TEXT NOT NULL,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "consent_events_pkey" PRIMARY KEY ("id")
);
-- CreateTable
CREATE TABLE "customer_notes" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "authorId" TEXT,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "customer_notes_pkey" PRIMARY KEY ("id")
);
-- CreateTable
CREATE TABLE "customer_documents" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "filename" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "storagePath" TEXT NOT NULL,
    "uploadedBy" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "customer_documents_pkey" PRIMARY KEY ("id")
);
-- CreateTable
CREATE TABLE "quote_requests" (
    "id" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "complexity" TEXT NOT NULL,
    "urgent" BOOLEAN NOT NULL DEFAULT false,
    "queue" TEXT NOT NULL,
    "ownerId" TEXT,
    "details" TEXT NOT NULL,
    "budgetMinMinor" INTEGER,
    "budgetMaxMinor" INTEGER,
    "budgetCurrency" CHAR(3),
    "timeline" TEXT,
    "contactPreference" "ContactMethod",
    "channel" "RegistrationChannel" NOT NULL DEFAULT 'web_form',
    "status" "QuoteRequestStatus" NOT NULL DEFAULT 'new',
    "sourceIp" TEXT,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "firstResponseDueAt" TIMESTAMPTZ(3) NOT NULL,
    "firstRespondedAt" TIMESTAMPTZ(3),
    "firstResponderId" TEXT,
    "breachedAt" TIMESTAMPTZ(3),

    CONSTRAINT "quote_requests_pkey" PRIMARY KEY ("id")
);
-- CreateTable
CREATE TABLE "quote_request_attachments" (
    "id" TEXT NOT NULL,
    "quoteRequestId" TEXT NOT NULL,
    "filename" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "storagePath" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "quote_request_attachments_pkey" PRIMARY KEY ("id")
);
-- CreateTable
CREATE TABLE "document_counters" (
    "scope" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "next" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "document_counters_pkey" PRIMARY KEY ("scope","year")
);
-- CreateTable
CREATE TABLE "intake_routing_rules" (
    "id" TEXT NOT NULL,
    "category" TEXT NOT NULL DEFAULT '*',
    "complexity" TEXT NOT NULL DEFAULT '*',
    "queue" TEXT NOT NULL,
    "ownerId" TEXT,
    "priority" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "intake_routing_rules_pkey" PRIMARY KEY ("id")
);
-- CreateIndex
CREATE INDEX "contacts_accountId_idx" ON "contacts"("accountId");
-- CreateIndex
CREATE UNIQUE INDEX "customers_customerNumber_key" ON "customers"("customerNumber");
-- CreateIndex
CREATE UNIQUE INDEX "customers_email_key" ON "customers"("email");
-- CreateIndex
CREATE UNIQUE INDEX "customers_phone_key" ON "customers"("phone");
-- CreateIndex
CREATE INDEX "customers_createdAt_idx" ON "customers"("createdAt");
-- CreateIndex
CREATE INDEX "customers_type_createdAt_idx" ON "customers"("type", "createdAt");
-- CreateIndex
CREATE INDEX "customers_lifecycleStage_idx" ON "customers"("lifecycleStage");
-- CreateIndex
CREATE INDEX "customers_lastServiceAt_idx" ON "customers"("lastServiceAt");
-- CreateIndex
CREATE INDEX "customers_accountId_idx" ON "customers"("accountId");
-- CreateIndex
CREATE INDEX "consent_events_customerId_occurredAt_idx" ON "consent_events"("customerId", "occurredAt");
-- CreateIndex
CREATE INDEX "customer_notes_customerId_createdAt_idx" ON "customer_notes"("customerId", "createdAt");
-- CreateIndex
CREATE INDEX "customer_documents_customerId_idx" ON "customer_documents"("customerId");
-- CreateIndex
CREATE UNIQUE INDEX "quote_requests_number_key" ON "quote_requests"("number");
-- CreateIndex
CREATE INDEX "quote_requests_customerId_idx" ON "quote_requests"("customerId");
-- CreateIndex
CREATE INDEX "quote_requests_status_firstResponseDueAt_idx" ON "quote_requests"("status", "firstResponseDueAt");
-- CreateIndex
CREATE INDEX "quote_requests_breachedAt_idx" ON "quote_requests"("breachedAt");
-- CreateIndex
CREATE INDEX "quote_requests_queue_receivedAt_idx" ON "quote_requests"("queue", "receivedAt");
-- CreateIndex
CREATE INDEX "quote_request_attachments_quoteRequestId_idx" ON "quote_request_attachments"("quoteRequestId");
-- CreateIndex
CREATE UNIQUE INDEX "intake_routing_rules_category_complexity_key" ON "intake_routing_rules"("category", "complexity");
-- AddForeignKey
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "customers" ADD CONSTRAINT "customers_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "accounts"("id") ON DELETE SET NULL ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "customers" ADD CONSTRAINT "customers_mergedIntoId_fkey" FOREIGN KEY ("mergedIntoId") REFERENCES "customers"("id") ON DELETE SET NULL ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "communication_preferences" ADD CONSTRAINT "communication_preferences_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "customers"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "consent_events" ADD CONSTRAINT "consent_events_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "customers"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "customer_notes" ADD CONSTRAINT "customer_notes_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "customers"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "customer_documents" ADD CONSTRAINT "customer_documents_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "customers"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "quote_requests" ADD CONSTRAINT "quote_requests_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "customers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
-- AddForeignKey
ALTER TABLE "quote_request_attachments" ADD CONSTRAINT "quote_request_attachments_quoteRequestId_fkey" FOREIGN KEY ("quoteRequestId") REFERENCES "quote_requests"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written (Prisma cannot declare these): trigram search for customer lookup.
-- pg_trgm ships with Postgres contrib; the extension is shared by the database.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX "customers_name_trgm_idx" ON "customers" USING GIN ("name" gin_trgm_ops);
CREATE INDEX "customers_email_trgm_idx" ON "customers" USING GIN ("email" gin_trgm_ops);
CREATE INDEX "customers_phone_digits_trgm_idx" ON "customers" USING GIN ("phoneDigits" gin_trgm_ops);
CREATE INDEX "customers_address_trgm_idx" ON "customers" USING GIN ((coalesce("addressLine1", '') || ' ' || coalesce("city", '') || ' ' || coalesce("region", '') || ' ' || coalesce("postalCode", '')) gin_trgm_ops);
