import { line, printable, text, textProblem } from './text';

describe('text', () => {
  it.each([
    ['NUL', 'a\u0000b', /NUL bytes \(at position 1\)/],
    ['an ANSI escape', '\u001b[31mred', /control characters \(U\+001B at position 0\)/],
    ['a C1 control', 'x\u009by', /U\+009B/],
    ['DEL', 'x\u007f', /U\+007F/],
    ['a lone high surrogate', 'ok\uD83D', /unpaired surrogate at position 2/],
    ['a lone low surrogate', '\uDE00ok', /unpaired surrogate at position 0/],
  ])('refuses %s', (_what, s, message) => {
    expect(textProblem(s)).toMatch(message);
    expect(text(100).safeParse(s).success).toBe(false);
    expect(line(100).safeParse(s).success).toBe(false);
  });

  it('accepts tabs, line breaks and any paired (astral) character', () => {
    const s = 'Dear Ana,\r\n\tthanks 🙂 — ça va?';
    expect(textProblem(s)).toBeUndefined();
    expect(text(100).parse(s)).toBe(s);
  });

  it('a line refuses line breaks and tabs; both trim and keep their length limit', () => {
    expect(line(100).safeParse('two\nlines').error?.issues[0].message).toMatch(/single line \(U\+000A at position 3\)/);
    expect(line(100).safeParse('a\tb').success).toBe(false);
    expect(line(5).parse('  Ana  ')).toBe('Ana');
    expect(text(3).safeParse('abcd').success).toBe(false);
    expect(line(10, { trim: false }).parse(' a ')).toBe(' a ');
  });
});

describe('printable', () => {
  it('replaces what text may not hold, keeping the rest', () => {
    expect(printable('id\u0000\u001b[31m\uD800 ok\n')).toBe('id\uFFFD\uFFFD[31m\uFFFD ok\n');
  });
});
