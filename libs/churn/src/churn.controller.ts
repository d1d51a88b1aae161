import { Controller, Get, Param, Post } from '@nestjs/common';
import { Staff } from '@northstar/access';
import { ApiError } from '@northstar/http';
import { PrismaService } from '@northstar/prisma';
import { ChurnService } from './churn.service';
import { AuditRead } from '@northstar/audit';

/** Churn scores and models: read by customer success and management; training is an admin's call. */
@Controller('intelligence')
@Staff()
export class ChurnController {
  constructor(
    private readonly churnModel: ChurnService,
    private readonly prisma: PrismaService,
  ) {}

  @Get('churn/customers/:id')
  @AuditRead('customer')
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
  async train() {
    const m = await this.churnModel.train();
    await this.churnModel.score();
    const { model: _model, ...rest } = m;
    return rest;
  }
}
