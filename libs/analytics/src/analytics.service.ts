import { Injectable, Optional } from '@nestjs/common';
import type { DroppedUnits, Fresh, Freshness, FunnelResult, FunnelStepResult, KpiSeries, RetentionResult } from '@northstar/api-contracts';
import { ApiError } from '@northstar/http';
import { ClickhouseService } from '@northstar/clickhouse';
import { PrismaService } from '@northstar/prisma';
import { FunnelQuerySchema, FunnelShape, type FunnelQuery } from './funnel.schema';
import { funnelDroppedSql, funnelStepsSql, funnelTrendSql, type BuiltSql } from './funnel.sql';
import { computeKpiValues, KPI_DEFINITIONS, kpiQueries, toFigures, type KpiKey, type KpiSummary } from './kpi-figures';
import type { KpiPeriods } from './kpi.sql';
import { AnalyticsCacheService, type Served } from './analytics-cache.service';
import { previousFrom } from './analytics.schemas';
import { splitPeriod } from './snapshot-presets';
import { LIFECYCLE_FUNNEL } from './lifecycle-preset';
import { retentionSql, shapeRetention, type RetentionQuery } from './retention.sql';

type KpiComputed = Awaited<ReturnType<typeof computeKpiValues>>;

const freshness = <T>(s: Served<T>): Freshness => ({ computedAt: s.computedAt, dataVersion: s.dataVersion, cached: s.cached, stale: s.stale });

const num = (v: unknown) => (v === null || v === undefined || Number.isNaN(Number(v)) ? null : Number(v));

/** Shapes per-step rows into counts, conversions and drop-offs (conversion ≤ 100% by construction). */
export function shapeSteps(q: FunnelQuery, rows: Record<string, unknown>[]): FunnelStepResult[] {
  const count = (k: number) => Number(rows.find((r) => Number(r.step) === k)?.units ?? 0);
  return q.steps.map((s, i) => {
    const k = i + 1;
    const row = rows.find((r) => Number(r.step) === k);
    const c = count(k);
    const prev = k > 1 ? count(k - 1) : c;
    const first = count(1);
    const next = k < q.steps.length ? count(k + 1) : c;
    return {
      step: k,
      label: s.label ?? s.event,
      event: s.event,
      count: c,
      conversionFromPrevious: k === 1 ? (c ? 1 : null) : prev ? c / prev : null,
      conversionFromFirst: first ? c / first : null,
      dropOff: c - next,
      dropOffRate: c ? (c - next) / c : null,
      meanSecondsToConvert: k > 1 ? num(row?.mean_seconds) : null,
      medianSecondsToConvert: k > 1 ? num(row?.median_seconds) : null,
    };
  });
}

@Injectable()
export class AnalyticsService {
  constructor(
    private readonly clickhouse: ClickhouseService,
    private readonly prisma: PrismaService,
    @Optional() private readonly cache?: AnalyticsCacheService,
  ) {}

  /** Through the result cache when there is one (see analytics-cache.service.ts); computed otherwise. */
  private async serve<T>(kind: string, material: unknown, compute: () => Promise<T>, swr: boolean): Promise<Served<T>> {
    if (this.cache) return this.cache.serve(kind, material, compute, { swr });
    const computedAt = new Date().toISOString();
    return { value: await compute(), computedAt, dataVersion: null, cached: false, stale: false };
  }

  /** The KPI values of one period and the one before it: the unit the cache stores (targets are applied per request). */
  kpiValues(k: KpiPeriods, swr = false): Promise<Served<KpiComputed>> {
    const material = kpiQueries(k);
    return this.serve('kpi', material, () => computeKpiValues([this.run, this.runAnalytics], k), swr);
  }

  /** GET /analytics/kpis: the summary with freshness. `swr` for dashboard presets only. */
  async kpisServed(k: KpiPeriods, swr = false): Promise<Fresh<KpiSummary>> {
    const [served, targets] = await Promise.all([this.kpiValues(k, swr), this.targets()]);
    const { values, revenueByMonth, stages } = served.value;
    return {
      period: { from: k.from, to: k.to, previousFrom: k.prevFrom, timezone: k.timezone, currency: k.currency },
      kpis: toFigures(values[0], values[1], targets),
      revenueByMonth,
      stages,
      ...freshness(served),
    };
  }

  /**
   * KPI values for `buckets` consecutive sub-periods of [from, to) (the sparklines):
   * each bucket is the same cache entry as GET /analytics/kpis for that range.
   * Freshness is the oldest bucket's; cached only if every bucket was.
   */
  async kpiSeries(q: { from: string; to: string; timezone: string; currency: string; buckets: number }, swr = false): Promise<Fresh<KpiSeries>> {
    const parts = splitPeriod(q.from, q.to, q.buckets);
    const served = await Promise.all(parts.map((b) => this.kpiValues({ from: b.from, to: b.to, prevFrom: previousFrom(b.from, b.to), timezone: q.timezone, currency: q.currency }, swr)));
    const versions = served.map((s) => s.dataVersion);
    return {
      period: { from: q.from, to: q.to, timezone: q.timezone, currency: q.currency },
      buckets: parts.map((b, i) => ({ from: b.from, to: b.to, values: served[i].value.values[0] })),
      computedAt: served.map((s) => s.computedAt).sort()[0] ?? new Date().toISOString(),
      dataVersion: versions.some((v) => v === null) || !versions.length ? null : Math.min(...(versions as number[])),
      cached: served.every((s) => s.cached),
      stale: served.some((s) => s.stale),
    };
  }

  /** A funnel through the cache (the lifecycle preset's endpoint). */
  async funnelServed(q: FunnelQuery, swr = false): Promise<Fresh<FunnelResult<FunnelQuery>>> {
    const material = [funnelStepsSql(q), funnelTrendSql(q), ...(q.breakdown ? [funnelStepsSql({ ...q, breakdown: undefined })] : [])];
    const served = await this.serve('funnel', material, () => this.funnel(q), swr);
    return { ...served.value, ...freshness(served) };
  }

  async retentionServed(q: RetentionQuery, swr = false): Promise<Fresh<RetentionResult<RetentionQuery>>> {
    const served = await this.serve('retention', retentionSql(q), () => this.retention(q), swr);
    return { ...served.value, ...freshness(served) };
  }

  private run = async <T = Record<string, unknown>>(q: BuiltSql): Promise<T[]> => this.clickhouse.query<T>(q.sql, q.params);
  /** Second lane for the KPI summary: the analytics client runs beside the reader. */
  private runAnalytics = async <T = Record<string, unknown>>(q: BuiltSql): Promise<T[]> => {
    const client = await this.clickhouse.analytics();
    return (await client.query({ query: q.sql, query_params: q.params, format: 'JSONEachRow' })).json<T>();
  };

  async funnel(q: FunnelQuery): Promise<FunnelResult<FunnelQuery>> {
    const steps = await this.run(funnelStepsSql(q));
    const trend = await this.run<{ bucket: string; reached: unknown[] }>(funnelTrendSql(q));
    const overTime = trend.map((t) => {
      const reached = t.reached.map(Number);
      return { bucket: t.bucket, entered: reached[0], converted: reached[reached.length - 1], conversion: reached[0] ? reached[reached.length - 1] / reached[0] : null, reached };
    });
    if (!q.breakdown) return { definition: q, steps: shapeSteps(q, steps.filter((r) => r.breakdown === '')), overTime };
    const overall = await this.run(funnelStepsSql({ ...q, breakdown: undefined }));
    const values = [...new Set(steps.map((r) => String(r.breakdown)))];
    return {
      definition: q,
      steps: shapeSteps(q, overall),
      overTime,
      breakdown: values.map((value) => ({ value, steps: shapeSteps(q, steps.filter((r) => r.breakdown === value)) })),
    };
  }

  async dropped(q: FunnelQuery, step: number, limit: number, offset: number): Promise<DroppedUnits> {
    if (step < 1 || step > q.steps.length) throw ApiError.validation([{ field: 'step', message: `step must be 1..${q.steps.length}` }]);
    const rows = await this.run<{ unit: string; entry_ts: unknown; reached_ts: unknown; breakdown: string }>(funnelDroppedSql(q, step, limit, offset));
    return {
      step,
      label: q.steps[step - 1].label ?? q.steps[step - 1].event,
      nextStep: q.steps[step]?.event ?? null,
      units: rows.map((r) => ({ unit: r.unit, enteredAt: new Date(Number(r.entry_ts)).toISOString(), reachedAt: new Date(Number(r.reached_ts)).toISOString() })),
    };
  }

  lifecycleQuery(range: { from: string; to: string; timezone: string; interval: 'day' | 'week' | 'month' }): FunnelQuery {
    return FunnelQuerySchema.parse({ ...LIFECYCLE_FUNNEL, ...range });
  }

  async savedQuery(id: string, range: { from: string; to: string; timezone: string; interval: 'day' | 'week' | 'month' }): Promise<FunnelQuery> {
    if (id === 'lifecycle') return this.lifecycleQuery(range);
    const saved = await this.getSaved(id);
    const parsed = FunnelQuerySchema.safeParse({ ...(saved.definition as object), ...range });
    if (!parsed.success) throw ApiError.validation(parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })));
    return parsed.data;
  }

  async retention(q: RetentionQuery): Promise<RetentionResult<RetentionQuery>> {
    const rows = await this.run<{ kind: string; cohort: string; period: unknown; units: unknown }>(retentionSql(q));
    return { query: q, cohorts: shapeRetention(rows, q.periods) };
  }

  async kpis(k: KpiPeriods): Promise<KpiSummary> {
    const [{ values, revenueByMonth, stages }, targets] = await Promise.all([computeKpiValues([this.run, this.runAnalytics], k), this.targets()]);
    return {
      period: { from: k.from, to: k.to, previousFrom: k.prevFrom, timezone: k.timezone, currency: k.currency },
      kpis: toFigures(values[0], values[1], targets),
      revenueByMonth,
      stages,
    };
  }

  async targets(): Promise<Partial<Record<KpiKey, number | null>>> {
    const rows = await this.prisma.kpiTarget.findMany();
    return Object.fromEntries(rows.filter((r) => r.key in KPI_DEFINITIONS).map((r) => [r.key, r.target]));
  }

  async setTarget(key: KpiKey, target: number | null, by?: string) {
    await this.prisma.kpiTarget.upsert({ where: { key }, create: { key, target, updatedBy: by }, update: { target, updatedBy: by } });
    return { key, target };
  }

  listSaved() {
    return this.prisma.savedFunnel.findMany({ orderBy: { createdAt: 'asc' } });
  }
  async getSaved(id: string) {
    const f = await this.prisma.savedFunnel.findUnique({ where: { id } });
    if (!f) throw ApiError.notFound('Saved funnel');
    return f;
  }
  createSaved(def: ReturnType<typeof FunnelShape.parse>, by?: string) {
    return this.prisma.savedFunnel.create({ data: { name: def.name ?? 'Untitled funnel', definition: def as object, createdBy: by } });
  }
  async updateSaved(id: string, def: ReturnType<typeof FunnelShape.parse>) {
    await this.getSaved(id);
    return this.prisma.savedFunnel.update({ where: { id }, data: { name: def.name ?? 'Untitled funnel', definition: def as object } });
  }
  async deleteSaved(id: string) {
    await this.getSaved(id);
    await this.prisma.savedFunnel.delete({ where: { id } });
  }
}
