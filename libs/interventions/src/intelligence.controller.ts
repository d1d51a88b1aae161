import { Body, Controller, Delete, Get, HttpCode, Inject, Optional, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { z } from 'zod';
import { CurrentActor, Roles, type Actor } from '@northstar/access';
import { AnalyticsCacheService } from '@northstar/analytics';
import { ApiOperation } from '@nestjs/swagger';
import { ApiError, ApiZodQuery, zod } from '@northstar/http';
import { PrismaService } from '@northstar/prisma';
import { CustomSegmentSchema } from '@northstar/segments';
import { TaskTransitionError } from './desk.service';
import { IntelligenceCache, localDate } from './intelligence-cache';
import { INTELLIGENCE, type IntelligenceServices } from './intelligence.factory';
import { RulePatchSchema, RuleSchema } from './rule.schema';

const Paging = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50), offset: z.coerce.number().int().min(0).default(0) });
const TaskFilter = z.object({
  status: z.enum(['open', 'acknowledged', 'snoozed', 'resolved']).optional(),
  assignee: z.string().max(200).optional(),
  customerId: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
const Distribution = z
  .object({
    from: z.iso.date(),
    to: z.iso.date(),
    interval: z.enum(['day', 'week', 'month']).default('month'),
    tz: z.string().max(64).refine((v) => { try { new Intl.DateTimeFormat('en', { timeZone: v }); return true; } catch { return false; } }, 'expected an IANA time zone').default('UTC'),
  })
  .refine((q) => q.from < q.to, { path: ['to'], message: 'to must be after from' })
  .refine((q) => (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 <= (q.interval === 'day' ? 400 : 3700), { path: ['interval'], message: 'too many buckets: use a longer interval' });
const FiringFilter = Paging.extend({ customerId: z.string().min(1).max(200).optional(), ruleId: z.string().min(1).max(200).optional() });
const Note = z.object({ note: z.string().max(2000).optional() });
const AtRiskQuery = Paging.extend({ includeInactive: z.enum(['true', 'false']).default('false').transform((v) => v === 'true') });
const RUN_JOBS = ['health-recompute-all', 'churn-train', 'churn-score', 'segments-recompute', 'interventions-evaluate'] as const;
const RunJobs = z.object({ jobs: z.array(z.enum(RUN_JOBS)).min(1).max(10) });
const Assign = Note.extend({ assignee: z.string().min(1).max(200) });
const Snooze = Note.extend({ until: z.coerce.date() });
const Resolve = Note.extend({ resolution: z.string().min(1).max(2000) });

const who = (a: Actor) => (a.type === 'user' ? a.email : a.type === 'api_key' ? `api_key:${a.name}` : a.type);

/** Health, churn, segments and intervention rules: read by customer success and management. */
@Controller('intelligence')
@Roles('admin', 'customer_success', 'management')
export class IntelligenceController {
  private readonly cached: IntelligenceCache;

  constructor(
    @Inject(INTELLIGENCE) private readonly s: IntelligenceServices,
    private readonly prisma: PrismaService,
    @Optional() cache?: AnalyticsCacheService,
  ) {
    this.cached = new IntelligenceCache(prisma, cache);
  }

  @Get('health/distribution')
  @ApiOperation({ summary: 'Customers per health band at the end of each day/week/month of [from, to) on the tz calendar: [{ bucket, green, yellow, red }]' })
  @ApiZodQuery(Distribution)
  distribution(@Query(zod(Distribution)) q: z.infer<typeof Distribution>) {
    const query = { from: q.from, to: q.to, interval: q.interval, timeZone: q.tz };
    // Cached per health version; the local date is in the key because the last bucket is cut at now.
    return this.cached.serve('health-distribution', { ...query, today: localDate(q.tz) }, () => this.cached.healthVersion(), () => this.s.health.distribution(query));
  }

  @Get('health/:subject/:id')
  async health(@Param('subject') subject: string, @Param('id') id: string, @Query('history') history?: string) {
    if (subject !== 'customers' && subject !== 'accounts') throw ApiError.notFound('health subject');
    const r = await this.s.health.get(subject === 'customers' ? 'customer' : 'account', id, Math.min(Number(history ?? 100) || 100, 1000));
    if (!r.current) throw ApiError.notFound('health score');
    return r;
  }

  @Get('churn/customers/:id')
  async churn(@Param('id') id: string) {
    const score = await this.prisma.churnScore.findUnique({ where: { customerId: id } });
    if (!score) throw ApiError.notFound('churn score');
    return score;
  }

  @Get('churn/models')
  async models() {
    const rows = await this.prisma.churnModel.findMany({ orderBy: { version: 'desc' }, take: 50 });
    return rows.map(({ model: _model, ...r }) => r);
  }

  @Post('churn/train')
  @Roles('admin')
  async train() {
    const m = await this.s.churn.train();
    await this.s.churn.score();
    const { model: _model, ...rest } = m;
    return rest;
  }

  @Get('segments')
  segments() {
    return this.cached.serve('segment-sizes', {}, () => this.cached.segmentsVersion(), () => this.s.segments.sizes());
  }

  @Get('segments/:key/sizes')
  sizes(@Param('key') key: string) {
    return this.s.segments.sizesOverTime(key);
  }

  @Get('segments/:key/members')
  members(@Param('key') key: string, @Query(zod(Paging)) q: z.infer<typeof Paging>) {
    return this.s.segments.members(key, q.limit, q.offset);
  }

  @Get('customers/:id/segments')
  customerSegments(@Param('id') id: string) {
    return this.s.segments.forCustomer(id);
  }

  @Get('custom-segments')
  customSegments() {
    return this.prisma.customSegment.findMany({ orderBy: { key: 'asc' } });
  }

  @Put('custom-segments/:key')
  @Roles('admin', 'customer_success')
  upsertCustomSegment(@Param('key') key: string, @Body(zod(CustomSegmentSchema.omit({ key: true }))) body: Omit<z.infer<typeof CustomSegmentSchema>, 'key'>) {
    CustomSegmentSchema.shape.key.parse(key);
    return this.prisma.customSegment.upsert({
      where: { key },
      create: { key, name: body.name, rule: body.rule as never },
      update: { name: body.name, rule: body.rule as never },
    });
  }

  @Delete('custom-segments/:key')
  @Roles('admin', 'customer_success')
  @HttpCode(204)
  async deleteCustomSegment(@Param('key') key: string) {
    await this.prisma.customSegment.deleteMany({ where: { key } });
  }

  @Get('rules')
  rules() {
    return this.prisma.interventionRule.findMany({ orderBy: { createdAt: 'asc' } });
  }

  @Post('rules')
  @Roles('admin', 'customer_success')
  createRule(@Body(zod(RuleSchema)) body: z.infer<typeof RuleSchema>) {
    return this.prisma.interventionRule.create({ data: { ...body, trigger: body.trigger as never, actions: body.actions as never } });
  }

  @Get('rules/:id')
  async rule(@Param('id') id: string) {
    const r = await this.prisma.interventionRule.findUnique({ where: { id } });
    if (!r) throw ApiError.notFound('rule');
    return r;
  }

  @Patch('rules/:id')
  @Roles('admin', 'customer_success')
  async patchRule(@Param('id') id: string, @Body(zod(RulePatchSchema)) body: z.infer<typeof RulePatchSchema>) {
    const found = await this.prisma.interventionRule.findUnique({ where: { id } });
    if (!found) throw ApiError.notFound('rule');
    return this.prisma.interventionRule.update({ where: { id }, data: { ...body, trigger: body.trigger as never, actions: body.actions as never } });
  }

  @Delete('rules/:id')
  @Roles('admin', 'customer_success')
  @HttpCode(204)
  async deleteRule(@Param('id') id: string) {
    // Firings stay in the audit trail; the rule just stops.
    await this.prisma.interventionRule.updateMany({ where: { id }, data: { enabled: false } });
  }

  @Get('rules/:id/firings')
  firings(@Param('id') id: string, @Query(zod(Paging)) q: z.infer<typeof Paging>) {
    return this.prisma.interventionFiring.findMany({ where: { ruleId: id }, orderBy: { firedAt: 'desc' }, take: q.limit, skip: q.offset });
  }

  @Get('interventions/firings')
  @ApiOperation({ summary: 'Rule firings, newest first, with the rule name: one customer\'s ("interventions so far") or one rule\'s' })
  @ApiZodQuery(FiringFilter)
  async customerFirings(@Query(zod(FiringFilter)) q: z.infer<typeof FiringFilter>) {
    const rows = await this.prisma.interventionFiring.findMany({ where: { customerId: q.customerId, ruleId: q.ruleId }, orderBy: { firedAt: 'desc' }, take: q.limit, skip: q.offset });
    const rules = await this.prisma.interventionRule.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.ruleId))] } }, select: { id: true, name: true } });
    const names = new Map(rules.map((r) => [r.id, r.name]));
    return rows.map((r) => ({ ...r, ruleName: names.get(r.ruleId) ?? null }));
  }

  /**
   * Admin "run now": runs the scheduled intelligence jobs synchronously, in the order
   * given (e.g. after a bulk import, so the desk does not wait for the hourly/6-hourly
   * schedules). The same service calls the queue processors make.
   */
  @Post('jobs/run')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Admin: run health recompute, churn train/score, segments recompute and/or rule evaluation now, in order' })
  async runJobs(@Body(zod(RunJobs)) body: z.infer<typeof RunJobs>) {
    const out: { job: string; ms: number; result: unknown }[] = [];
    for (const job of body.jobs) {
      const t0 = Date.now();
      let result: unknown;
      // One job failing (e.g. too little history to train a churn model) does not stop the rest.
      try {
        if (job === 'health-recompute-all') result = await this.s.health.recompute();
        else if (job === 'churn-train') result = await this.s.churn.train().then((m) => ({ version: m.version, auc: m.auc }));
        else if (job === 'churn-score') result = await this.s.churn.score();
        else if (job === 'segments-recompute') result = await this.s.segments.recompute();
        else result = await this.s.engine.evaluate();
      } catch (e) {
        result = { error: (e as Error).message };
      }
      out.push({ job, ms: Date.now() - t0, result });
    }
    return out;
  }

  @Get('interventions/uplift')
  uplift() {
    return this.s.engine.uplift();
  }

  @Get('interventions/log')
  async log(@Query('customerId') customerId?: string, @Query('firingId') firingId?: string) {
    const rows = await this.prisma.interventionLog.findMany({ where: { customerId, firingId }, orderBy: { at: 'desc' }, take: 200 });
    return rows.map((r) => ({ ...r, id: String(r.id) }));
  }
}

/** The at-risk desk: what customer success works through every morning. */
@Controller('desk')
@Roles('admin', 'customer_success', 'management')
export class DeskController {
  constructor(@Inject(INTELLIGENCE) private readonly s: IntelligenceServices) {}

  @Get('at-risk')
  @ApiOperation({ summary: 'At-risk customers, riskiest first; customers already lost (segment lifecycle "inactive" or stage "churned") only with includeInactive=true' })
  @ApiZodQuery(AtRiskQuery)
  atRisk(@Query(zod(AtRiskQuery)) q: z.infer<typeof AtRiskQuery>) {
    return this.s.desk.atRisk({ limit: q.limit, offset: q.offset, includeInactive: q.includeInactive });
  }

  @Get('tasks')
  tasks(@Query(zod(TaskFilter)) q: z.infer<typeof TaskFilter>) {
    return this.s.desk.tasks(q);
  }

  @Post('tasks/:id/acknowledge')
  @HttpCode(200)
  acknowledge(@Param('id') id: string, @Body(zod(Note)) b: z.infer<typeof Note>, @CurrentActor() actor: Actor) {
    return this.act(id, { action: 'acknowledge', note: b.note }, actor);
  }

  @Post('tasks/:id/assign')
  @HttpCode(200)
  assign(@Param('id') id: string, @Body(zod(Assign)) b: z.infer<typeof Assign>, @CurrentActor() actor: Actor) {
    return this.act(id, { action: 'assign', assignee: b.assignee, note: b.note }, actor);
  }

  @Post('tasks/:id/snooze')
  @HttpCode(200)
  snooze(@Param('id') id: string, @Body(zod(Snooze)) b: z.infer<typeof Snooze>, @CurrentActor() actor: Actor) {
    return this.act(id, { action: 'snooze', until: b.until, note: b.note }, actor);
  }

  @Post('tasks/:id/resolve')
  @HttpCode(200)
  resolve(@Param('id') id: string, @Body(zod(Resolve)) b: z.infer<typeof Resolve>, @CurrentActor() actor: Actor) {
    return this.act(id, { action: 'resolve', resolution: b.resolution, note: b.note }, actor);
  }

  private async act(id: string, a: Parameters<IntelligenceServices['desk']['act']>[1], actor: Actor) {
    try {
      const t = await this.s.desk.act(id, a, who(actor));
      if (!t) throw ApiError.notFound('task');
      return { ...t, history: t.history.map((h) => ({ ...h, id: String(h.id) })) };
    } catch (e) {
      if (e instanceof TaskTransitionError) throw ApiError.conflict('task_transition', e.message);
      throw e;
    }
  }
}
