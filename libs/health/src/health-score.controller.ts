import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { z } from 'zod';
import { Staff } from '@northstar/access';
import { AnalyticsCacheService } from '@northstar/analytics';
import { localDate } from '@northstar/business-hours';
import { ApiError, ApiZodQuery, calendarDate, timeZone, zod } from '@northstar/http';
import { HealthScoreService } from './health-score.service';
import { AuditRead } from '@northstar/audit';

const Distribution = z
  .object({
    from: calendarDate(),
    to: calendarDate(),
    interval: z.enum(['day', 'week', 'month']).default('month'),
    tz: timeZone().default('UTC'),
  })
  .refine((q) => q.from < q.to, { path: ['to'], message: 'to must be after from' })
  .refine((q) => (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 <= (q.interval === 'day' ? 400 : 3700), { path: ['interval'], message: 'too many buckets: use a longer interval' });

/** Customer and account health scores: read by customer success and management. */
@Controller('intelligence')
@Staff()
export class HealthScoreController {
  constructor(
    private readonly scores: HealthScoreService,
    private readonly cache: AnalyticsCacheService,
  ) {}

  @Get('health/distribution')
  @ApiOperation({ summary: 'Customers per health band at the end of each day/week/month of [from, to) on the tz calendar: [{ bucket, green, yellow, red }]' })
  @ApiZodQuery(Distribution)
  async distribution(@Query(zod(Distribution)) q: z.infer<typeof Distribution>) {
    const query = { from: q.from, to: q.to, interval: q.interval, timeZone: q.tz };
    // Cached per history version; the local date is in the key because the last bucket is cut at now.
    const material = { ...query, today: localDate(new Date(), q.tz) };
    const served = await this.cache.serve('health-distribution', material, () => this.scores.distribution(query), { version: await this.scores.historyVersion() });
    return served.value;
  }

  @Get('health/:subject/:id')
  @AuditRead('health_score')
  async health(@Param('subject') subject: string, @Param('id') id: string, @Query('history') history?: string) {
    if (subject !== 'customers' && subject !== 'accounts') throw ApiError.notFound('health subject');
    const r = await this.scores.get(subject === 'customers' ? 'customer' : 'account', id, Math.min(Number(history ?? 100) || 100, 1000));
    if (!r.current) throw ApiError.notFound('health score');
    return r;
  }
}
