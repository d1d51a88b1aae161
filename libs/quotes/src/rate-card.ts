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

/** Deposit by customer type (seed rules: personal 25 %, business 50 %), basis points. */
export const DEFAULT_DEPOSIT_BPS: Record<'individual' | 'business', number> = { individual: 2_500, business: 5_000 };
