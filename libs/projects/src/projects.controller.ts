import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, CustomerLink, Staff, type Actor } from '@northstar/access';
import { ApiZodBody, ApiZodQuery, calendarDate, hours, line, minorUnits, recordId, text, zod } from '@northstar/http';
import { z } from 'zod';
import { ProjectsService } from './projects.service';
import { AuditRead } from '@northstar/audit';

const ListQuery = z.object({ customerId: recordId().optional() });
const TaskBody = z.object({ title: line(300).min(1), milestoneId: recordId().optional(), assigneeId: recordId().optional() });
const TimeBody = z.object({
  hours: hours(24),
  billable: z.boolean().default(true),
  taskId: recordId().optional(),
  note: text(1000).optional(),
  workedOn: calendarDate(),
});
const ChangeOrderBody = z.object({ title: line(300).min(1), description: text(5000).optional(), amountMinor: minorUnits().positive(), hours: z.number().min(0).max(10_000).default(0) });
const DecisionBody = z.object({ approve: z.boolean() });
const RiskBody = z.object({ severity: z.enum(['low', 'medium', 'high']), reason: text(2000).min(3) });
const SignOffBody = z.object({ name: line(200).min(2) });
const TokenQuery = z.object({ token: line(2000, { trim: false }).min(10) });

const who = (a: Actor) => (a.type === 'user' ? a.id : a.type === 'customer_link' ? `customer:${a.resourceId}` : 'unknown');

@ApiTags('projects')
@Controller('projects')
export class ProjectsController {
  constructor(private readonly projects: ProjectsService) {}

  @Get()
  @AuditRead('project')
  @Staff()
  @ApiZodQuery(ListQuery)
  list(@Query(zod(ListQuery)) q: z.infer<typeof ListQuery>) {
    return this.projects.list(q.customerId);
  }

  @Get(':id')
  @AuditRead('project')
  @Staff()
  get(@Param('id') id: string) {
    return this.projects.get(id);
  }

  @Get(':id/portal')
  @AuditRead('project')
  @CustomerLink('project')
  @ApiZodQuery(TokenQuery)
  @ApiOperation({ summary: 'The project as the customer sees it (project link)' })
  portal(@Param('id') id: string) {
    return this.projects.get(id);
  }

  @Post(':id/customer-link')
  @HttpCode(200)
  @Staff()
  @ApiOperation({ summary: 'A signed link for the customer to approve milestones and change orders and sign off' })
  link(@Param('id') id: string) {
    return this.projects.customerLink(id);
  }

  @Post(':id/milestones/:milestoneId/submit')
  @HttpCode(200)
  @Staff()
  submit(@Param('id') id: string, @Param('milestoneId') mid: string) {
    return this.projects.submitMilestone(id, mid);
  }

  @Post(':id/milestones/:milestoneId/approve')
  @HttpCode(200)
  @CustomerLink('project')
  @ApiZodQuery(TokenQuery)
  @ApiOperation({ summary: 'Customer approval of a submitted milestone' })
  approve(@Param('id') id: string, @Param('milestoneId') mid: string, @CurrentActor() actor: Actor) {
    return this.projects.approveMilestone(id, mid, who(actor));
  }

  @Post(':id/tasks')
  @Staff()
  @ApiZodBody(TaskBody)
  addTask(@Param('id') id: string, @Body(zod(TaskBody)) body: z.infer<typeof TaskBody>) {
    return this.projects.addTask(id, body);
  }

  @Post(':id/tasks/:taskId/done')
  @HttpCode(200)
  @Staff()
  doneTask(@Param('id') id: string, @Param('taskId') taskId: string) {
    return this.projects.completeTask(id, taskId);
  }

  @Post(':id/time-logs')
  @Staff()
  @ApiZodBody(TimeBody)
  @ApiOperation({ summary: 'Log (billable) time on an active project' })
  logTime(@Param('id') id: string, @Body(zod(TimeBody)) body: z.infer<typeof TimeBody>, @CurrentActor() actor: Actor) {
    return this.projects.logTime(id, who(actor), { hundredths: Math.round(body.hours * 100), billable: body.billable, taskId: body.taskId, note: body.note, workedOn: body.workedOn });
  }

  @Post(':id/change-orders')
  @Staff()
  @ApiZodBody(ChangeOrderBody)
  @ApiOperation({ summary: 'Propose a priced change order (net amount; tax at the quote rate)' })
  proposeCo(@Param('id') id: string, @Body(zod(ChangeOrderBody)) body: z.infer<typeof ChangeOrderBody>, @CurrentActor() actor: Actor) {
    return this.projects.proposeChangeOrder(id, { title: body.title, description: body.description, amountMinor: body.amountMinor, hoursHundredths: Math.round(body.hours * 100) }, who(actor));
  }

  @Post(':id/change-orders/:changeOrderId/decision')
  @HttpCode(200)
  @CustomerLink('project')
  @ApiZodQuery(TokenQuery)
  @ApiZodBody(DecisionBody)
  @ApiOperation({ summary: 'Customer approves or rejects a change order' })
  decide(@Param('id') id: string, @Param('changeOrderId') coId: string, @Body(zod(DecisionBody)) body: z.infer<typeof DecisionBody>) {
    return this.projects.decideChangeOrder(id, coId, body.approve);
  }

  @Post(':id/risks')
  @Staff()
  @ApiZodBody(RiskBody)
  risk(@Param('id') id: string, @Body(zod(RiskBody)) body: z.infer<typeof RiskBody>, @CurrentActor() actor: Actor) {
    return this.projects.flagRisk(id, body, who(actor));
  }

  @Post(':id/risks/:riskId/resolve')
  @HttpCode(200)
  @Staff()
  resolveRisk(@Param('id') id: string, @Param('riskId') riskId: string) {
    return this.projects.resolveRisk(id, riskId);
  }

  @Post(':id/status-updates')
  @Staff()
  @ApiOperation({ summary: 'Send the customer a status update now (they are also sent on a schedule)' })
  statusUpdate(@Param('id') id: string) {
    return this.projects.sendStatusUpdate(id);
  }

  @Post(':id/sign-off')
  @HttpCode(200)
  @CustomerLink('project')
  @ApiZodQuery(TokenQuery)
  @ApiZodBody(SignOffBody)
  @ApiOperation({ summary: 'Customer sign-off: completes the project, starts the 30-day warranty, issues the final invoice' })
  signOff(@Param('id') id: string, @Body(zod(SignOffBody)) body: z.infer<typeof SignOffBody>) {
    return this.projects.signOff(id, body.name);
  }
}
