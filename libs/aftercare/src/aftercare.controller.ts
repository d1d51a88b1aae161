import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Public, Staff, type Actor } from '@northstar/access';
import { ApiZodBody, ApiZodQuery, int4, line, recordId, text, zod } from '@northstar/http';
import { z } from 'zod';
import { AftercareService } from './aftercare.service';
import { AuditRead } from '@northstar/audit';

const TicketBody = z.object({
  customerId: recordId(),
  projectId: recordId().optional(),
  subject: line(300).min(3),
  description: text(10_000).min(1),
  priority: z.enum(['low', 'normal', 'high', 'critical']).default('normal'),
  tier: z.union([z.literal(1), z.literal(2), z.literal(3)]).default(1),
});
const TicketList = z.object({
  customerId: recordId().optional(),
  status: z.enum(['open', 'in_progress', 'escalated', 'resolved', 'closed']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
const FeedbackList = z.object({ customerId: recordId().optional(), limit: z.coerce.number().int().min(1).max(500).default(100) });
const EscalateBody = z.object({ note: text(2000).min(3) });
const StatusBody = z.object({ status: z.enum(['open', 'in_progress', 'escalated', 'resolved', 'closed']), note: text(2000).optional() });
const FeedbackBody = z.object({ csat: z.number().int().min(1).max(5).optional(), nps: z.number().int().min(0).max(10).optional(), ces: z.number().int().min(1).max(7).optional(), comment: text(5000).optional() });
const RedeemBody = z.object({ points: int4().positive(), note: text(500).default('') });
const ReferralBody = z.object({ code: line(40).min(4), referredCustomerId: recordId() });

const who = (a: Actor) => (a.type === 'user' ? a.id : 'system');

@ApiTags('after-care')
@Controller()
export class AftercareController {
  constructor(private readonly care: AftercareService) {}

  @Post('tickets')
  @Staff()
  @ApiZodBody(TicketBody)
  @ApiOperation({ summary: 'Open a support ticket (response target by tier: 2 h / 4 h / 8 h, critical 1 h; warranty when the project is in warranty)' })
  open(@Body(zod(TicketBody)) body: z.infer<typeof TicketBody>, @CurrentActor() actor: Actor) {
    return this.care.openTicket(body, who(actor));
  }

  @Get('tickets')
  @AuditRead('ticket')
  @Staff()
  @ApiZodQuery(TicketList)
  @ApiOperation({ summary: 'Support tickets, newest first: all, or one customer\'s, or by status' })
  tickets(@Query(zod(TicketList)) q: z.infer<typeof TicketList>) {
    return this.care.listTickets(q);
  }

  @Get('tickets/:id')
  @AuditRead('ticket')
  @Staff()
  ticket(@Param('id') id: string) {
    return this.care.getTicket(id);
  }

  @Post('tickets/:id/escalate')
  @HttpCode(200)
  @Staff()
  @ApiZodBody(EscalateBody)
  escalate(@Param('id') id: string, @Body(zod(EscalateBody)) body: z.infer<typeof EscalateBody>, @CurrentActor() actor: Actor) {
    return this.care.escalate(id, body.note, who(actor));
  }

  @Post('tickets/:id/status')
  @HttpCode(200)
  @Staff()
  @ApiZodBody(StatusBody)
  status(@Param('id') id: string, @Body(zod(StatusBody)) body: z.infer<typeof StatusBody>, @CurrentActor() actor: Actor) {
    return this.care.changeStatus(id, body.status, body.note, who(actor));
  }

  @Get('feedback')
  @AuditRead('feedback')
  @Staff()
  @ApiZodQuery(FeedbackList)
  @ApiOperation({ summary: 'Survey answers (CSAT, NPS, CES), newest first: all or one customer\'s' })
  feedback(@Query(zod(FeedbackList)) q: z.infer<typeof FeedbackList>) {
    return this.care.listFeedback(q);
  }

  // The survey token (24 random bytes) is the credential: customers answer without an account.
  @Get('feedback/:token')
  @Public()
  @ApiOperation({ summary: 'The survey behind a feedback link' })
  form(@Param('token') token: string) {
    return this.care.feedbackForm(token);
  }

  @Post('feedback/:token')
  @HttpCode(200)
  @Public()
  @ApiZodBody(FeedbackBody)
  @ApiOperation({ summary: 'Answer a survey: CSAT 1–5, NPS 0–10, CES 1–7' })
  submit(@Param('token') token: string, @Body(zod(FeedbackBody)) body: z.infer<typeof FeedbackBody>) {
    return this.care.submitFeedback(token, body);
  }

  @Get('loyalty/:customerId')
  @AuditRead('customer')
  @Staff()
  loyalty(@Param('customerId') customerId: string) {
    return this.care.loyalty(customerId);
  }

  @Post('loyalty/:customerId/redeem')
  @HttpCode(200)
  @Staff()
  @ApiZodBody(RedeemBody)
  redeem(@Param('customerId') customerId: string, @Body(zod(RedeemBody)) body: z.infer<typeof RedeemBody>) {
    return this.care.redeem(customerId, body.points, body.note);
  }

  @Post('loyalty/maintenance/run')
  @HttpCode(200)
  @Staff()
  @ApiOperation({ summary: 'Admin: expire points past their date and award anniversaries (also scheduled daily)' })
  async maintenance() {
    return { ...(await this.care.expirePoints()), ...(await this.care.awardAnniversaries()) };
  }

  @Post('referrals/codes/:customerId')
  @HttpCode(200)
  @Staff()
  code(@Param('customerId') customerId: string) {
    return this.care.referralCode(customerId);
  }

  @Post('referrals')
  @Staff()
  @ApiZodBody(ReferralBody)
  @ApiOperation({ summary: 'Attribute a (new) customer to a referral code; the referrer is rewarded on their first paid project' })
  refer(@Body(zod(ReferralBody)) body: z.infer<typeof ReferralBody>) {
    return this.care.attributeReferral(body.code, body.referredCustomerId);
  }
}
