import { renderDocument, type Brand } from '@northstar/documents';
import { formatMoney } from '@northstar/money';

export interface QuotePdfInput {
  number: string;
  version: number;
  title: string;
  customerName: string;
  issuedAt: Date;
  validUntil: Date | null;
  executiveSummary: string;
  scope: string;
  timeline?: string | null;
  milestones: { name: string; dueDate: string; description?: string }[];
  lines: { description: string; hours: string | null; factor: string | null; rateMinor: number | null; quantity: number | null; unitMinor: number | null; amountMinor: number }[];
  currency: string;
  subtotalMinor: number;
  discountMinor: number;
  taxName: string;
  taxMinor: number;
  totalMinor: number;
  depositBps: number;
  depositMinor: number;
  terms?: string | null;
}

/**
 * The quote as the customer receives it, in the business's document frame. It prints
 * the numbers it is given — the same stored totals the API returns — and computes
 * none, so PDF and API cannot disagree by a cent.
 */
export function renderQuotePdf(q: QuotePdfInput, brand: Brand): Promise<Buffer> {
  return renderDocument({ title: `Quote ${q.number} v${q.version}`, brand, bandNote: `Quote ${q.number}  ·  version ${q.version}` }, (doc) =>
    drawQuote(doc, q, brand.color),
  );
}

function drawQuote(doc: PDFKit.PDFDocument, q: QuotePdfInput, accent: string): void {
  const money = (m: number) => formatMoney(m, q.currency);
  const date = (d: Date) => d.toISOString().slice(0, 10);

  doc.fontSize(16).font('Helvetica-Bold').text(q.title);
  doc.fontSize(10).font('Helvetica').text(`Prepared for ${q.customerName}`);
  doc.text(`Issued ${date(q.issuedAt)}${q.validUntil ? `  ·  Valid until ${date(q.validUntil)}` : ''}`);

  const section = (title: string, body: string) => {
    doc.moveDown(0.8).fontSize(12).font('Helvetica-Bold').fillColor(accent).text(title);
    doc.fontSize(10).font('Helvetica').fillColor('#000000').text(body);
  };
  section('Executive summary', q.executiveSummary);
  section('Scope of work', q.scope);
  if (q.timeline || q.milestones.length) {
    section('Timeline and milestones', q.timeline ?? '');
    for (const m of q.milestones) doc.text(`• ${m.dueDate}  ${m.name}${m.description ? ` — ${m.description}` : ''}`);
  }

  doc.moveDown(0.8).fontSize(12).font('Helvetica-Bold').fillColor(accent).text('Investment');
  doc.fillColor('#000000').fontSize(9);
  const row = (cols: string[], bold = false) => {
    const y = doc.y;
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica');
    doc.text(cols[0], 50, y, { width: 250 });
    const yAfter = doc.y;
    doc.text(cols[1], 300, y, { width: 130, align: 'right' });
    doc.text(cols[2], 430, y, { width: 115, align: 'right' });
    doc.y = Math.max(yAfter, doc.y);
    doc.x = 50;
  };
  row(['Item', 'Basis', 'Amount'], true);
  for (const l of q.lines) {
    const basis =
      l.hours !== null && l.rateMinor !== null
        ? `${l.hours} h × ${money(l.rateMinor)}${l.factor && l.factor !== '1' ? ` × ${l.factor}` : ''}`
        : `${l.quantity} × ${money(l.unitMinor ?? 0)}`;
    row([l.description, basis, money(l.amountMinor)]);
  }
  doc.moveDown(0.5);
  row(['Subtotal', '', money(q.subtotalMinor)]);
  if (q.discountMinor) row(['Discount', '', `-${money(q.discountMinor)}`]);
  row([q.taxName, '', money(q.taxMinor)]);
  row(['Total', '', money(q.totalMinor)], true);
  row([`Deposit due on acceptance (${(q.depositBps / 100).toFixed(2)} %)`, '', money(q.depositMinor)], true);
  if (q.terms) section('Terms and conditions', q.terms);
  doc.moveDown(1).fontSize(8).fillColor('#666666').text('Accept or decline this quote with the secure link in the accompanying email.');
}
