import PDFDocument from 'pdfkit';
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
  brand?: { name: string; color: string };
}

/**
 * The quote as the customer receives it. It prints the numbers it is given — the
 * same stored totals the API returns — and computes none, so PDF and API cannot
 * disagree by a cent. Uncompressed content streams keep the text extractable
 * (tests read the amounts back out of the file).
 */
export function renderQuotePdf(q: QuotePdfInput): Promise<Buffer> {
  const brand = q.brand ?? { name: 'Northstar', color: '#1d3a8a' };
  const doc = new PDFDocument({ size: 'A4', margin: 50, compress: false, info: { Title: `Quote ${q.number} v${q.version}`, Author: brand.name } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const money = (m: number) => formatMoney(m, q.currency);
  const date = (d: Date) => d.toISOString().slice(0, 10);

  doc.rect(0, 0, doc.page.width, 70).fill(brand.color);
  doc.fillColor('#ffffff').fontSize(22).font('Helvetica-Bold').text(brand.name, 50, 24);
  doc.fontSize(12).font('Helvetica').text(`Quote ${q.number}  ·  version ${q.version}`, 300, 30, { align: 'right', width: 245 });
  doc.fillColor('#000000').moveDown(3);
  doc.x = 50;
  doc.fontSize(16).font('Helvetica-Bold').text(q.title, 50, 95);
  doc.fontSize(10).font('Helvetica').text(`Prepared for ${q.customerName}`);
  doc.text(`Issued ${date(q.issuedAt)}${q.validUntil ? `  ·  Valid until ${date(q.validUntil)}` : ''}`);

  const section = (title: string, body: string) => {
    doc.moveDown(0.8).fontSize(12).font('Helvetica-Bold').fillColor(brand.color).text(title);
    doc.fontSize(10).font('Helvetica').fillColor('#000000').text(body);
  };
  section('Executive summary', q.executiveSummary);
  section('Scope of work', q.scope);
  if (q.timeline || q.milestones.length) {
    section('Timeline and milestones', q.timeline ?? '');
    for (const m of q.milestones) doc.text(`• ${m.dueDate}  ${m.name}${m.description ? ` — ${m.description}` : ''}`);
  }

  doc.moveDown(0.8).fontSize(12).font('Helvetica-Bold').fillColor(brand.color).text('Investment');
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
  doc.end();
  return done;
}

/**
 * Text drawn in an uncompressed PDF made by pdfkit (hex strings in TJ/Tj operators),
 * one string per text operation. Enough to prove what a customer sees.
 */
export function extractPdfText(pdf: Buffer): string[] {
  const src = pdf.toString('latin1');
  const out: string[] = [];
  const re = /\[((?:<[0-9a-fA-F]*>|\s|-?\d+(?:\.\d+)?)*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(src))) {
    const hexes = m[1] !== undefined ? [...m[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((x) => x[1]) : [m[2]];
    out.push(hexes.map((h) => Buffer.from(h, 'hex').toString('latin1')).join(''));
  }
  return out;
}
