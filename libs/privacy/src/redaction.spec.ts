import { ERASED, Needles, nameParts, phoneSpellings } from './redaction';

describe('Needles', () => {
  const n = new Needles(['Zoë Martin', ...nameParts('Zoë Martin'), 'zoe@example.test', ...phoneSpellings('+14165550199')]);

  it('erases whole words and numbers, case-insensitively, the longest needle first', () => {
    expect(n.redact('Hi Zoë, Zoë Martin (ZOE@example.test) called from (416) 555-0199.')).toBe(`Hi ${ERASED}, ${ERASED} (${ERASED}) called from ${ERASED}.`);
    expect(n.redact('ref 14165550199 / +1 416 555 0199')).toBe(`ref ${ERASED} / ${ERASED}`);
  });

  it('leaves longer words and numbers that merely contain a needle', () => {
    expect(n.redact('Martinez paid 141655501990 on Zoëlle')).toBe('Martinez paid 141655501990 on Zoëlle');
    expect(n.foundIn('Martinez')).toBe(false);
    expect(n.foundIn('mr MARTIN')).toBe(true);
    expect(n.foundIn('mr MARTIN')).toBe(true); // a global pattern keeps state between tests; this one must not
  });

  it('redacts every string of a JSON value, keys included', () => {
    expect(n.redactJson({ signedBy: 'Zoë Martin', lines: [{ note: 'for Zoë' }, 3, null], 'zoe@example.test': true })).toEqual({
      signedBy: ERASED,
      lines: [{ note: `for ${ERASED}` }, 3, null],
      [ERASED]: true,
    });
  });

  it('with no needles, finds and changes nothing', () => {
    const none = new Needles(['', '  ']);
    expect(none.foundIn('anything')).toBe(false);
    expect(none.redact('anything')).toBe('anything');
  });

  it('name words are runs of two letters or more: initials are not needles, double-barrelled names give both', () => {
    expect(nameParts('J. R. Smith-Jones')).toEqual(['Smith', 'Jones']);
    expect(nameParts("Zoë O'Neil")).toEqual(['Zoë', "O'Neil"]);
  });
});
