import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { z } from 'zod';
import { Staff } from '@northstar/access';
import { ApiError, ApiZodQuery, PagingQuery, line, zod, type Paging } from '@northstar/http';
import { PrismaService } from '@northstar/prisma';
import { InterventionEngine } from './intervention-engine';
import { RulePatchSchema, RuleSchema } from './rule.schema';
import { AuditRead } from '@northstar/audit';

const LogFilter = z.object({ customerId: line(200).min(1).optional(), firingId: line(200).min(1).optional() });
const FiringFilter = PagingQuery.extend({ customerId: line(200).min(1).optional(), ruleId: line(200).min(1).optional() });

/** Intervention rules, their firings, the action log and the measured uplift: customer success and management. */
@Controller('intelligence')
@Staff()
export class InterventionsController {
  constructor(
    private readonly engine: InterventionEngine,
    private readonly prisma: PrismaService,
  ) {}

  @Get('rules')
  rules() {
    return this.prisma.interventionRule.findMany({ orderBy: { createdAt: 'asc' } });
  }

  @Post('rules')
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
  async patchRule(@Param('id') id: string, @Body(zod(RulePatchSchema)) body: z.infer<typeof RulePatchSchema>) {
    const found = await this.prisma.interventionRule.findUnique({ where: { id } });
    if (!found) throw ApiError.notFound('rule');
    return this.prisma.interventionRule.update({ where: { id }, data: { ...body, trigger: body.trigger as never, actions: body.actions as never } });
  }

  @Delete('rules/:id')
  @HttpCode(204)
  async deleteRule(@Param('id') id: string) {
    // Firings stay in the audit trail; the rule just stops.
    await this.prisma.interventionRule.updateMany({ where: { id }, data: { enabled: false } });
  }

  @Get('rules/:id/firings')
  @AuditRead('intervention_firing')
  firings(@Param('id') id: string, @Query(zod(PagingQuery)) q: Paging) {
    return this.prisma.interventionFiring.findMany({ where: { ruleId: id }, orderBy: { firedAt: 'desc' }, take: q.limit, skip: q.offset });
  }

  @Get('interventions/firings')
  @AuditRead('intervention_firing')
  @ApiOperation({ summary: 'Rule firings, newest first, with the rule name: one customer\'s ("interventions so far") or one rule\'s' })
  @ApiZodQuery(FiringFilter)
  async customerFirings(@Query(zod(FiringFilter)) q: z.infer<typeof FiringFilter>) {
    const rows = await this.prisma.interventionFiring.findMany({ where: { customerId: q.customerId, ruleId: q.ruleId }, orderBy: { firedAt: 'desc' }, take: q.limit, skip: q.offset });
    const rules = await this.prisma.interventionRule.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.ruleId))] } }, select: { id: true, name: true } });
    const names = new Map(rules.map((r) => [r.id, r.name]));
    return rows.map((r) => ({ ...r, ruleName: names.get(r.ruleId) ?? null }));
  }

  @Get('interventions/uplift')
  uplift() {
    return this.engine.uplift();
  }

  @Get('interventions/log')
  @AuditRead('intervention_log')
  async log(@Query(zod(LogFilter)) { customerId, firingId }: z.infer<typeof LogFilter>) {
    const rows = await this.prisma.interventionLog.findMany({ where: { customerId, firingId }, orderBy: { at: 'desc' }, take: 200 });
    return rows.map((r) => ({ ...r, id: String(r.id) }));
  }
}
