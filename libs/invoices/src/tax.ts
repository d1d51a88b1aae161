/**
 * Tax by the customer's location. Rates are parts per million (14.975 % → 149 750) so
 * every combined rate is exact. Configurable: pass your own table.
 */
export interface TaxRate {
  jurisdiction: string;
  name: string;
  ppm: number;
}

export type TaxTable = Record<string, TaxRate>;

/** Keys: 'CC-RR' (country-region) first, then 'CC', then '*'. */
export const DEFAULT_TAX_TABLE: TaxTable = {
  'CA-ON': { jurisdiction: 'CA-ON', name: 'HST', ppm: 130_000 },
  'CA-NS': { jurisdiction: 'CA-NS', name: 'HST', ppm: 140_000 },
  'CA-NB': { jurisdiction: 'CA-NB', name: 'HST', ppm: 150_000 },
  'CA-NL': { jurisdiction: 'CA-NL', name: 'HST', ppm: 150_000 },
  'CA-PE': { jurisdiction: 'CA-PE', name: 'HST', ppm: 150_000 },
  'CA-QC': { jurisdiction: 'CA-QC', name: 'GST+QST', ppm: 149_750 },
  'CA-BC': { jurisdiction: 'CA-BC', name: 'GST+PST', ppm: 120_000 },
  'CA-MB': { jurisdiction: 'CA-MB', name: 'GST+PST', ppm: 120_000 },
  'CA-SK': { jurisdiction: 'CA-SK', name: 'GST+PST', ppm: 110_000 },
  CA: { jurisdiction: 'CA', name: 'GST', ppm: 50_000 },
  US: { jurisdiction: 'US', name: 'none', ppm: 0 },
  '*': { jurisdiction: '*', name: 'none', ppm: 0 },
};

export function taxRateFor(location: { country?: string | null; region?: string | null }, table: TaxTable = DEFAULT_TAX_TABLE): TaxRate {
  const c = location.country?.trim().toUpperCase();
  const r = location.region?.trim().toUpperCase();
  return (c && r && table[`${c}-${r}`]) || (c && table[c]) || table['*'] || { jurisdiction: '*', name: 'none', ppm: 0 };
}

function divHalfEven(n: bigint, d: bigint): bigint {
  let q = n / d;
  const twice = (n % d) * 2n;
  if (twice > d || (twice === d && q % 2n === 1n)) q += 1n;
  return q;
}

/** Tax on a net amount, half-even. */
export function taxOnNet(netMinor: number, ppm: number): number {
  return Number(divHalfEven(BigInt(netMinor) * BigInt(ppm), 1_000_000n));
}

/**
 * Splits a tax-inclusive amount into net + tax that add back to it exactly. Deposit and
 * final invoices are shares of a tax-inclusive quote total; splitting (instead of
 * re-taxing a rounded net) is what keeps the invoices' totals summing to the quote's.
 */
export function splitGross(grossMinor: number, ppm: number): { netMinor: number; taxMinor: number } {
  if (ppm === 0) return { netMinor: grossMinor, taxMinor: 0 };
  const sign = grossMinor < 0 ? -1 : 1;
  const abs = BigInt(Math.abs(grossMinor));
  const tax = Number(divHalfEven(abs * BigInt(ppm), 1_000_000n + BigInt(ppm))) * sign;
  return { netMinor: grossMinor - tax, taxMinor: tax };
}
