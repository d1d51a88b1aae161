import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '@northstar/access';
import { ReadinessService } from './readiness.service';

@ApiTags('readiness')
@Controller('health')
export class ReadinessController {
  constructor(private readonly readiness: ReadinessService) {}

  @Get('live')
  @Public()
  @ApiOperation({ summary: 'Liveness: the process is up' })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @Public()
  @ApiOperation({ summary: 'Readiness: Postgres, Redis and ClickHouse answer; 503 names each failing one' })
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    const dependencies = await this.readiness.checkAll();
    const failing = dependencies.filter((d) => !d.ok).map((d) => d.name);
    if (failing.length) void reply.status(HttpStatus.SERVICE_UNAVAILABLE);
    return { status: failing.length ? 'unavailable' : 'ok', failing, dependencies };
  }
}
