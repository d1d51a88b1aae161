import PDFDocument from 'pdfkit';
import type { Brand } from './brand';

export interface DocumentFrame {
  /** PDF metadata title ("Quote Q-2026-0001 v2"). */
  title: string;
  brand: Brand;
  /** Right-aligned in the header band, e.g. the document number. */
  bandNote?: string;
}

/** Where a document's own content starts, below the header band. */
export const CONTENT_TOP = 95;

/**
 * The frame every customer document shares: A4, the brand's header band with its name,
 * the brand as author, and a Buffer when done. `draw` writes the content from
 * CONTENT_TOP on. Streams are left uncompressed: documents are small, and it lets
 * tests and audits read back the exact text printed (pdfText).
 */
export function renderDocument(frame: DocumentFrame, draw: (doc: PDFKit.PDFDocument) => void): Promise<Buffer> {
  const { brand } = frame;
  const doc = new PDFDocument({ size: 'A4', margin: 50, compress: false, info: { Title: frame.title, Author: brand.name } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.rect(0, 0, doc.page.width, 70).fill(brand.color);
  doc.fillColor('#ffffff').fontSize(22).font('Helvetica-Bold').text(brand.name, 50, 24);
  if (frame.bandNote) doc.fontSize(12).font('Helvetica').text(frame.bandNote, 300, 30, { align: 'right', width: 245 });
  doc.fillColor('#000000').fontSize(10).font('Helvetica');
  doc.x = 50;
  doc.y = CONTENT_TOP;
  draw(doc);
  doc.end();
  return done;
}
