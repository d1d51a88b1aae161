import { Injectable, Logger } from '@nestjs/common';
import { ClickhouseService } from '@northstar/clickhouse';
import { PrismaService } from '@northstar/prisma';
import { chTime } from '@northstar/contracts';
import { healthInputsSql, rollUpAccounts, type HealthGroupKey, type HealthInputsRow } from './health-inputs.sql';
import { DEFAULT_HEALTH_CONFIG, scoreHealth, trendOf, validateConfig, type HealthConfig, type HealthResult } from './health-scoring';

export interface HealthRunSummary {
  customers: number;
  accounts: number;
  historyRows: number;
  bandChanges: number;
  ms: { query: number; score: number; store: number };
}

const CHUNK = 5000;

/**
 * Computes health for everyone (scheduled) or for a few customers (debounced after
 * their events arrive): one ClickHouse aggregate for the inputs, pure scoring in TS,
 * one set-based upsert per chunk into Postgres. History gets a row only when a
 * score or band moves (or on first score), so hourly recomputes do not write
 * 100k identical rows each time.
 */
@Injectable()
export class HealthScoreService {
  private readonly logger = new Logger('HealthScores');
  config: HealthConfig = DEFAULT_HEALTH_CONFIG;

  constructor(
    private readonly clickhouse: ClickhouseService,
    private readonly prisma: PrismaService,
  ) {
    validateConfig(this.config);
  }

  async inputs(groupBy: HealthGroupKey, asOf: Date, ids?: string[]): Promise<HealthInputsRow[]> {
    const client = await this.clickhouse.analytics();
    const rs = await client.query({
      query: healthInputsSql({ groupBy, restrictToIds: ids !== undefined }),
      query_params: { asOf: chTime(asOf), ...(ids ? { ids } : {}) },
      format: 'JSONEachRow',
    });
    return rs.json<HealthInputsRow>();
  }

  async recompute(opts: { asOf?: Date; customerIds?: string[] } = {}): Promise<HealthRunSummary> {
    const asOf = opts.asOf ?? new Date();
    const ms = { query: 0, score: 0, store: 0 };
    let t = Date.now();
    const customers = await this.inputs('customer_id', asOf, opts.customerIds);
    const accountIds = opts.customerIds ? [...new Set(customers.map((c) => c.account_id).filter(Boolean))] : undefined;
    // Full run: roll customers up in TS (one scan). Partial run: the accounts' other contacts
    // were not read, so ask ClickHouse for just those accounts.
    const accounts = !accountIds ? rollUpAccounts(customers) : accountIds.length === 0 ? [] : await this.inputs('account_id', asOf, accountIds);
    ms.query = Date.now() - t;
    t = Date.now();
    const scored = [
      ...customers.map((r) => ({ subjectType: 'customer' as const, subjectId: r.subject_id, result: scoreHealth(r, asOf, this.config) })),
      ...accounts.map((r) => ({ subjectType: 'account' as const, subjectId: r.subject_id, result: scoreHealth(r, asOf, this.config) })),
    ];
    ms.score = Date.now() - t;
    t = Date.now();
    let historyRows = 0;
    let bandChanges = 0;
    for (let i = 0; i < scored.length; i += CHUNK) {
      const r = await this.store(scored.slice(i, i + CHUNK), asOf);
      historyRows += r.history;
      bandChanges += r.bandChanges;
    }
    ms.store = Date.now() - t;
    const summary = { customers: customers.length, accounts: accounts.length, historyRows, bandChanges, ms };
    this.logger.log(`health recomputed: ${JSON.stringify(summary)}`);
    return summary;
  }

  private async store(
    rows: { subjectType: 'customer' | 'account'; subjectId: string; result: HealthResult }[],
    computedAt: Date,
  ): Promise<{ history: number; bandChanges: number }> {
    const payload = JSON.stringify(
      rows.map((r) => ({
        subjectType: r.subjectType,
        subjectId: r.subjectId,
        score: r.result.score,
        band: r.result.band,
        profile: r.result.profile,
        components: r.result.components,
        missing: r.result.missing,
      })),
    );
    // Data-modifying CTEs all see the table as it was before the statement, so `prev`
    // is the previous score even though `up` overwrites it in the same statement.
    const result = await this.prisma.$queryRawUnsafe<{ history: number; band_changes: number }[]>(
      `WITH input AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb)
           AS x("subjectType" text, "subjectId" text, score int, band text, profile text, components jsonb, missing text[])
       ), prev AS (
         SELECT h."subjectType"::text AS st, h."subjectId" AS sid, h.score, h.band::text AS band, h."bandSince"
         FROM health_scores h JOIN input i ON h."subjectType"::text = i."subjectType" AND h."subjectId" = i."subjectId"
       ), up AS (
         INSERT INTO health_scores ("subjectType", "subjectId", score, band, "previousScore", "previousBand", trend, profile, components, missing, "computedAt", "bandSince")
         SELECT i."subjectType"::"HealthSubject", i."subjectId", i.score, i.band::"HealthBand", p.score, p.band::"HealthBand",
                CASE WHEN p.score IS NULL OR p.score = i.score THEN 'same' WHEN i.score > p.score THEN 'up' ELSE 'down' END,
                i.profile, i.components, i.missing, $2::timestamptz,
                CASE WHEN p.band = i.band THEN p."bandSince" ELSE $2::timestamptz END
         FROM input i LEFT JOIN prev p ON p.st = i."subjectType" AND p.sid = i."subjectId"
         ON CONFLICT ("subjectType", "subjectId") DO UPDATE SET
           score = EXCLUDED.score, band = EXCLUDED.band, "previousScore" = EXCLUDED."previousScore",
           "previousBand" = EXCLUDED."previousBand", trend = EXCLUDED.trend, profile = EXCLUDED.profile,
           components = EXCLUDED.components, missing = EXCLUDED.missing, "computedAt" = EXCLUDED."computedAt",
           "bandSince" = EXCLUDED."bandSince"
         RETURNING 1
       ), hist AS (
         INSERT INTO health_score_history ("subjectType", "subjectId", score, band, "previousScore", trend, profile, components, missing, "computedAt")
         SELECT i."subjectType"::"HealthSubject", i."subjectId", i.score, i.band::"HealthBand", p.score,
                CASE WHEN p.score IS NULL OR p.score = i.score THEN 'same' WHEN i.score > p.score THEN 'up' ELSE 'down' END,
                i.profile, i.components, i.missing, $2::timestamptz
         FROM input i LEFT JOIN prev p ON p.st = i."subjectType" AND p.sid = i."subjectId"
         WHERE p.sid IS NULL OR p.score <> i.score OR p.band <> i.band
         RETURNING 1
       )
       SELECT (SELECT count(*) FROM hist)::int AS history,
              (SELECT count(*) FROM input i JOIN prev p ON p.st = i."subjectType" AND p.sid = i."subjectId" WHERE p.band <> i.band)::int AS band_changes,
              (SELECT count(*) FROM up)::int AS upserted`,
      payload,
      computedAt,
    );
    return { history: Number(result[0]?.history ?? 0), bandChanges: Number(result[0]?.band_changes ?? 0) };
  }

  /**
   * How many customers were green / yellow / red at the end of each bucket of the
   * local dates [from, to) (buckets on the `timeZone` calendar; the last is cut at
   * `to` or now). History holds a row only when a
   * score or band moved, so a customer's band at an instant is that of their latest
   * history row before it; customers first scored later are not counted yet.
   */
  async distribution(q: { from: string; to: string; interval: 'day' | 'week' | 'month'; timeZone: string }) {
    const rows = await this.prisma.$queryRawUnsafe<{ bucket: string; green: number; yellow: number; red: number }[]>(
      `WITH b AS (
         SELECT gs AS local_start, least(((gs + ('1 ' || $3)::interval) AT TIME ZONE $4), ($2::date::timestamp AT TIME ZONE $4), now()) AS until
         FROM generate_series(date_trunc($3, $1::date::timestamp), $2::date::timestamp - interval '1 millisecond', ('1 ' || $3)::interval) gs
       )
       SELECT to_char(b.local_start, 'YYYY-MM-DD') AS bucket,
              count(*) FILTER (WHERE x.band = 'green')::int AS green,
              count(*) FILTER (WHERE x.band = 'yellow')::int AS yellow,
              count(*) FILTER (WHERE x.band = 'red')::int AS red
       FROM b
       LEFT JOIN LATERAL (
         SELECT DISTINCT ON (h."subjectId") h.band::text AS band
         FROM health_score_history h
         WHERE h."subjectType" = 'customer' AND h."computedAt" < b.until
         ORDER BY h."subjectId", h."computedAt" DESC
       ) x ON true
       WHERE b.local_start <= (now() AT TIME ZONE $4)
       GROUP BY b.local_start
       ORDER BY b.local_start`,
      q.from,
      q.to,
      q.interval,
      q.timeZone,
    );
    return rows;
  }

  /** Current score + history for one customer or account (API). */
  async get(subjectType: 'customer' | 'account', subjectId: string, historyLimit = 100) {
    const [current, history] = await Promise.all([
      this.prisma.healthScore.findUnique({ where: { subjectType_subjectId: { subjectType, subjectId } } }),
      this.prisma.healthScoreHistory.findMany({
        where: { subjectType, subjectId },
        orderBy: { computedAt: 'desc' },
        take: historyLimit,
      }),
    ]);
    return { current, history: history.map((h) => ({ ...h, id: String(h.id) })) };
  }

  /**
   * The version of everything `distribution` reads, for its result cache: the newest
   * history row id. Ids only grow and history rows are never deleted, and every run
   * that moves a score or band adds a row, so any change advances it.
   */
  async historyVersion(): Promise<number> {
    const [r] = await this.prisma.$queryRawUnsafe<{ v: string | null }[]>(`SELECT max(id)::text AS v FROM health_score_history`);
    return Number(r?.v ?? 0);
  }
}

export { trendOf };
