/**
 * The rate card quotes are priced from: hourly service rates per currency, the
 * complexity factors, and fixed-price items. It is configuration (RATE_CARD provider,
 * overridable in tests and per deployment), not data a quote can change: a quote
 * line stores the rate and factor it was priced with, so later rate changes never
 * alter a sent quote.
 */
export interface RateCard {
  /** Hourly rate per currency, minor units. */
  services: Record<string, { name: string; hourlyMinor: Record<string, number> }>;
  /** Multipliers as decimal strings with ≤ 3 places ("1.25"). */
  complexityFactors: Record<string, string>;
  fixedItems: Record<string, { name: string; unitMinor: Record<string, number> }>;
}

export const DEFAULT_RATE_CARD: RateCard = {
  services: {
    consulting: { name: 'Technical consulting', hourlyMinor: { CAD: 17_500, USD: 13_000, EUR: 12_000 } },
    development: { name: 'Software development', hourlyMinor: { CAD: 14_500, USD: 10_750, EUR: 9_950 } },
    design: { name: 'UX / UI design', hourlyMinor: { CAD: 12_000, USD: 8_900, EUR: 8_200 } },
    project_management: { name: 'Project management', hourlyMinor: { CAD: 11_000, USD: 8_150, EUR: 7_500 } },
    support: { name: 'Support and maintenance', hourlyMinor: { CAD: 9_500, USD: 7_050, EUR: 6_500 } },
  },
  complexityFactors: { simple: '1', standard: '1.15', complex: '1.35', critical: '1.6' },
  fixedItems: {
    discovery_workshop: { name: 'Discovery workshop (half day)', unitMinor: { CAD: 95_000, USD: 70_000, EUR: 65_000 } },
    hosting_setup: { name: 'Hosting and CI setup', unitMinor: { CAD: 45_000, USD: 33_000, EUR: 31_000 } },
    security_review: { name: 'Security review', unitMinor: { CAD: 180_000, USD: 133_000, EUR: 123_000 } },
  },
};

/**
 * Sales tax by customer location, parts per million. Looked up most specific first:
 * "CA-ON", then "CA", then "*". Canada: HST/GST+QST combined rates (2025).
 */
export type TaxTable = Record<string, { name: string; ppm: number }>;

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

export function taxFor(table: TaxTable, country?: string | null, region?: string | null): { region: string; name: string; ppm: number } {
  const c = country?.trim().toUpperCase();
  const r = region?.trim().toUpperCase();
  const keys = [c && r ? `${c}-${r}` : undefined, c, '*'].filter(Boolean) as string[];
  for (const k of keys) if (table[k]) return { region: k, ...table[k] };
  return { region: '*', name: 'No tax', ppm: 0 };
}

/** Deposit by customer type (seed rules: personal 25 %, business 50 %), basis points. */
export const DEFAULT_DEPOSIT_BPS: Record<'individual' | 'business', number> = { individual: 2_500, business: 5_000 };
