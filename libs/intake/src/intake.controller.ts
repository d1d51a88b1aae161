import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentActor, Public, RateLimit, Staff, type Actor } from '@northstar/access';
import { ApiZodBody, ApiZodQuery, zod } from '@northstar/http';
import { IntakeService } from './intake.service';
import {
  FirstResponseSchema,
  ListQuoteRequestsSchema,
  QuoteRequestSchema,
  RoutingRuleSchema,
  type ListQuoteRequestsQuery,
  type QuoteRequestInput,
  type RoutingRuleInput,
} from './intake.schemas';
import { AuditRead } from '@northstar/audit';

export const INTAKE_PATH = '/intake/quote-requests';

@ApiTags('intake')
@Controller('intake')
export class IntakeController {
  constructor(private readonly intake: IntakeService) {}

  /**
   * The website's quote-request form (no login). JSON with base64 attachments: at most
   * 5 files, 10 MB in total, PDF/PNG/JPEG/TXT/DOCX whose bytes match their type.
   */
  @Post('quote-requests')
  @Public()
  @RateLimit({ points: 10, durationSec: 600, by: 'ip', name: 'intake-quote-requests' })
  @ApiZodBody(QuoteRequestSchema)
  submit(@Body(zod(QuoteRequestSchema)) body: QuoteRequestInput, @Req() req: { ip?: string }) {
    return this.intake.submit(body, { ip: req.ip });
  }

  @Get('quote-requests')
  @AuditRead('quote_request')
  @Staff()
  @ApiZodQuery(ListQuoteRequestsSchema)
  list(@Query(zod(ListQuoteRequestsSchema)) q: ListQuoteRequestsQuery) {
    return this.intake.list(q);
  }

  @Get('quote-requests/:id')
  @AuditRead('quote_request')
  @Staff()
  get(@Param('id') id: string) {
    return this.intake.get(id);
  }

  @Post('quote-requests/:id/first-response')
  @Staff()
  @HttpCode(200)
  @ApiZodBody(FirstResponseSchema)
  firstResponse(@Param('id') id: string, @Body(zod(FirstResponseSchema)) _body: unknown, @CurrentActor() actor: Actor) {
    return this.intake.recordFirstResponse(id, actor.type === 'user' ? actor.id : null);
  }

  @Get('routing-rules')
  @Staff()
  rules() {
    return this.intake.routingRules();
  }

  @Put('routing-rules')
  @Staff()
  @ApiZodBody(RoutingRuleSchema)
  upsertRule(@Body(zod(RoutingRuleSchema)) body: RoutingRuleInput) {
    return this.intake.upsertRoutingRule(body);
  }
}
