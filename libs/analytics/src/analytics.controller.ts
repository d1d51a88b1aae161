import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Staff } from '@northstar/access';
import { ApiZodBody, ApiZodQuery, zod } from '@northstar/http';
import { AnalyticsService } from './analytics.service';
import { DroppedQuerySchema, KpiKeyParam, KpiQuerySchema, KpiSeriesQuerySchema, KpiTargetSchema, previousFrom, RangeQuerySchema, UuidParam } from './analytics.schemas';
import { isPresetRange } from './snapshot-presets';
import { FunnelQuerySchema, FunnelShape, type FunnelQuery } from './funnel.schema';
import type { KpiKey } from './kpi-figures';
import { RetentionQuerySchema, type RetentionQuery } from './retention.sql';
import type { z } from 'zod';
import { AuditRead } from '@northstar/audit';

/**
 * Funnels, retention and the KPI summary. Every input is zod-validated and
 * reaches ClickHouse only as bound parameters.
 */
@ApiTags('analytics')
@Controller('analytics')
export class AnalyticsController {
  constructor(private readonly analytics: AnalyticsService) {}

  @Get('kpis')
  @Staff()
  @ApiZodQuery(KpiQuerySchema)
  kpis(@Query(zod(KpiQuerySchema)) q: z.infer<typeof KpiQuerySchema>) {
    const k = { from: q.from, to: q.to, prevFrom: previousFrom(q.from, q.to), timezone: q.tz, currency: q.currency };
    return this.analytics.kpisServed(k, isPresetRange(q.from, q.to, q.tz));
  }

  /** The KPI values of `buckets` consecutive sub-periods of [from, to) in one call (sparklines). */
  @Get('kpis/series')
  @Staff()
  @ApiZodQuery(KpiSeriesQuerySchema)
  kpiSeries(@Query(zod(KpiSeriesQuerySchema)) q: z.infer<typeof KpiSeriesQuerySchema>) {
    return this.analytics.kpiSeries({ from: q.from, to: q.to, timezone: q.tz, currency: q.currency, buckets: q.buckets }, isPresetRange(q.from, q.to, q.tz));
  }

  @Put('kpis/targets/:key')
  @Staff()
  @ApiZodBody(KpiTargetSchema)
  setTarget(@Param('key', zod(KpiKeyParam, 'key')) key: string, @Body(zod(KpiTargetSchema)) body: z.infer<typeof KpiTargetSchema>) {
    return this.analytics.setTarget(key as KpiKey, body.target);
  }

  @Post('funnels')
  @HttpCode(200)
  @Staff()
  @ApiZodBody(FunnelQuerySchema, 'An ad-hoc funnel definition with its date range')
  funnel(@Body(zod(FunnelQuerySchema)) q: FunnelQuery) {
    return this.analytics.funnel(q);
  }

  @Get('funnels/lifecycle')
  @Staff()
  @ApiZodQuery(RangeQuerySchema)
  lifecycle(@Query(zod(RangeQuerySchema)) range: z.infer<typeof RangeQuerySchema>) {
    return this.analytics.funnelServed(this.analytics.lifecycleQuery(range), isPresetRange(range.from, range.to, range.timezone));
  }

  @Get('funnels/saved')
  @Staff()
  listSaved() {
    return this.analytics.listSaved();
  }

  @Post('funnels/saved')
  @Staff()
  @ApiZodBody(FunnelShape)
  createSaved(@Body(zod(FunnelShape)) def: z.infer<typeof FunnelShape>) {
    return this.analytics.createSaved(def);
  }

  @Get('funnels/saved/:id')
  @Staff()
  getSaved(@Param('id', zod(UuidParam, 'id')) id: string) {
    return this.analytics.getSaved(id);
  }

  @Put('funnels/saved/:id')
  @Staff()
  @ApiZodBody(FunnelShape)
  updateSaved(@Param('id', zod(UuidParam, 'id')) id: string, @Body(zod(FunnelShape)) def: z.infer<typeof FunnelShape>) {
    return this.analytics.updateSaved(id, def);
  }

  @Delete('funnels/saved/:id')
  @HttpCode(204)
  @Staff()
  async deleteSaved(@Param('id', zod(UuidParam, 'id')) id: string) {
    await this.analytics.deleteSaved(id);
  }

  @Get('funnels/saved/:id/results')
  @Staff()
  @ApiZodQuery(RangeQuerySchema)
  async savedResults(@Param('id', zod(UuidParam, 'id')) id: string, @Query(zod(RangeQuerySchema)) range: z.infer<typeof RangeQuerySchema>) {
    return this.analytics.funnel(await this.analytics.savedQuery(id, range));
  }

  /** `:id` is a saved funnel id or `lifecycle`. Customer success works these lists. */
  @Get('funnels/:id/dropped')
  @AuditRead('customer')
  @Staff()
  @ApiZodQuery(DroppedQuerySchema)
  async dropped(@Param('id') id: string, @Query(zod(DroppedQuerySchema)) q: z.infer<typeof DroppedQuerySchema>) {
    const idOk = id === 'lifecycle' ? id : zod(UuidParam, 'id').transform(id);
    const funnel = await this.analytics.savedQuery(idOk, q);
    return this.analytics.dropped(funnel, q.step, q.limit, q.offset);
  }

  @Get('retention')
  @Staff()
  @ApiZodQuery(RetentionQuerySchema)
  retention(@Query(zod(RetentionQuerySchema)) q: RetentionQuery) {
    return this.analytics.retentionServed(q, isPresetRange(q.from, q.to, q.timezone));
  }
}
