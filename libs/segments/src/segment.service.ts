import { Injectable, Logger } from '@nestjs/common';
import { ClickhouseService } from '@northstar/clickhouse';
import { chTime } from '@northstar/contracts';
import { PrismaService } from '@northstar/prisma';
import { evaluateRule, type RuleFacts, type SegmentRule } from './custom-rule';
import { segmentFeaturesSql, type SegmentFeaturesRow } from './segment-features.sql';
import {
  DEFAULT_SEGMENT_CONFIG,
  frequencyTier,
  lifecycleStage,
  rfmSegment,
  salesStage,
  valueTier,
  vipCriteria,
  type SegmentConfig,
} from './segment-rules';

export interface CustomerSegments {
  customerId: string;
  recencyDays: number | null;
  frequency: number;
  monetaryMinor: number;
  rScore: number;
  fScore: number;
  mScore: number;
  rfmSegment: string;
  valueTier: string;
  frequencyTier: string;
  lifecycleStage: string;
  salesStage: string;
  features: Record<string, unknown>;
  keys: string[];
}

const CHUNK = 10_000;

/**
 * Assigns every customer to its RFM segment, value tier, frequency tier,
 * lifecycle stage, sales stage and custom segments; keeps membership history
 * (enteredAt / leftAt) by diffing the new assignment against the open
 * memberships in Postgres, and snapshots segment sizes each run.
 */
@Injectable()
export class SegmentService {
  private readonly logger = new Logger('Segments');
  config: SegmentConfig = DEFAULT_SEGMENT_CONFIG;
  windowDays = 365;

  constructor(
    private readonly clickhouse: ClickhouseService,
    private readonly prisma: PrismaService,
  ) {}

  async compute(asOf = new Date()): Promise<CustomerSegments[]> {
    const client = await this.clickhouse.analytics();
    const rs = await client.query({ query: segmentFeaturesSql(), query_params: { asOf: chTime(asOf), windowDays: this.windowDays }, format: 'JSONEachRow' });
    const rows = await rs.json<SegmentFeaturesRow>();
    const [health, churn, custom] = await Promise.all([
      this.prisma.$queryRawUnsafe<{ id: string; score: number; band: string }[]>(
        `SELECT "subjectId" AS id, score, band::text AS band FROM health_scores WHERE "subjectType" = 'customer'`,
      ),
      this.prisma.$queryRawUnsafe<{ id: string; p: number }[]>(`SELECT "customerId" AS id, probability AS p FROM churn_scores`),
      this.prisma.customSegment.findMany(),
    ]);
    const h = new Map(health.map((x) => [x.id, x]));
    const c = new Map(churn.map((x) => [x.id, x.p]));
    return rows.map((row) => {
      const r = Number(row.r_score);
      const f = Number(row.f_score);
      const m = Number(row.m_score);
      const hs = h.get(row.customer_id);
      const p = c.get(row.customer_id) ?? null;
      const seg = rfmSegment(r, f);
      const vt = valueTier(m, this.config);
      const ft = frequencyTier(row, this.config);
      const ls = lifecycleStage(row, { healthBand: hs?.band, churnProbability: p }, this.config);
      const ss = salesStage(row, this.config);
      const scores = {
        frequency: Number(row.frequency),
        monetaryMinor: Number(row.monetary_minor),
        rScore: r,
        fScore: f,
        mScore: m,
        rfmSegment: seg,
        valueTier: vt,
        frequencyTier: ft,
        lifecycleStage: ls,
        salesStage: ss,
      };
      const facts: RuleFacts = {
        recencyDays: row.recency_days === null ? null : Number(row.recency_days),
        ...scores,
        tenureDays: Number(row.tenure_days),
        referrals: Number(row.referrals),
        customerType: row.customer_type || null,
        daysSinceInteraction: row.days_since_interaction === null ? null : Number(row.days_since_interaction),
        healthScore: hs?.score ?? null,
        healthBand: hs?.band ?? null,
        churnProbability: p,
      };
      const keys = [`rfm:${seg}`, `value:${vt}`, `frequency:${ft}`, `lifecycle:${ls}`, `sales:${ss}`];
      for (const cs of custom) if (evaluateRule(cs.rule as SegmentRule, facts)) keys.push(`custom:${cs.key}`);
      return {
        customerId: row.customer_id,
        recencyDays: facts.recencyDays as number | null,
        ...scores,
        features: { ...facts, vipCriteria: vipCriteria(row, this.config), purchasesTotal: Number(row.purchases_total) },
        keys,
      };
    });
  }

  async recompute(asOf = new Date()): Promise<{ customers: number; entered: number; left: number; ms: { compute: number; store: number } }> {
    let t = Date.now();
    const all = await this.compute(asOf);
    const computeMs = Date.now() - t;
    t = Date.now();
    const result = await this.prisma.$transaction(
      async (tx) => {
        for (let i = 0; i < all.length; i += CHUNK) {
          const chunk = all.slice(i, i + CHUNK).map((s) => ({ ...s, monetaryMinor: String(s.monetaryMinor), keys: undefined }));
          await tx.$executeRawUnsafe(
            `INSERT INTO customer_segment_profiles ("customerId", "recencyDays", frequency, "monetaryMinor", "rScore", "fScore", "mScore",
               "rfmSegment", "valueTier", "frequencyTier", "lifecycleStage", "salesStage", features, "computedAt")
             SELECT x."customerId", x."recencyDays", x.frequency, x."monetaryMinor"::bigint, x."rScore", x."fScore", x."mScore",
               x."rfmSegment", x."valueTier", x."frequencyTier", x."lifecycleStage", x."salesStage", x.features, $2::timestamptz
             FROM jsonb_to_recordset($1::jsonb) AS x("customerId" text, "recencyDays" int, frequency int, "monetaryMinor" text, "rScore" int,
               "fScore" int, "mScore" int, "rfmSegment" text, "valueTier" text, "frequencyTier" text, "lifecycleStage" text, "salesStage" text, features jsonb)
             ON CONFLICT ("customerId") DO UPDATE SET "recencyDays" = EXCLUDED."recencyDays", frequency = EXCLUDED.frequency,
               "monetaryMinor" = EXCLUDED."monetaryMinor", "rScore" = EXCLUDED."rScore", "fScore" = EXCLUDED."fScore", "mScore" = EXCLUDED."mScore",
               "rfmSegment" = EXCLUDED."rfmSegment", "valueTier" = EXCLUDED."valueTier", "frequencyTier" = EXCLUDED."frequencyTier",
               "lifecycleStage" = EXCLUDED."lifecycleStage", "salesStage" = EXCLUDED."salesStage", features = EXCLUDED.features,
               "computedAt" = EXCLUDED."computedAt"`,
            JSON.stringify(chunk),
            asOf,
          );
        }
        await tx.$executeRawUnsafe(`CREATE TEMP TABLE seg_stage (k text NOT NULL, c text NOT NULL) ON COMMIT DROP`);
        for (let i = 0; i < all.length; i += CHUNK) {
          const slice = all.slice(i, i + CHUNK);
          await tx.$executeRawUnsafe(
            `INSERT INTO seg_stage (k, c) SELECT unnest($1::text[]), unnest($2::text[])`,
            slice.flatMap((s) => s.keys),
            slice.flatMap((s) => s.keys.map(() => s.customerId)),
          );
        }
        await tx.$executeRawUnsafe(`CREATE INDEX ON seg_stage (c, k)`);
        await tx.$executeRawUnsafe(`ANALYZE seg_stage`);
        const left = await tx.$executeRawUnsafe(
          `UPDATE segment_memberships m SET "leftAt" = $1::timestamptz
           WHERE m."leftAt" IS NULL AND m.source = 'computed'
             AND NOT EXISTS (SELECT 1 FROM seg_stage s WHERE s.c = m."customerId" AND s.k = m."segmentKey")`,
          asOf,
        );
        const entered = await tx.$executeRawUnsafe(
          `INSERT INTO segment_memberships ("segmentKey", "customerId", "enteredAt", source)
           SELECT s.k, s.c, $1::timestamptz, 'computed' FROM seg_stage s
           WHERE NOT EXISTS (SELECT 1 FROM segment_memberships m WHERE m."customerId" = s.c AND m."segmentKey" = s.k AND m."leftAt" IS NULL)`,
          asOf,
        );
        await tx.$executeRawUnsafe(
          `INSERT INTO segment_size_snapshots ("segmentKey", size, at)
           SELECT "segmentKey", count(*)::int, $1::timestamptz FROM segment_memberships WHERE "leftAt" IS NULL GROUP BY "segmentKey"`,
          asOf,
        );
        return { entered, left };
      },
      { timeout: 300_000, maxWait: 30_000 },
    );
    const summary = { customers: all.length, ...result, ms: { compute: computeMs, store: Date.now() - t } };
    this.logger.log(`segments recomputed: ${JSON.stringify(summary)}`);
    return summary;
  }

  /** Adds a customer to a segment by hand (intervention action); idempotent while open. */
  async addManual(customerId: string, segmentKey: string, at = new Date()): Promise<boolean> {
    const n = await this.prisma.$executeRawUnsafe(
      `INSERT INTO segment_memberships ("segmentKey", "customerId", "enteredAt", source)
       SELECT $1, $2, $3::timestamptz, 'manual'
       WHERE NOT EXISTS (SELECT 1 FROM segment_memberships WHERE "segmentKey" = $1 AND "customerId" = $2 AND "leftAt" IS NULL)`,
      segmentKey,
      customerId,
      at,
    );
    return n > 0;
  }

  /**
   * The version of what `sizes` reads, for its result cache: newest membership id +
   * newest size snapshot id. An entry adds a membership row; members leave only in
   * `recompute`, which also writes size snapshots (unless no membership at all stays
   * open). Ids only grow and these rows are never deleted, so any change advances it.
   */
  async sizesVersion(): Promise<number> {
    const [r] = await this.prisma.$queryRawUnsafe<{ v: string | null }[]>(
      `SELECT (coalesce((SELECT max(id) FROM segment_memberships), 0) + coalesce((SELECT max(id) FROM segment_size_snapshots), 0))::text AS v`,
    );
    return Number(r?.v ?? 0);
  }

  async sizes(): Promise<{ segmentKey: string; size: number }[]> {
    return this.prisma.$queryRawUnsafe(
      `SELECT "segmentKey", count(*)::int AS size FROM segment_memberships WHERE "leftAt" IS NULL GROUP BY "segmentKey" ORDER BY "segmentKey"`,
    );
  }

  async sizesOverTime(segmentKey: string, limit = 200) {
    const rows = await this.prisma.segmentSizeSnapshot.findMany({ where: { segmentKey }, orderBy: { at: 'desc' }, take: limit });
    return rows.map((r) => ({ at: r.at, size: r.size }));
  }

  async members(segmentKey: string, take = 100, skip = 0) {
    const rows = await this.prisma.segmentMembership.findMany({ where: { segmentKey, leftAt: null }, orderBy: { enteredAt: 'asc' }, take, skip });
    return rows.map((r) => ({ customerId: r.customerId, enteredAt: r.enteredAt, source: r.source }));
  }

  async forCustomer(customerId: string) {
    const [profile, history] = await Promise.all([
      this.prisma.customerSegmentProfile.findUnique({ where: { customerId } }),
      this.prisma.segmentMembership.findMany({ where: { customerId }, orderBy: { enteredAt: 'desc' }, take: 200 }),
    ]);
    return {
      profile: profile ? { ...profile, monetaryMinor: Number(profile.monetaryMinor) } : null,
      memberships: history.map((m) => ({ segmentKey: m.segmentKey, enteredAt: m.enteredAt, leftAt: m.leftAt, source: m.source })),
    };
  }
}
