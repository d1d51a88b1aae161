-- CreateTable
CREATE TABLE "analytics_saved_funnels" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "definition" JSONB NOT NULL,
    "createdBy" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "analytics_saved_funnels_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "analytics_kpi_targets" (
    "key" TEXT NOT NULL,
    "target" DOUBLE PRECISION,
    "updatedBy" TEXT,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "analytics_kpi_targets_pkey" PRIMARY KEY ("key")
);
