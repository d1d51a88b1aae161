CREATE TYPE "AppointmentStatus" AS ENUM ('booked', 'cancelled', 'held', 'no_show');

CREATE TYPE "QuoteStatus" AS ENUM ('draft', 'in_review', 'approved', 'sent', 'viewed', 'accepted', 'rejected', 'expired', 'revision_requested', 'superseded');

CREATE TABLE "appointments" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "quoteId" TEXT,
    "type" TEXT NOT NULL,
    "status" "AppointmentStatus" NOT NULL DEFAULT 'booked',
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "endsAt" TIMESTAMPTZ(3) NOT NULL,
    "blockedFrom" TIMESTAMPTZ(3) NOT NULL,
    "blockedUntil" TIMESTAMPTZ(3) NOT NULL,
    "timeZone" TEXT NOT NULL,
    "hostCalendarId" TEXT NOT NULL,
    "googleEventId" TEXT,
    "meetUrl" TEXT,
    "eventLink" TEXT,
    "notes" TEXT,
    "rescheduleCount" INTEGER NOT NULL DEFAULT 0,
    "cancelledAt" TIMESTAMPTZ(3),
    "cancelReason" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "appointments_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "quotes" (
    "id" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "customerId" TEXT NOT NULL,
    "quoteRequestId" TEXT,
    "previousVersionId" TEXT,
    "status" "QuoteStatus" NOT NULL DEFAULT 'draft',
    "currency" CHAR(3) NOT NULL,
    "title" TEXT NOT NULL,
    "executiveSummary" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "milestones" JSONB NOT NULL DEFAULT '[]',
    "timeline" TEXT,
    "terms" TEXT,
    "discount" JSONB,
    "taxRegion" TEXT NOT NULL,
    "taxName" TEXT NOT NULL,
    "taxPpm" INTEGER NOT NULL,
    "subtotalMinor" INTEGER NOT NULL,
    "discountMinor" INTEGER NOT NULL,
    "taxableMinor" INTEGER NOT NULL,
    "taxMinor" INTEGER NOT NULL,
    "totalMinor" INTEGER NOT NULL,
    "depositBps" INTEGER NOT NULL,
    "depositMinor" INTEGER NOT NULL,
    "validityDays" INTEGER NOT NULL DEFAULT 30,
    "validUntil" TIMESTAMPTZ(3),
    "authorId" TEXT,
    "submittedAt" TIMESTAMPTZ(3),
    "reviewedById" TEXT,
    "reviewedAt" TIMESTAMPTZ(3),
    "sentAt" TIMESTAMPTZ(3),
    "sentById" TEXT,
    "firstViewedAt" TIMESTAMPTZ(3),
    "lastViewedAt" TIMESTAMPTZ(3),
    "viewCount" INTEGER NOT NULL DEFAULT 0,
    "decidedAt" TIMESTAMPTZ(3),
    "acceptedName" TEXT,
    "acceptedIp" TEXT,
    "acceptedUserAgent" TEXT,
    "rejectionReason" TEXT,
    "revisionNote" TEXT,
    "expiredAt" TIMESTAMPTZ(3),
    "followUpQueuedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "quotes_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "quote_lines" (
    "id" TEXT NOT NULL,
    "quoteId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "code" TEXT,
    "description" TEXT NOT NULL,
    "rateMinor" INTEGER,
    "hours" TEXT,
    "complexity" TEXT,
    "factor" TEXT,
    "quantity" INTEGER,
    "unitMinor" INTEGER,
    "amountMinor" INTEGER NOT NULL,

    CONSTRAINT "quote_lines_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "quote_views" (
    "id" TEXT NOT NULL,
    "quoteId" TEXT NOT NULL,
    "viewedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ip" TEXT,
    "userAgent" TEXT,

    CONSTRAINT "quote_views_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "appointments_hostCalendarId_status_blockedFrom_idx" ON "appointments"("hostCalendarId", "status", "blockedFrom");

CREATE INDEX "appointments_customerId_startsAt_idx" ON "appointments"("customerId", "startsAt");

CREATE UNIQUE INDEX "quotes_previousVersionId_key" ON "quotes"("previousVersionId");

CREATE INDEX "quotes_customerId_idx" ON "quotes"("customerId");

CREATE INDEX "quotes_quoteRequestId_idx" ON "quotes"("quoteRequestId");

CREATE INDEX "quotes_status_validUntil_idx" ON "quotes"("status", "validUntil");

CREATE UNIQUE INDEX "quotes_number_version_key" ON "quotes"("number", "version");

CREATE UNIQUE INDEX "quote_lines_quoteId_position_key" ON "quote_lines"("quoteId", "position");

CREATE INDEX "quote_views_quoteId_viewedAt_idx" ON "quote_views"("quoteId", "viewedAt");

ALTER TABLE "appointments" ADD CONSTRAINT "appointments_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "customers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "appointments" ADD CONSTRAINT "appointments_quoteId_fkey" FOREIGN KEY ("quoteId") REFERENCES "quotes"("id") ON DELETE SET NULL ON UPDATE CASCADE;

ALTER TABLE "quotes" ADD CONSTRAINT "quotes_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "customers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "quotes" ADD CONSTRAINT "quotes_quoteRequestId_fkey" FOREIGN KEY ("quoteRequestId") REFERENCES "quote_requests"("id") ON DELETE SET NULL ON UPDATE CASCADE;

ALTER TABLE "quotes" ADD CONSTRAINT "quotes_previousVersionId_fkey" FOREIGN KEY ("previousVersionId") REFERENCES "quotes"("id") ON DELETE SET NULL ON UPDATE CASCADE;

ALTER TABLE "quote_lines" ADD CONSTRAINT "quote_lines_quoteId_fkey" FOREIGN KEY ("quoteId") REFERENCES "quotes"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "quote_views" ADD CONSTRAINT "quote_views_quoteId_fkey" FOREIGN KEY ("quoteId") REFERENCES "quotes"("id") ON DELETE CASCADE ON UPDATE CASCADE;
