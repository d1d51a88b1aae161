import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import type { z } from 'zod';
import { Staff } from '@northstar/access';
import { AnalyticsCacheService } from '@northstar/analytics';
import { PagingQuery, zod, type Paging } from '@northstar/http';
import { PrismaService } from '@northstar/prisma';
import { CustomSegmentSchema } from './custom-rule';
import { SegmentService } from './segment.service';
import { AuditRead } from '@northstar/audit';

const CustomSegmentBody = CustomSegmentSchema.omit({ key: true });

/** Segments, their members and sizes, and the custom segment rules: read by customer success and management. */
@Controller('intelligence')
@Staff()
export class SegmentsController {
  constructor(
    private readonly segmentation: SegmentService,
    private readonly prisma: PrismaService,
    private readonly cache: AnalyticsCacheService,
  ) {}

  @Get('segments')
  async segments() {
    const served = await this.cache.serve('segment-sizes', {}, () => this.segmentation.sizes(), { version: await this.segmentation.sizesVersion() });
    return served.value;
  }

  @Get('segments/:key/sizes')
  sizes(@Param('key') key: string) {
    return this.segmentation.sizesOverTime(key);
  }

  @Get('segments/:key/members')
  @AuditRead('customer')
  members(@Param('key') key: string, @Query(zod(PagingQuery)) q: Paging) {
    return this.segmentation.members(key, q.limit, q.offset);
  }

  @Get('customers/:id/segments')
  @AuditRead('customer')
  customerSegments(@Param('id') id: string) {
    return this.segmentation.forCustomer(id);
  }

  @Get('custom-segments')
  customSegments() {
    return this.prisma.customSegment.findMany({ orderBy: { key: 'asc' } });
  }

  @Put('custom-segments/:key')
  upsertCustomSegment(@Param('key', zod(CustomSegmentSchema.shape.key, 'key')) key: string, @Body(zod(CustomSegmentBody)) body: z.infer<typeof CustomSegmentBody>) {
    return this.prisma.customSegment.upsert({
      where: { key },
      create: { key, name: body.name, rule: body.rule as never },
      update: { name: body.name, rule: body.rule as never },
    });
  }

  @Delete('custom-segments/:key')
  @HttpCode(204)
  async deleteCustomSegment(@Param('key') key: string) {
    await this.prisma.customSegment.deleteMany({ where: { key } });
  }
}
