import { currencyExponent, formatMoney, minorToMajor } from './currency';

describe('currencyExponent', () => {
  it('knows zero- and three-decimal currencies, two otherwise', () => {
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('krw')).toBe(0);
    expect(currencyExponent('KWD')).toBe(3);
    expect(currencyExponent('bhd')).toBe(3);
    expect(currencyExponent('CAD')).toBe(2);
    expect(currencyExponent('EUR')).toBe(2);
  });
});

describe('formatMoney', () => {
  it('prints two-decimal currencies with grouped thousands', () => {
    expect(formatMoney(123_456_789, 'cad')).toBe('CAD 1,234,567.89');
    expect(formatMoney(100, 'CAD')).toBe('CAD 1.00');
    expect(formatMoney(5, 'USD')).toBe('USD 0.05');
    expect(formatMoney(0, 'EUR')).toBe('EUR 0.00');
    expect(formatMoney(100_000, 'CAD')).toBe('CAD 1,000.00');
  });

  it('puts the sign of a negative amount first', () => {
    expect(formatMoney(-123_456, 'CAD')).toBe('-CAD 1,234.56');
    expect(formatMoney(-5, 'USD')).toBe('-USD 0.05');
  });

  it('prints zero-decimal currencies without a decimal point', () => {
    expect(formatMoney(1_500, 'JPY')).toBe('JPY 1,500');
    expect(formatMoney(-7, 'jpy')).toBe('-JPY 7');
  });

  it('prints three-decimal currencies with three places', () => {
    expect(formatMoney(1_234_567, 'KWD')).toBe('KWD 1,234.567');
    expect(formatMoney(5, 'KWD')).toBe('KWD 0.005');
  });
});

describe('minorToMajor', () => {
  it('divides by the currency’s exponent', () => {
    expect(minorToMajor(1_999, 'CAD')).toBe(19.99);
    expect(minorToMajor(1_500, 'JPY')).toBe(1_500);
    expect(minorToMajor(1_234_567, 'KWD')).toBe(1_234.567);
    expect(minorToMajor(-250, 'USD')).toBe(-2.5);
  });
});
