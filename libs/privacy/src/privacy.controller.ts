import { Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { zod } from '@northstar/http';
import { CurrentActor, Staff, type Actor } from '@northstar/access';
import { AuditRead, AuditResource } from '@northstar/audit';
import { PrivacyService } from './privacy.service';

const CustomerId = z.string().min(1).max(64).regex(/^[\w-]+$/, 'expected a customer id');

@ApiTags('privacy')
@ApiBearerAuth()
@Controller('admin/privacy/customers')
@Staff()
export class PrivacyController {
  constructor(private readonly privacy: PrivacyService) {}

  @Get(':id/export')
  @AuditRead('customer')
  @ApiOperation({ summary: 'Everything held about a customer (Postgres and ClickHouse) as a tar.gz of JSON-lines files' })
  async export(@Param('id', zod(CustomerId, 'id')) id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const { archive } = await this.privacy.exportArchive(id);
    void reply.header('content-type', 'application/gzip').header('content-disposition', `attachment; filename="customer-${id}-export.tar.gz"`);
    return archive;
  }

  @Post(':id/erase')
  @HttpCode(200)
  @AuditResource('customer')
  @ApiOperation({ summary: 'Erase a customer everywhere (anonymise in Postgres, delete events in ClickHouse) and record the erasure' })
  erase(@Param('id', zod(CustomerId, 'id')) id: string, @CurrentActor() actor: Actor) {
    return this.privacy.erase(id, actor);
  }

  @Get(':id/erasures')
  @AuditRead('customer')
  @ApiOperation({ summary: 'Erasure records for a customer (proof that it happened)' })
  erasures(@Param('id', zod(CustomerId, 'id')) id: string) {
    return this.privacy.listErasures(id);
  }
}
