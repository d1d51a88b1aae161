import { renderDocument, type Brand } from '@northstar/documents';
import { formatMoney } from '@northstar/money';
import type { Invoice, InvoiceLine } from '@northstar/prisma';

export interface InvoicePdfInput {
  invoice: Invoice & { lines: InvoiceLine[] };
  customer: { name: string; email: string };
  paymentUrl?: string;
}

/** The invoice as the customer receives it, in the business's document frame. */
export function renderInvoicePdf({ invoice, customer, paymentUrl }: InvoicePdfInput, brand: Brand): Promise<Buffer> {
  return renderDocument({ title: `Invoice ${invoice.number}`, brand }, (doc) => {
    const money = (m: number) => formatMoney(m, invoice.currency);
    doc.fontSize(16).text(`Invoice ${invoice.number}`);
    doc
      .fontSize(10)
      .text(`Type: ${invoice.kind}    Status: ${invoice.status}`)
      .text(`Bill to: ${customer.name} <${customer.email}>`)
      .text(`Issued: ${(invoice.issuedAt ?? invoice.createdAt).toISOString().slice(0, 10)}    Due: ${invoice.dueAt.toISOString().slice(0, 10)}    Terms: ${invoice.terms}`)
      .moveDown();
    for (const line of [...invoice.lines].sort((a, b) => a.position - b.position)) {
      doc.text(`${line.description}`, { continued: true }).text(`  ${money(line.amountMinor)}`, { align: 'right' });
    }
    doc.moveDown();
    doc.text(`Subtotal: ${money(invoice.subtotalMinor)}`, { align: 'right' });
    doc.text(`Tax (${invoice.taxJurisdiction}): ${money(invoice.taxMinor)}`, { align: 'right' });
    if (invoice.lateFeeMinor) doc.text(`Late fees: ${money(invoice.lateFeeMinor)}`, { align: 'right' });
    doc.fontSize(12).text(`Total: ${money(invoice.totalMinor)}`, { align: 'right' });
    doc.fontSize(10).text(`Paid: ${money(invoice.paidMinor + invoice.creditedMinor)}`, { align: 'right' });
    doc.text(`Balance due: ${money(invoice.totalMinor + invoice.lateFeeMinor - invoice.paidMinor - invoice.creditedMinor)}`, { align: 'right' });
    if (paymentUrl) doc.moveDown().fillColor(brand.color).text(`Pay online: ${paymentUrl}`, { link: paymentUrl });
  });
}
