import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentActor, Staff, type Actor } from '@northstar/access';
import { ApiError, ApiZodQuery, PagingQuery, instant, line, text, zod } from '@northstar/http';
import { DeskService, TaskTransitionError, type TaskAction } from './desk.service';
import { AuditRead } from '@northstar/audit';

const TaskFilter = z.object({
  status: z.enum(['open', 'acknowledged', 'snoozed', 'resolved']).optional(),
  assignee: line(200).optional(),
  customerId: line(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
const AtRiskQuery = PagingQuery.extend({ includeInactive: z.enum(['true', 'false']).default('false').transform((v) => v === 'true') });
const Note = z.object({ note: text(2000).optional() });
const Assign = Note.extend({ assignee: line(200).min(1) });
const Snooze = Note.extend({ until: instant() });
const Resolve = Note.extend({ resolution: text(2000).min(1) });

const who = (a: Actor) => (a.type === 'user' ? a.email : a.type === 'api_key' ? `api_key:${a.name}` : a.type);

/** The at-risk desk: what customer success works through every morning. */
@Controller('desk')
@Staff()
export class DeskController {
  constructor(private readonly desk: DeskService) {}

  @Get('at-risk')
  @AuditRead('customer')
  @ApiOperation({ summary: 'At-risk customers, riskiest first; customers already lost (segment lifecycle "inactive" or stage "churned") only with includeInactive=true' })
  @ApiZodQuery(AtRiskQuery)
  atRisk(@Query(zod(AtRiskQuery)) q: z.infer<typeof AtRiskQuery>) {
    return this.desk.atRisk({ limit: q.limit, offset: q.offset, includeInactive: q.includeInactive });
  }

  @Get('tasks')
  @AuditRead('cs_task')
  tasks(@Query(zod(TaskFilter)) q: z.infer<typeof TaskFilter>) {
    return this.desk.tasks(q);
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

  private async act(id: string, a: TaskAction, actor: Actor) {
    try {
      const t = await this.desk.act(id, a, who(actor));
      if (!t) throw ApiError.notFound('task');
      return { ...t, history: t.history.map((h) => ({ ...h, id: String(h.id) })) };
    } catch (e) {
      if (e instanceof TaskTransitionError) throw ApiError.conflict('task_transition', e.message);
      throw e;
    }
  }
}
