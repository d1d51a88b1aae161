-- CreateEnum
CREATE TYPE "HealthBand" AS ENUM ('green', 'yellow', 'red');

-- CreateEnum
CREATE TYPE "HealthSubject" AS ENUM ('customer', 'account');

-- CreateTable
CREATE TABLE "health_scores" (
    "subjectType" "HealthSubject" NOT NULL,
    "subjectId" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "band" "HealthBand" NOT NULL,
    "previousScore" INTEGER,
    "previousBand" "HealthBand",
    "trend" TEXT NOT NULL,
    "profile" TEXT NOT NULL,
    "components" JSONB NOT NULL,
    "missing" TEXT[],
    "computedAt" TIMESTAMPTZ(3) NOT NULL,
    "bandSince" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "health_scores_pkey" PRIMARY KEY ("subjectType","subjectId")
);

-- CreateTable
CREATE TABLE "health_score_history" (
    "id" BIGSERIAL NOT NULL,
    "subjectType" "HealthSubject" NOT NULL,
    "subjectId" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "band" "HealthBand" NOT NULL,
    "previousScore" INTEGER,
    "trend" TEXT NOT NULL,
    "profile" TEXT NOT NULL,
    "components" JSONB NOT NULL,
    "missing" TEXT[],
    "computedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "health_score_history_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "churn_models" (
    "id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "trainedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "horizonDays" INTEGER NOT NULL,
    "cutoffs" JSONB NOT NULL,
    "model" JSONB NOT NULL,
    "auc" DOUBLE PRECISION NOT NULL,
    "topDecileLift" DOUBLE PRECISION NOT NULL,
    "calibration" JSONB NOT NULL,
    "metrics" JSONB NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "churn_models_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "churn_scores" (
    "customerId" TEXT NOT NULL,
    "probability" DOUBLE PRECISION NOT NULL,
    "risk" TEXT NOT NULL,
    "drivers" JSONB NOT NULL,
    "pAlive" DOUBLE PRECISION,
    "modelVersion" INTEGER NOT NULL,
    "computedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "churn_scores_pkey" PRIMARY KEY ("customerId")
);

-- CreateTable
CREATE TABLE "customer_segment_profiles" (
    "customerId" TEXT NOT NULL,
    "recencyDays" INTEGER,
    "frequency" INTEGER NOT NULL,
    "monetaryMinor" BIGINT NOT NULL,
    "rScore" INTEGER NOT NULL,
    "fScore" INTEGER NOT NULL,
    "mScore" INTEGER NOT NULL,
    "rfmSegment" TEXT NOT NULL,
    "valueTier" TEXT NOT NULL,
    "frequencyTier" TEXT NOT NULL,
    "lifecycleStage" TEXT NOT NULL,
    "salesStage" TEXT NOT NULL,
    "features" JSONB NOT NULL,
    "computedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "customer_segment_profiles_pkey" PRIMARY KEY ("customerId")
);

-- CreateTable
CREATE TABLE "segment_memberships" (
    "id" BIGSERIAL NOT NULL,
    "segmentKey" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "enteredAt" TIMESTAMPTZ(3) NOT NULL,
    "leftAt" TIMESTAMPTZ(3),
    "source" TEXT NOT NULL DEFAULT 'computed',

    CONSTRAINT "segment_memberships_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "segment_size_snapshots" (
    "id" BIGSERIAL NOT NULL,
    "segmentKey" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "segment_size_snapshots_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "custom_segments" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "rule" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "custom_segments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "intervention_rules" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "trigger" JSONB NOT NULL,
    "holdForDays" INTEGER NOT NULL DEFAULT 0,
    "cooldownDays" INTEGER NOT NULL DEFAULT 30,
    "actions" JSONB NOT NULL,
    "holdoutShare" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "intervention_rules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "intervention_condition_states" (
    "ruleId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "since" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "intervention_condition_states_pkey" PRIMARY KEY ("ruleId","customerId")
);

-- CreateTable
CREATE TABLE "intervention_firings" (
    "id" TEXT NOT NULL,
    "ruleId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "windowStart" TIMESTAMPTZ(3) NOT NULL,
    "firedAt" TIMESTAMPTZ(3) NOT NULL,
    "heldOut" BOOLEAN NOT NULL DEFAULT false,
    "reason" JSONB NOT NULL,
    "scoreAtFire" INTEGER,
    "bandAtFire" TEXT,
    "outcome" TEXT NOT NULL DEFAULT 'pending',
    "outcomeAt" TIMESTAMPTZ(3),

    CONSTRAINT "intervention_firings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "intervention_logs" (
    "id" BIGSERIAL NOT NULL,
    "firingId" TEXT,
    "customerId" TEXT,
    "kind" TEXT NOT NULL,
    "detail" JSONB NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "intervention_logs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cs_tasks" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "firingId" TEXT,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "assignee" TEXT,
    "status" TEXT NOT NULL DEFAULT 'open',
    "dueAt" TIMESTAMPTZ(3) NOT NULL,
    "snoozedUntil" TIMESTAMPTZ(3),
    "resolution" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "cs_tasks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cs_task_status_changes" (
    "id" BIGSERIAL NOT NULL,
    "taskId" TEXT NOT NULL,
    "from" TEXT,
    "to" TEXT NOT NULL,
    "actor" TEXT,
    "note" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "cs_task_status_changes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "nurture_enrollments" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "firingId" TEXT,
    "sequenceKey" TEXT NOT NULL,
    "steps" JSONB NOT NULL,
    "nextStep" INTEGER NOT NULL DEFAULT 0,
    "nextAt" TIMESTAMPTZ(3) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "stopReason" TEXT,
    "enrolledAt" TIMESTAMPTZ(3) NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "nurture_enrollments_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "health_scores_band_score_idx" ON "health_scores"("band", "score");

-- CreateIndex
CREATE INDEX "health_score_history_subjectType_subjectId_computedAt_idx" ON "health_score_history"("subjectType", "subjectId", "computedAt");

-- CreateIndex
CREATE UNIQUE INDEX "churn_models_version_key" ON "churn_models"("version");

-- CreateIndex
CREATE INDEX "churn_scores_probability_idx" ON "churn_scores"("probability");

-- CreateIndex
CREATE INDEX "customer_segment_profiles_rfmSegment_idx" ON "customer_segment_profiles"("rfmSegment");

-- CreateIndex
CREATE INDEX "segment_memberships_customerId_leftAt_idx" ON "segment_memberships"("customerId", "leftAt");

-- CreateIndex
CREATE INDEX "segment_memberships_segmentKey_leftAt_idx" ON "segment_memberships"("segmentKey", "leftAt");

-- CreateIndex
CREATE INDEX "segment_size_snapshots_segmentKey_at_idx" ON "segment_size_snapshots"("segmentKey", "at");

-- CreateIndex
CREATE UNIQUE INDEX "custom_segments_key_key" ON "custom_segments"("key");

-- CreateIndex
CREATE INDEX "intervention_firings_customerId_firedAt_idx" ON "intervention_firings"("customerId", "firedAt");

-- CreateIndex
CREATE INDEX "intervention_firings_outcome_firedAt_idx" ON "intervention_firings"("outcome", "firedAt");

-- CreateIndex
CREATE UNIQUE INDEX "intervention_firings_ruleId_customerId_windowStart_key" ON "intervention_firings"("ruleId", "customerId", "windowStart");

-- CreateIndex
CREATE INDEX "intervention_logs_firingId_idx" ON "intervention_logs"("firingId");

-- CreateIndex
CREATE INDEX "intervention_logs_customerId_at_idx" ON "intervention_logs"("customerId", "at");

-- CreateIndex
CREATE INDEX "cs_tasks_status_dueAt_idx" ON "cs_tasks"("status", "dueAt");

-- CreateIndex
CREATE INDEX "cs_tasks_customerId_idx" ON "cs_tasks"("customerId");

-- CreateIndex
CREATE INDEX "cs_task_status_changes_taskId_at_idx" ON "cs_task_status_changes"("taskId", "at");

-- CreateIndex
CREATE INDEX "nurture_enrollments_status_nextAt_idx" ON "nurture_enrollments"("status", "nextAt");

-- CreateIndex
CREATE UNIQUE INDEX "nurture_enrollments_customerId_sequenceKey_enrolledAt_key" ON "nurture_enrollments"("customerId", "sequenceKey", "enrolledAt");

-- AddForeignKey
ALTER TABLE "cs_task_status_changes" ADD CONSTRAINT "cs_task_status_changes_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "cs_tasks"("id") ON DELETE CASCADE ON UPDATE CASCADE;
