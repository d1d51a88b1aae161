import { bpsOfMinor, divRoundHalfEven, scaledToText, toSafeNumber, toScaled } from './rounding';

// Every expectation below is worked out by hand in its comment; none calls the code under test twice.
describe('divRoundHalfEven', () => {
  it('sends exact halves to the even neighbour', () => {
    expect(divRoundHalfEven(5n, 2n)).toBe(2n); // 2.5 → 2 (2 is even)
    expect(divRoundHalfEven(7n, 2n)).toBe(4n); // 3.5 → 4 (4 is even)
    expect(divRoundHalfEven(1n, 2n)).toBe(0n); // 0.5 → 0
    expect(divRoundHalfEven(3n, 2n)).toBe(2n); // 1.5 → 2
  });

  it('rounds anything but a half to the nearest', () => {
    expect(divRoundHalfEven(251n, 100n)).toBe(3n); // 2.51 → 3
    expect(divRoundHalfEven(249n, 100n)).toBe(2n); // 2.49 → 2
    expect(divRoundHalfEven(200n, 100n)).toBe(2n); // exact
    expect(divRoundHalfEven(0n, 7n)).toBe(0n);
  });

  it('mirrors negative amounts exactly (a credit rounds like the charge it reverses)', () => {
    expect(divRoundHalfEven(-5n, 2n)).toBe(-2n); // -2.5 → -2
    expect(divRoundHalfEven(-7n, 2n)).toBe(-4n); // -3.5 → -4
    expect(divRoundHalfEven(-251n, 100n)).toBe(-3n); // -2.51 → -3
    expect(divRoundHalfEven(-249n, 100n)).toBe(-2n); // -2.49 → -2
  });

  it('refuses a denominator that is not positive', () => {
    expect(() => divRoundHalfEven(1n, 0n)).toThrow(RangeError);
    expect(() => divRoundHalfEven(1n, -2n)).toThrow(RangeError);
  });
});

describe('bpsOfMinor', () => {
  it('takes a share in basis points, half to even', () => {
    expect(bpsOfMinor(12_345, 1_000)).toBe(1_234); // 12 345 × 10 % = 1 234.5 → 1 234
    expect(bpsOfMinor(12_355, 1_000)).toBe(1_236); // 12 355 × 10 % = 1 235.5 → 1 236
    expect(bpsOfMinor(2, 2_500)).toBe(0); // 2 × 25 % = 0.5 → 0
    expect(bpsOfMinor(6, 2_500)).toBe(2); // 6 × 25 % = 1.5 → 2
    expect(bpsOfMinor(402_981, 2_500)).toBe(100_745); // 100 745.25 → 100 745
    expect(bpsOfMinor(12_345, 10_000)).toBe(12_345); // 100 %
    expect(bpsOfMinor(12_345, 0)).toBe(0);
  });

  it('handles negative amounts symmetrically', () => {
    expect(bpsOfMinor(-12_345, 1_000)).toBe(-1_234); // -1 234.5 → -1 234
    expect(bpsOfMinor(-12_355, 1_000)).toBe(-1_236); // -1 235.5 → -1 236
  });

  it('refuses fractions of a minor unit', () => {
    expect(() => bpsOfMinor(1.5, 2_500)).toThrow(RangeError);
  });
});

describe('toSafeNumber', () => {
  it('refuses what a number cannot hold exactly', () => {
    expect(toSafeNumber(9_007_199_254_740_991n)).toBe(9_007_199_254_740_991);
    expect(() => toSafeNumber(9_007_199_254_740_992n, 'total')).toThrow('total is out of range');
    expect(() => toSafeNumber(-9_007_199_254_740_992n)).toThrow(RangeError);
  });
});

describe('scaled decimals', () => {
  it('parses exactly and refuses extra precision', () => {
    expect(toScaled('1.25', 100n, 'hours')).toBe(125n);
    expect(toScaled(0.1, 100n, 'hours')).toBe(10n);
    expect(toScaled('2', 1000n, 'f')).toBe(2000n);
    expect(toScaled(' 14.975 ', 1000n, 'rate')).toBe(14_975n);
    expect(toScaled('1.250', 100n, 'hours')).toBe(125n); // trailing zeros are not precision
    expect(() => toScaled('1.255', 100n, 'hours')).toThrow('at most 2 decimal places');
    expect(() => toScaled('-1', 100n, 'hours')).toThrow('non-negative');
    expect(() => toScaled('1e3', 100n, 'hours')).toThrow(RangeError);
  });

  it('prints back without trailing zeros', () => {
    expect(scaledToText(1250n, 1000n)).toBe('1.25');
    expect(scaledToText(2000n, 1000n)).toBe('2');
    expect(scaledToText(5n, 100n)).toBe('0.05');
    expect(scaledToText(1_050n, 100n)).toBe('10.5');
  });
});
