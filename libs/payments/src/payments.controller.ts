import { Body, Controller, Get, Headers, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, CustomerLink, Staff, Webhook, type Actor } from '@northstar/access';
import { ApiZodBody, line, minorUnits, recordId, text, zod } from '@northstar/http';
import { z } from 'zod';
import { PaymentsService } from './payments.service';
import { AuditRead } from '@northstar/audit';

const ManualBody = z.object({
  invoiceId: recordId(),
  method: z.enum(['e_transfer', 'cash', 'bank_transfer']),
  amountMinor: minorUnits().positive(),
  currency: z.string().regex(/^[A-Za-z]{3}$/, 'expected an ISO 4217 currency code'),
  reference: line(200).min(2),
});
const CheckoutBody = z.object({ invoiceId: recordId() });
const RefundBody = z.object({ amountMinor: minorUnits().positive().optional(), reason: text(500).min(3) });
const RejectBody = z.object({ reason: text(500).min(3) });

const userId = (a: Actor) => (a.type === 'user' ? a.id : null);

@ApiTags('payments')
@Controller()
export class PaymentsController {
  constructor(private readonly payments: PaymentsService) {}

  @Post('invoices/:id/pay')
  @HttpCode(200)
  @CustomerLink('invoice')
  @ApiOperation({ summary: 'Customer payment link: creates a Stripe Checkout Session for the balance and returns its URL' })
  pay(@Param('id') id: string) {
    return this.payments.startCheckout(id);
  }

  @Post('payments/checkout')
  @Staff()
  @ApiZodBody(CheckoutBody)
  @ApiOperation({ summary: 'Staff: create a Stripe Checkout Session for an invoice balance' })
  checkout(@Body(zod(CheckoutBody)) body: z.infer<typeof CheckoutBody>) {
    return this.payments.startCheckout(body.invoiceId);
  }

  @Post('webhooks/stripe')
  @HttpCode(200)
  @Webhook('stripe')
  @ApiHeader({ name: 'stripe-signature', required: true })
  @ApiOperation({ summary: 'Stripe webhook (signature verified over the raw body; each event applied once)' })
  async webhook(@Req() req: { rawBody?: Buffer }, @Headers('stripe-signature') signature: string | undefined) {
    const event = this.payments.verify(req.rawBody, signature);
    const result = await this.payments.handleEvent(event);
    return { received: true, ...result };
  }

  @Post('payments/manual')
  @Staff()
  @ApiZodBody(ManualBody)
  @ApiOperation({ summary: 'Record an e-transfer, cash or bank transfer (pending until an admin confirms it)' })
  manual(@Body(zod(ManualBody)) body: z.infer<typeof ManualBody>, @CurrentActor() actor: Actor) {
    return this.payments.recordManual(body, userId(actor));
  }

  @Post('payments/:id/confirm')
  @HttpCode(200)
  @Staff()
  @ApiOperation({ summary: 'Admin: confirm a recorded manual payment (applied once even if confirmed concurrently)' })
  confirm(@Param('id') id: string, @CurrentActor() actor: Actor) {
    return this.payments.confirmManual(id, userId(actor) ?? 'admin');
  }

  @Post('payments/:id/reject')
  @HttpCode(200)
  @Staff()
  @ApiZodBody(RejectBody)
  @ApiOperation({ summary: 'Admin: reject a recorded manual payment' })
  reject(@Param('id') id: string, @Body(zod(RejectBody)) body: z.infer<typeof RejectBody>, @CurrentActor() actor: Actor) {
    return this.payments.rejectManual(id, userId(actor) ?? 'admin', body.reason);
  }

  @Post('payments/:id/refunds')
  @Staff()
  @ApiZodBody(RefundBody)
  @ApiOperation({ summary: 'Refund a payment, fully (no amount) or partially' })
  refund(@Param('id') id: string, @Body(zod(RefundBody)) body: z.infer<typeof RefundBody>, @CurrentActor() actor: Actor) {
    return this.payments.refund(id, body.amountMinor, body.reason, userId(actor));
  }

  @Get('payments/history/:customerId')
  @AuditRead('customer')
  @Staff()
  @ApiOperation({ summary: "A customer's payment history with refunds and credit balances" })
  history(@Param('customerId') customerId: string) {
    return this.payments.history(customerId);
  }
}
