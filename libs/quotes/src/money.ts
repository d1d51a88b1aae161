/**
 * Money arithmetic for quotes. Amounts are integer minor units (cents); rates and
 * factors that carry decimals are held as scaled integers, so every product is exact
 * in BigInt and the only loss of precision is the one documented rounding step
 * (docs/money.md). Floats never touch an amount.
 */

/** Scale of hours on a line: hundredths of an hour (1.25 h → 125). */
export const HOURS_SCALE = 100n;
/** Scale of complexity factors: thousandths (1.25 → 1250). */
export const FACTOR_SCALE = 1000n;
/** Percentages are basis points (12.5 % → 1250). */
export const BPS_SCALE = 10_000n;
/** Tax rates are parts per million (14.975 % → 149_750), so every Canadian combined rate is exact. */
export const PPM_SCALE = 1_000_000n;

/**
 * numerator / denominator rounded half to even (banker's rounding): exact halves go
 * to the even neighbour, so rounding many lines does not drift upward on average.
 */
export function divRoundHalfEven(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError('denominator must be positive');
  const negative = numerator < 0n;
  const n = negative ? -numerator : numerator;
  let q = n / denominator;
  const r = n % denominator;
  const twice = r * 2n;
  if (twice > denominator || (twice === denominator && q % 2n === 1n)) q += 1n;
  return negative ? -q : q;
}

/** Parses a non-negative decimal ("1.25", 1.25) into an integer at `scale`, refusing extra precision. */
export function toScaled(value: number | string, scale: bigint, what: string): bigint {
  const text = typeof value === 'number' ? String(value) : value.trim();
  if (!/^\d+(\.\d+)?$/.test(text)) throw new RangeError(`${what} must be a non-negative decimal`);
  const [whole, frac = ''] = text.split('.');
  const digits = scale.toString().length - 1;
  if (frac.replace(/0+$/, '').length > digits) throw new RangeError(`${what} allows at most ${digits} decimal places`);
  return BigInt(whole) * scale + BigInt((frac + '0'.repeat(digits)).slice(0, digits) || '0');
}

export function toSafeNumber(v: bigint, what = 'amount'): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`${what} is out of range`);
  return Number(v);
}

/** rate × hours × factor, rounded once (half-even) to minor units. */
export function hourlyLineMinor(rateMinor: number, hoursScaled: bigint, factorScaled: bigint): number {
  return toSafeNumber(divRoundHalfEven(BigInt(rateMinor) * hoursScaled * factorScaled, HOURS_SCALE * FACTOR_SCALE), 'line amount');
}

/** amount × bps / 10 000, half-even. */
export function percentOfMinor(amountMinor: number, bps: number): number {
  return toSafeNumber(divRoundHalfEven(BigInt(amountMinor) * BigInt(bps), BPS_SCALE));
}

/** amount × ppm / 1 000 000, half-even. */
export function ppmOfMinor(amountMinor: number, ppm: number): number {
  return toSafeNumber(divRoundHalfEven(BigInt(amountMinor) * BigInt(ppm), PPM_SCALE));
}

/** Minor units of one major unit for the currencies we quote in (ISO 4217 exponents). */
const EXPONENT: Record<string, number> = { JPY: 0, KRW: 0, BHD: 3, KWD: 3 };
export const currencyExponent = (currency: string) => EXPONENT[currency.toUpperCase()] ?? 2;

/** 123456 CAD → "CA$1,234.56" style text for documents; the numbers in it are exact. */
export function formatMoney(amountMinor: number, currency: string): string {
  const exp = currencyExponent(currency);
  const negative = amountMinor < 0;
  const abs = Math.abs(amountMinor);
  const major = Math.floor(abs / 10 ** exp);
  const minor = abs % 10 ** exp;
  const grouped = major.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const text = exp ? `${grouped}.${minor.toString().padStart(exp, '0')}` : grouped;
  return `${negative ? '-' : ''}${currency.toUpperCase()} ${text}`;
}
