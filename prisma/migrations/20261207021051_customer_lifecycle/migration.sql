-- CreateTable
CREATE TABLE "customer_lifecycle" (
    "customerId" TEXT NOT NULL,
    "salesStage" TEXT NOT NULL,
    "salesStageSince" TIMESTAMPTZ(3) NOT NULL,
    "relationshipStage" TEXT NOT NULL,
    "relationshipStageSince" TIMESTAMPTZ(3) NOT NULL,
    "customerSince" TIMESTAMPTZ(3) NOT NULL,
    "lastServiceAt" TIMESTAMPTZ(3),
    "history" JSONB NOT NULL,
    "computedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "customer_lifecycle_pkey" PRIMARY KEY ("customerId")
);

-- CreateIndex
CREATE INDEX "customer_lifecycle_salesStage_idx" ON "customer_lifecycle"("salesStage");

-- CreateIndex
CREATE INDEX "customer_lifecycle_relationshipStage_idx" ON "customer_lifecycle"("relationshipStage");

-- AddForeignKey
ALTER TABLE "customer_lifecycle" ADD CONSTRAINT "customer_lifecycle_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "customers"("id") ON DELETE CASCADE ON UPDATE CASCADE;
