import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ApiZodQuery, dayOrInstant, line, zod } from '@northstar/http';
import { Staff } from '@northstar/access';
import { AuditService } from './audit.service';

export const AuditQuerySchema = z.object({
  actorType: z.enum(['user', 'api_key', 'customer_link', 'system', 'anonymous']).optional(),
  actorId: line(200).optional(),
  action: line(200).optional(),
  resourceType: line(100).optional(),
  resourceId: line(200).optional(),
  from: dayOrInstant().optional(),
  to: dayOrInstant().optional(),
  // One check: zod runs a refine even after a failed regex, and BigInt('abc') throws.
  before: z
    .string()
    .refine((v) => /^\d{1,19}$/.test(v) && BigInt(v) <= 9223372036854775807n, 'expected a cursor from nextCursor')
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Staff()
  @ApiOperation({ summary: 'Audit trail, newest first; page with `before=<nextCursor>`' })
  @ApiZodQuery(AuditQuerySchema)
  list(@Query(zod(AuditQuerySchema)) q: z.infer<typeof AuditQuerySchema>) {
    return this.audit.query(q);
  }
}
