import { divRoundHalfEven, PPM_SCALE, toSafeNumber } from './rounding';

/**
 * Sales tax by customer location, the one table quotes and invoices use. Rates are
 * parts per million so every combined rate is exact. Looked up most specific first:
 * "CA-ON", then "CA", then "*". Canada: HST or GST + provincial combined rates (2025).
 * Configuration (overridable per deployment through the quotes settings), not data a
 * document can change: quotes store the region, name and rate they were taxed with, and
 * invoices take them from the quote.
 */
export interface TaxRate {
  name: string;
  ppm: number;
}

export type TaxTable = Record<string, TaxRate>;

export const DEFAULT_TAX_TABLE: TaxTable = {
  'CA-ON': { name: 'HST 13%', ppm: 130_000 },
  'CA-NS': { name: 'HST 14%', ppm: 140_000 },
  'CA-NB': { name: 'HST 15%', ppm: 150_000 },
  'CA-NL': { name: 'HST 15%', ppm: 150_000 },
  'CA-PE': { name: 'HST 15%', ppm: 150_000 },
  'CA-QC': { name: 'GST 5% + QST 9.975%', ppm: 149_750 },
  'CA-BC': { name: 'GST 5% + PST 7%', ppm: 120_000 },
  'CA-MB': { name: 'GST 5% + RST 7%', ppm: 120_000 },
  'CA-SK': { name: 'GST 5% + PST 6%', ppm: 110_000 },
  CA: { name: 'GST 5%', ppm: 50_000 },
  '*': { name: 'No tax', ppm: 0 },
};

/** The rate for a location and the key it was found under (stored on the quote as its tax region). */
export function taxFor(table: TaxTable, country?: string | null, region?: string | null): { region: string } & TaxRate {
  const c = country?.trim().toUpperCase();
  const r = region?.trim().toUpperCase();
  const keys = [c && r ? `${c}-${r}` : undefined, c, '*'].filter(Boolean) as string[];
  for (const k of keys) if (table[k]) return { region: k, ...table[k] };
  return { region: '*', name: 'No tax', ppm: 0 };
}

/** Tax on a net amount: net × ppm / 1 000 000, rounded once, half to even. */
export function taxOnNet(netMinor: number, ppm: number): number {
  return toSafeNumber(divRoundHalfEven(BigInt(netMinor) * BigInt(ppm), PPM_SCALE));
}

/**
 * Splits a tax-inclusive amount into net + tax that add back to it exactly:
 * tax = gross × ppm / (1 000 000 + ppm), half to even, net = gross − tax. Deposit and
 * final invoices are shares of a tax-inclusive quote total; splitting (instead of
 * re-taxing a rounded net) is what keeps the invoices' totals summing to the quote's.
 */
export function splitGross(grossMinor: number, ppm: number): { netMinor: number; taxMinor: number } {
  const taxMinor = toSafeNumber(divRoundHalfEven(BigInt(grossMinor) * BigInt(ppm), PPM_SCALE + BigInt(ppm)));
  return { netMinor: grossMinor - taxMinor, taxMinor };
}
