import { Inject, Injectable, Logger } from '@nestjs/common';
import { CustomerLinkService } from '@northstar/access';
import { BRAND, type Brand } from '@northstar/documents';
import { MailService } from '@northstar/mail';
import { formatMoney } from '@northstar/money';
import { PrismaService } from '@northstar/prisma';
import { renderQuotePdf } from './quote-pdf';
import { quoteTotals } from './quote.presenter';
import { QuoteService, type QuoteWithLines } from './quote.service';

/**
 * What leaves the building when a quote is sent: a signed customer link (valid as
 * long as the quote) and the branded PDF, mailed through MailService (queued on
 * Notifications, so an SMTP outage delays the mail and never undoes the send).
 */
@Injectable()
export class QuoteDeliveryService {
  private readonly logger = new Logger('QuoteDelivery');

  constructor(
    private readonly prisma: PrismaService,
    private readonly quotes: QuoteService,
    private readonly links: CustomerLinkService,
    private readonly mail: MailService,
    @Inject(BRAND) private readonly brand: Brand,
  ) {}

  async pdf(q: QuoteWithLines): Promise<Buffer> {
    const customer = await this.prisma.customer.findUniqueOrThrow({ where: { id: q.customerId } });
    return renderQuotePdf({
      number: q.number,
      version: q.version,
      title: q.title,
      customerName: customer.company ? `${customer.name}, ${customer.company}` : customer.name,
      issuedAt: q.sentAt ?? q.createdAt,
      validUntil: q.validUntil,
      executiveSummary: q.executiveSummary,
      scope: q.scope,
      timeline: q.timeline,
      milestones: (q.milestones as never) ?? [],
      lines: q.lines,
      currency: q.currency,
      ...quoteTotals(q),
      terms: q.terms,
    }, this.brand);
  }

  /** Link for the customer to view / accept / reject; lives until the quote's validity ends (+1 day). */
  async link(q: QuoteWithLines): Promise<{ url: string; token: string }> {
    const until = q.validUntil ? q.validUntil.getTime() : Date.now() + q.validityDays * 86_400_000;
    const ttl = Math.max(3600, Math.ceil((until - Date.now()) / 1000) + 86_400);
    const token = await this.links.sign('quote', q.id, ttl);
    return { token, url: `${this.quotes.settings.publicBaseUrl}/customer/quotes/${q.id}?token=${encodeURIComponent(token)}` };
  }

  async deliver(q: QuoteWithLines): Promise<{ url: string; token: string }> {
    const customer = await this.prisma.customer.findUniqueOrThrow({ where: { id: q.customerId } });
    const [pdf, link] = await Promise.all([this.pdf(q), this.link(q)]);
    await this.mail.send(
      {
        to: customer.email,
        subject: `Your quote ${q.number}${q.version > 1 ? ` (revision ${q.version})` : ''}: ${q.title}`,
        text: [
          `Hello ${customer.name},`,
          '',
          `Please find your quote ${q.number} (version ${q.version}) attached.`,
          `Total: ${formatMoney(q.totalMinor, q.currency)} — deposit on acceptance ${formatMoney(q.depositMinor, q.currency)}.`,
          q.validUntil ? `Valid until ${q.validUntil.toISOString().slice(0, 10)}.` : '',
          '',
          `View, accept or decline it here: ${link.url}`,
        ].join('\n'),
        attachments: [{ filename: `${q.number}-v${q.version}.pdf`, contentType: 'application/pdf', contentBase64: pdf.toString('base64') }],
        tags: { kind: 'quote-sent', number: q.number, version: String(q.version), quoteId: q.id },
      },
      { key: `quote-sent:${q.id}` },
    );
    return link;
  }

  async followUp(q: { id: string; number: string; version: number; title: string; customer: { email: string; name: string } }) {
    const full = await this.quotes.get(q.id);
    const link = await this.link(full);
    await this.mail.send(
      {
        to: q.customer.email,
        subject: `Any questions about quote ${q.number}?`,
        text: `Hello ${q.customer.name},\n\nYou opened quote ${q.number} (${q.title}) a few days ago. If anything is unclear or should change, reply to this mail or ask for a revision from the quote page: ${link.url}`,
        tags: { kind: 'quote-follow-up', number: q.number, quoteId: q.id },
      },
      { key: `quote-follow-up:${q.id}` },
    );
  }
}
