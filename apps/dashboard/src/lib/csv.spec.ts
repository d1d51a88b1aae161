import { csvCell, csvFileName, toCsv } from './csv';

describe('csv', () => {
  it('quotes commas, quotes and line breaks (RFC 4180)', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(12.5)).toBe('12.5');
  });

  it('defuses spreadsheet formulas in text but leaves negative numbers alone', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+1 555')).toBe("'+1 555");
    expect(csvCell('@cmd')).toBe("'@cmd");
    expect(csvCell(-42)).toBe('-42');
  });

  it('writes a header row and one line per row with CRLF', () => {
    const text = toCsv([{ header: 'Name', value: (r: { n: string; v: number }) => r.n }, { header: 'Value', value: (r) => r.v }], [
      { n: 'Acme, Inc.', v: 1 },
      { n: 'Bob', v: 2 },
    ]);
    expect(text).toBe('Name,Value\r\n"Acme, Inc.",1\r\nBob,2\r\n');
  });

  it('dates become ISO text and objects JSON', () => {
    expect(csvCell(new Date('2024-01-02T03:04:05Z'))).toBe('2024-01-02T03:04:05.000Z');
    expect(csvCell({ a: 1 })).toBe('"{""a"":1}"');
  });

  it('makes safe file names', () => {
    expect(csvFileName('At-risk desk / today!', new Date('2024-05-06T10:00:00Z'))).toBe('northstar-at-risk-desk-today-2024-05-06.csv');
  });
});
