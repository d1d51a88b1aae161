import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentActor, CustomerLink, Staff, type Actor } from '@northstar/access';
import { ApiZodBody, ApiZodQuery, line, minorUnits, recordId, text, zod } from '@northstar/http';
import { z } from 'zod';
import { occurredAtOverride } from '@northstar/outbox';
import { InvoicesService } from './invoices.service';
import { AuditRead } from '@northstar/audit';

const ListQuery = z.object({
  customerId: recordId().optional(),
  status: z.enum(['draft', 'issued', 'partially_paid', 'paid', 'overdue', 'void']).optional(),
});
const VoidBody = z.object({ reason: text(500).min(3) });
const CreditNoteBody = z.object({ amountMinor: minorUnits().positive(), reason: text(500).min(3) });
const TokenQuery = z.object({ token: line(2000, { trim: false }).min(10) });


interface PdfReply {
  header(name: string, value: string): PdfReply;
  send(body: Buffer): unknown;
}

@ApiTags('invoices')
@Controller('invoices')
export class InvoicesController {
  constructor(private readonly invoices: InvoicesService) {}

  @Get()
  @AuditRead('invoice')
  @Staff()
  @ApiZodQuery(ListQuery)
  @ApiOperation({ summary: 'Invoices, newest first (by customer and/or status)' })
  list(@Query(zod(ListQuery)) q: z.infer<typeof ListQuery>) {
    return this.invoices.list(q.customerId, q.status);
  }

  @Get('customers/:customerId/billing-status')
  @AuditRead('customer')
  @Staff()
  @ApiOperation({ summary: "A customer's billing standing (suspension flag set by the collections policy)" })
  async billingStatus(@Param('customerId') customerId: string) {
    return (await this.invoices.billingStatus(customerId)) ?? { customerId, suspended: false };
  }

  @Get(':id')
  @AuditRead('invoice')
  @Staff()
  @ApiOperation({ summary: 'One invoice with its lines' })
  get(@Param('id') id: string) {
    return this.invoices.get(id);
  }

  @Get(':id/pdf')
  @AuditRead('invoice')
  @Staff()
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: 'The branded invoice PDF' })
  async pdf(@Param('id') id: string, @Res() reply: PdfReply) {
    const pdf = await this.invoices.pdf(id);
    return reply.header('content-type', 'application/pdf').send(pdf);
  }

  @Get(':id/document')
  @AuditRead('invoice')
  @CustomerLink('invoice')
  @ApiZodQuery(TokenQuery)
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: 'The invoice PDF, for the customer holding the invoice link' })
  async customerPdf(@Param('id') id: string, @Res() reply: PdfReply) {
    const pdf = await this.invoices.pdf(id);
    return reply.header('content-type', 'application/pdf').send(pdf);
  }

  @Get(':id/view')
  @AuditRead('invoice')
  @CustomerLink('invoice')
  @ApiZodQuery(TokenQuery)
  @ApiOperation({ summary: 'The invoice as the customer sees it (link token)' })
  async customerView(@Param('id') id: string) {
    const inv = await this.invoices.get(id);
    if (inv.status === 'draft') return { id, status: 'draft' };
    const { reconciliation: _r, escalationLevel: _e, ...visible } = inv;
    return visible;
  }

  @Post(':id/issue')
  @HttpCode(200)
  @Staff()
  @ApiOperation({ summary: 'Issue a draft invoice: numbered, due date set, emailed with PDF and payment link, collections scheduled' })
  issue(@Param('id') id: string) {
    // An admin importer's X-Occurred-At (see libs/demo-world OccurredAtInterceptor) back-dates the issue, so the due date and collections follow it.
    return this.invoices.issue(id, occurredAtOverride.getStore() ?? new Date());
  }

  @Post(':id/void')
  @HttpCode(200)
  @Staff()
  @ApiZodBody(VoidBody)
  @ApiOperation({ summary: 'Void an invoice that has no payments or credits' })
  void(@Param('id') id: string, @Body(zod(VoidBody)) body: z.infer<typeof VoidBody>) {
    return this.invoices.void(id, body.reason);
  }

  @Post(':id/credit-notes')
  @Staff()
  @ApiZodBody(CreditNoteBody)
  @ApiOperation({ summary: 'Issue a credit note against an issued invoice (an issued invoice is never edited)' })
  creditNote(@Param('id') id: string, @Body(zod(CreditNoteBody)) body: z.infer<typeof CreditNoteBody>, @CurrentActor() actor: Actor) {
    return this.invoices.creditNote(id, body.amountMinor, body.reason, actor.type === 'user' ? actor.id : null);
  }

  @Post(':id/payment-link')
  @HttpCode(200)
  @Staff()
  @ApiOperation({ summary: 'A signed payment link for the customer' })
  async link(@Param('id') id: string) {
    await this.invoices.get(id);
    return { url: await this.invoices.paymentLink(id) };
  }
}
