import PDFDocument from 'pdfkit';
import { formatMoney } from '@northstar/money';
import type { Invoice, InvoiceLine } from '@northstar/prisma';

export interface InvoicePdfInput {
  invoice: Invoice & { lines: InvoiceLine[] };
  customer: { name: string; email: string };
  paymentUrl?: string;
  brand?: { name: string; color: string; address?: string };
}

/**
 * The branded invoice document. Streams are left uncompressed: invoices are small, and
 * it lets tests read back the exact amounts printed.
 */
export function renderInvoicePdf({ invoice, customer, paymentUrl, brand = { name: 'Northstar Services', color: '#1f3a93' } }: InvoicePdfInput): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 50, compress: false, info: { Title: `Invoice ${invoice.number}`, Author: brand.name } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const money = (m: number) => formatMoney(m, invoice.currency);
  doc.rect(0, 0, doc.page.width, 70).fill(brand.color);
  doc.fillColor('#ffffff').fontSize(20).text(brand.name, 50, 25);
  doc.fillColor('#000000').fontSize(16).text(`Invoice ${invoice.number}`, 50, 90);
  doc.fontSize(10)
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
  doc.end();
  return done;
}

/** Reads back the text pdfkit drew (hex strings inside TJ arrays), for tests and audits. */
export function pdfText(pdf: Buffer): string {
  const src = pdf.toString('latin1');
  const out: string[] = [];
  for (const m of src.matchAll(/\[([^\]]*)\]\s*TJ/g)) {
    out.push([...m[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => Buffer.from(h[1], 'hex').toString('latin1')).join(''));
  }
  return out.join('\n');
}
