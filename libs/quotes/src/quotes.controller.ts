import { Body, Controller, Get, HttpCode, Param, Post, Patch, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags, ApiBearerAuth, ApiProduces } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Staff, CurrentActor, type Actor } from '@northstar/access';
import { ApiZodBody, ApiZodQuery, zod } from '@northstar/http';
import { CreateQuoteSchema, ListQuotesSchema, UpdateQuoteSchema, type CreateQuote, type UpdateQuote } from './quote.schemas';
import { QuoteService, type QuoteWithLines } from './quote.service';
import { QuoteDeliveryService } from './quote-delivery.service';
import { presentForStaff } from './quote.presenter';
import type { z } from 'zod';
import { AuditRead } from '@northstar/audit';

const actorId = (a: Actor) => (a.type === 'user' ? a.id : null);

@ApiTags('quotes')
@ApiBearerAuth()
@Controller('quotes')
export class QuotesController {
  constructor(
    private readonly quotes: QuoteService,
    private readonly delivery: QuoteDeliveryService,
  ) {}

  private out(q: QuoteWithLines) {
    return presentForStaff(q, this.quotes.allowed(q));
  }

  @Get('rate-card')
  @Staff()
  @ApiOperation({ summary: 'The rate card quotes are priced from (services × complexity, fixed items) and the tax table' })
  rateCard() {
    const s = this.quotes.settings;
    return { rateCard: s.rateCard, taxTable: s.taxTable, depositBps: s.depositBps, reviewThresholdMinor: s.reviewThresholdMinor, validityDays: s.validityDays };
  }

  @Post()
  @Staff()
  @ApiOperation({ summary: 'Create a draft quote priced from the rate card (number: the quote request QR number, else Q-YYYY-XXXX)' })
  @ApiZodBody(CreateQuoteSchema)
  async create(@Body(zod(CreateQuoteSchema)) body: CreateQuote, @CurrentActor() actor: Actor) {
    return this.out(await this.quotes.create(body, actorId(actor)));
  }

  @Get()
  @AuditRead('quote')
  @Staff()
  @ApiZodQuery(ListQuotesSchema)
  async list(@Query(zod(ListQuotesSchema)) q: z.infer<typeof ListQuotesSchema>) {
    return { items: (await this.quotes.list(q)).map((x) => this.out(x)) };
  }

  @Get(':id')
  @AuditRead('quote')
  @Staff()
  async get(@Param('id') id: string) {
    return this.out(await this.quotes.get(id));
  }

  @Get(':id/pdf')
  @AuditRead('quote')
  @Staff()
  @ApiProduces('application/pdf')
  async pdf(@Param('id') id: string, @Res() reply: FastifyReply) {
    const q = await this.quotes.get(id);
    const pdf = await this.delivery.pdf(q);
    void reply.header('content-type', 'application/pdf').header('content-disposition', `inline; filename="${q.number}-v${q.version}.pdf"`).send(pdf);
  }

  @Patch(':id')
  @Staff()
  @ApiOperation({ summary: 'Edit a draft (content and lines re-priced); 409 unless draft' })
  @ApiZodBody(UpdateQuoteSchema)
  async update(@Param('id') id: string, @Body(zod(UpdateQuoteSchema)) body: UpdateQuote) {
    return this.out(await this.quotes.update(id, body));
  }

  @Post(':id/submit')
  @HttpCode(200)
  @Staff()
  @ApiOperation({ summary: 'draft → in_review (peer review; required above the review threshold)' })
  async submit(@Param('id') id: string, @CurrentActor() actor: Actor) {
    return this.out(await this.quotes.submitForReview(id, actorId(actor)));
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Staff()
  @ApiOperation({ summary: 'in_review → approved, by someone other than the author' })
  async approve(@Param('id') id: string, @CurrentActor() actor: Actor) {
    return this.out(await this.quotes.approve(id, actorId(actor)));
  }

  @Post(':id/return')
  @HttpCode(200)
  @Staff()
  @ApiOperation({ summary: 'in_review | approved → draft (changes needed)' })
  async returnToDraft(@Param('id') id: string, @CurrentActor() actor: Actor) {
    return this.out(await this.quotes.returnToDraft(id, actorId(actor)));
  }

  @Post(':id/send')
  @HttpCode(200)
  @Staff()
  @ApiOperation({ summary: 'Send to the customer: PDF by mail plus a signed view/accept/reject link' })
  async send(@Param('id') id: string, @CurrentActor() actor: Actor) {
    const q = await this.quotes.send(id, actorId(actor));
    const link = await this.delivery.deliver(q);
    return { ...this.out(q), customerLink: link.url };
  }

  @Post(':id/revise')
  @HttpCode(201)
  @Staff()
  @ApiOperation({ summary: 'Start the next revision (vN+1, same number) from a revision-requested, rejected or expired quote' })
  @ApiZodBody(UpdateQuoteSchema)
  async revise(@Param('id') id: string, @Body(zod(UpdateQuoteSchema)) body: UpdateQuote, @CurrentActor() actor: Actor) {
    return this.out(await this.quotes.revise(id, body ?? {}, actorId(actor)));
  }
}
