import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Staff } from '@northstar/access';
import { ApiZodQuery, dayOrInstant, line, zod } from '@northstar/http';
import { EventsQueryService } from './events-query.service';
import { AuditRead } from '@northstar/audit';

export const TimelineQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: line(200).optional(),
});

export const CountsQuerySchema = z
  .object({ from: dayOrInstant(), to: dayOrInstant(), event: line(512).min(1).optional() })
  .refine((q) => q.from < q.to, { path: ['to'], message: 'must be after from' });

/** Read side of the interaction stream (FINAL everywhere: redeliveries never count twice). */
@ApiTags('events')
@Controller('v1')
@Staff()
export class EventsQueryController {
  constructor(private readonly events: EventsQueryService) {}

  @Get('customers/:id/events')
  @AuditRead('customer')
  @ApiZodQuery(TimelineQuerySchema)
  timeline(@Param('id') id: string, @Query(zod(TimelineQuerySchema)) q: z.infer<typeof TimelineQuerySchema>) {
    return this.events.timeline(id, q.limit, q.cursor);
  }

  @Get('events/counts')
  counts(@Query(zod(CountsQuerySchema)) q: z.infer<typeof CountsQuerySchema>) {
    return this.events.counts(q.from, q.to, q.event);
  }
}
