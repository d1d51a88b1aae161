import { renderDocument } from './document-frame';
import { pdfText } from './pdf-text';

const brand = { name: 'Maple & Birch Studio', color: '#0a7f3b' };

describe('renderDocument', () => {
  it('prints the brand’s band, name and note, then the document’s own content', async () => {
    const pdf = await renderDocument({ title: 'Quote Q-2026-0007 v2', brand, bandNote: 'Quote Q-2026-0007' }, (doc) => {
      doc.text('Scope of work');
    });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdfText(pdf).split('\n')).toEqual(['Maple & Birch Studio', 'Quote Q-2026-0007', 'Scope of work']);
    const src = pdf.toString('latin1');
    // The band is painted in the brand colour: 0a7f3b = rgb(10, 127, 59), written as channel / 255
    // (10 / 255 = 0.0392…, 127 / 255 = 0.4980…, 59 / 255 = 0.2313…).
    expect(src).toMatch(/\b0\.0392\d* 0\.4980\d* 0\.2313\d* scn/);
    expect(src).toContain('(Quote Q-2026-0007 v2)'); // metadata title
    expect(src).toContain('(Maple & Birch Studio)'); // metadata author
  });
});

describe('pdfText', () => {
  it('reads both kinds of text operator pdfkit writes, one line each', () => {
    const pdf = Buffer.from('BT [<48656c6c6f> -20 <2c20776f726c64>] TJ ET\nBT <4f4b> Tj ET', 'latin1');
    expect(pdfText(pdf)).toBe('Hello, world\nOK'); // 48 65 6c 6c 6f = "Hello", 2c 20 77 6f 72 6c 64 = ", world", 4f 4b = "OK"
  });
});
