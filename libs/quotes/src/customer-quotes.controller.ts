import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags, ApiProduces } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CustomerLink } from '@northstar/access';
import { ApiZodBody, zod } from '@northstar/http';
import { AcceptQuoteSchema, RejectQuoteSchema, RequestRevisionSchema } from './quote.schemas';
import { QuoteService } from './quote.service';
import { QuoteDeliveryService } from './quote-delivery.service';
import { presentForCustomer } from './quote.presenter';
import type { z } from 'zod';
import { AuditRead } from '@northstar/audit';

const client = (req: FastifyRequest) => ({ ip: req.ip, userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'] : null });

/** The customer's side of a quote, opened with the signed link from the quote mail (?token=…). */
@ApiTags('customer quotes')
@ApiQuery({ name: 'token', required: true, description: 'Signed customer link token' })
@Controller('customer/quotes')
export class CustomerQuotesController {
  constructor(
    private readonly quotes: QuoteService,
    private readonly delivery: QuoteDeliveryService,
  ) {}

  @Get(':id')
  @AuditRead('quote')
  @CustomerLink('quote')
  @ApiOperation({ summary: 'View the quote (the first view marks it viewed; every view is recorded)' })
  async view(@Param('id') id: string, @Req() req: FastifyRequest) {
    return presentForCustomer(await this.quotes.view(id, client(req)));
  }

  @Get(':id/pdf')
  @AuditRead('quote')
  @CustomerLink('quote')
  @ApiProduces('application/pdf')
  async pdf(@Param('id') id: string, @Res() reply: FastifyReply) {
    const q = await this.quotes.get(id);
    void reply.header('content-type', 'application/pdf').send(await this.delivery.pdf(q));
  }

  @Post(':id/accept')
  @HttpCode(200)
  @CustomerLink('quote')
  @ApiOperation({ summary: 'Accept: the typed name is the signature; time and IP are recorded. The quote is then locked.' })
  @ApiZodBody(AcceptQuoteSchema)
  async accept(@Param('id') id: string, @Body(zod(AcceptQuoteSchema)) body: z.infer<typeof AcceptQuoteSchema>, @Req() req: FastifyRequest) {
    return presentForCustomer(await this.quotes.accept(id, { name: body.name }, client(req)));
  }

  @Post(':id/reject')
  @HttpCode(200)
  @CustomerLink('quote')
  @ApiZodBody(RejectQuoteSchema)
  async reject(@Param('id') id: string, @Body(zod(RejectQuoteSchema)) body: z.infer<typeof RejectQuoteSchema>) {
    return presentForCustomer(await this.quotes.reject(id, body.reason));
  }

  @Post(':id/request-revision')
  @HttpCode(200)
  @CustomerLink('quote')
  @ApiZodBody(RequestRevisionSchema)
  async requestRevision(@Param('id') id: string, @Body(zod(RequestRevisionSchema)) body: z.infer<typeof RequestRevisionSchema>) {
    return presentForCustomer(await this.quotes.requestRevision(id, body.note));
  }
}
