/**
 * Exact arithmetic on money. Amounts are integer minor units; rates that carry decimals
 * are scaled integers (basis points, parts per million, or a caller's own scale), so
 * every product is exact in BigInt and the only loss of precision is one rounding per
 * step — always half to even (docs/money.md says why). Floats never touch an amount.
 */

/** Percentages are basis points (12.5 % → 1250). */
export const BPS_SCALE = 10_000n;
/** Tax rates are parts per million (14.975 % → 149_750), so every Canadian combined rate is exact. */
export const PPM_SCALE = 1_000_000n;

/**
 * numerator / denominator rounded half to even (banker's rounding): exact halves go to
 * the even neighbour, so rounding many amounts does not drift upward on average. Signs
 * are symmetric: -2.5 → -2, exactly the mirror of 2.5 → 2.
 */
export function divRoundHalfEven(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError('denominator must be positive');
  const negative = numerator < 0n;
  const n = negative ? -numerator : numerator;
  let q = n / denominator;
  const twice = (n % denominator) * 2n;
  if (twice > denominator || (twice === denominator && q % 2n === 1n)) q += 1n;
  return negative ? -q : q;
}

/** A BigInt result back to a JavaScript number, refusing what a number cannot hold exactly. */
export function toSafeNumber(v: bigint, what = 'amount'): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`${what} is out of range`);
  return Number(v);
}

/** amount × bps / 10 000, rounded once, half to even. */
export function bpsOfMinor(amountMinor: number, bps: number): number {
  return toSafeNumber(divRoundHalfEven(BigInt(amountMinor) * BigInt(bps), BPS_SCALE));
}

/** Parses a non-negative decimal ("1.25", 1.25) into an integer at `scale`, refusing extra precision. */
export function toScaled(value: number | string, scale: bigint, what: string): bigint {
  const text = typeof value === 'number' ? String(value) : value.trim();
  if (!/^\d+(\.\d+)?$/.test(text)) throw new RangeError(`${what} must be a non-negative decimal`);
  const [whole, frac = ''] = text.split('.');
  const digits = scaleDigits(scale);
  if (frac.replace(/0+$/, '').length > digits) throw new RangeError(`${what} allows at most ${digits} decimal places`);
  return BigInt(whole) * scale + BigInt((frac + '0'.repeat(digits)).slice(0, digits) || '0');
}

/** The inverse of toScaled for non-negative values, without trailing zeros (1250 at 1000 → "1.25"). */
export function scaledToText(v: bigint, scale: bigint): string {
  const whole = v / scale;
  const frac = (v % scale).toString().padStart(scaleDigits(scale), '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : `${whole}`;
}

const scaleDigits = (scale: bigint) => scale.toString().length - 1;
