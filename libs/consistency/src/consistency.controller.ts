import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Staff } from '@northstar/access';
import { ApiZodQuery, zod } from '@northstar/http';
import { ConsistencyQuerySchema, type ConsistencyQuery } from './consistency.schemas';
import { ConsistencyService } from './consistency.service';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/consistency')
@Staff()
export class ConsistencyController {
  constructor(private readonly consistency: ConsistencyService) {}

  @Get()
  @ApiOperation({ summary: "Every customer's Postgres records against their ClickHouse lifecycle events, by kind and amount; lists each mismatch" })
  @ApiZodQuery(ConsistencyQuerySchema)
  check(@Query(zod(ConsistencyQuerySchema)) q: ConsistencyQuery) {
    return this.consistency.check({ waitForOutboxMs: q.waitMs });
  }
}
