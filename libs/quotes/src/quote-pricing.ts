import { bpsOfMinor, divRoundHalfEven, scaledToText, taxOnNet, toSafeNumber, toScaled } from '@northstar/money';
import { INT4_MAX } from '@northstar/http';
import type { RateCard } from './rate-card';

/** Scale of hours on a line: hundredths of an hour (1.25 h → 125). */
export const HOURS_SCALE = 100n;
/** Scale of complexity factors: thousandths (1.25 → 1250). */
export const FACTOR_SCALE = 1000n;

/** rate × hours × factor, rounded once (half to even) to minor units — not once per factor. */
export function hourlyLineMinor(rateMinor: number, hoursScaled: bigint, factorScaled: bigint): number {
  return toSafeNumber(divRoundHalfEven(BigInt(rateMinor) * hoursScaled * factorScaled, HOURS_SCALE * FACTOR_SCALE), 'line amount');
}

export type LineInput =
  | { kind: 'service'; service: string; hours: string | number; complexity: string; description?: string }
  | { kind: 'fixed'; item: string; quantity: number; description?: string }
  | { kind: 'custom'; description: string; unitMinor: number; quantity: number };

export type DiscountInput = { kind: 'percent'; bps: number; reason?: string } | { kind: 'amount'; amountMinor: number; reason?: string };

export interface PricingInput {
  currency: string;
  lines: LineInput[];
  discount?: DiscountInput | null;
  taxPpm: number;
  depositBps: number;
}

export interface PricedLine {
  position: number;
  kind: LineInput['kind'];
  code: string | null;
  description: string;
  /** Hourly lines: rate, hours (decimal string) and factor (decimal string) used. */
  rateMinor: number | null;
  hours: string | null;
  complexity: string | null;
  factor: string | null;
  quantity: number | null;
  unitMinor: number | null;
  amountMinor: number;
}

export interface QuoteTotals {
  currency: string;
  lines: PricedLine[];
  subtotalMinor: number;
  discountMinor: number;
  taxableMinor: number;
  taxPpm: number;
  taxMinor: number;
  totalMinor: number;
  depositBps: number;
  depositMinor: number;
}

/** A rule of pricing was broken; `field` names the input at fault. */
export class PricingError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Prices a quote (docs/money.md):
 *  1. each line is rounded once to minor units (hourly: rate × hours × factor, half-even;
 *     fixed: unit × quantity, exact);
 *  2. subtotal = Σ lines; discount (percent: half-even of subtotal, or an amount) ≤ subtotal;
 *  3. tax = half-even of (subtotal − discount) × rate, computed once on the total, not per line;
 *  4. total = taxable + tax; deposit = half-even of total × deposit %.
 * The PDF, the API and the invoices all read these same numbers.
 */
export function priceQuote(card: RateCard, input: PricingInput): QuoteTotals {
  const currency = input.currency.toUpperCase();
  if (input.lines.length === 0) throw new PricingError('lines', 'a quote needs at least one line');
  const lines: PricedLine[] = input.lines.map((line, i) => {
    const at = `lines.${i}`;
    if (line.kind === 'service') {
      const svc = card.services[line.service];
      if (!svc) throw new PricingError(`${at}.service`, `unknown service "${line.service}"; known: ${Object.keys(card.services).join(', ')}`);
      const rate = svc.hourlyMinor[currency];
      if (rate === undefined) throw new PricingError('currency', `service "${line.service}" has no ${currency} rate`);
      const factorText = card.complexityFactors[line.complexity];
      if (factorText === undefined)
        throw new PricingError(`${at}.complexity`, `unknown complexity "${line.complexity}"; known: ${Object.keys(card.complexityFactors).join(', ')}`);
      let hours: bigint;
      try {
        hours = toScaled(line.hours, HOURS_SCALE, 'hours');
      } catch (e) {
        throw new PricingError(`${at}.hours`, (e as Error).message);
      }
      if (hours <= 0n) throw new PricingError(`${at}.hours`, 'hours must be greater than 0');
      const factor = toScaled(factorText, FACTOR_SCALE, 'factor');
      return {
        position: i + 1,
        kind: 'service',
        code: line.service,
        description: line.description?.trim() || svc.name,
        rateMinor: rate,
        hours: scaledToText(hours, HOURS_SCALE),
        complexity: line.complexity,
        factor: scaledToText(factor, FACTOR_SCALE),
        quantity: null,
        unitMinor: null,
        amountMinor: hourlyLineMinor(rate, hours, factor),
      };
    }
    if (!Number.isInteger(line.quantity) || line.quantity <= 0) throw new PricingError(`${at}.quantity`, 'quantity must be a positive integer');
    if (line.kind === 'fixed') {
      const item = card.fixedItems[line.item];
      if (!item) throw new PricingError(`${at}.item`, `unknown fixed item "${line.item}"; known: ${Object.keys(card.fixedItems).join(', ')}`);
      const unit = item.unitMinor[currency];
      if (unit === undefined) throw new PricingError('currency', `item "${line.item}" has no ${currency} price`);
      return fixedLine(i, 'fixed', line.item, line.description?.trim() || item.name, unit, line.quantity);
    }
    if (!Number.isInteger(line.unitMinor) || line.unitMinor < 0) throw new PricingError(`${at}.unitMinor`, 'unitMinor must be a non-negative integer');
    return fixedLine(i, 'custom', null, line.description, line.unitMinor, line.quantity);
  });

  const subtotal = lines.reduce((s, l) => s + BigInt(l.amountMinor), 0n);
  const subtotalMinor = toSafeNumber(subtotal, 'subtotal');
  let discountMinor = 0;
  if (input.discount) {
    if (input.discount.kind === 'percent') {
      if (!Number.isInteger(input.discount.bps) || input.discount.bps < 0 || input.discount.bps > 10_000)
        throw new PricingError('discount.bps', 'discount must be between 0 and 10000 basis points');
      discountMinor = bpsOfMinor(subtotalMinor, input.discount.bps);
    } else {
      if (!Number.isInteger(input.discount.amountMinor) || input.discount.amountMinor < 0)
        throw new PricingError('discount.amountMinor', 'discount must be a non-negative integer');
      if (input.discount.amountMinor > subtotalMinor) throw new PricingError('discount.amountMinor', 'discount exceeds the subtotal');
      discountMinor = input.discount.amountMinor;
    }
  }
  const taxableMinor = subtotalMinor - discountMinor;
  if (!Number.isInteger(input.taxPpm) || input.taxPpm < 0 || input.taxPpm > 1_000_000) throw new PricingError('taxPpm', 'tax rate out of range');
  const taxMinor = taxOnNet(taxableMinor, input.taxPpm);
  const totalMinor = taxableMinor + taxMinor;
  // Amounts are `integer` columns: a total past one would fail at the database, not here.
  if (subtotalMinor > INT4_MAX || totalMinor > INT4_MAX) throw new PricingError('lines', `the quote total must be at most ${INT4_MAX} minor units`);
  if (!Number.isInteger(input.depositBps) || input.depositBps < 0 || input.depositBps > 10_000)
    throw new PricingError('depositBps', 'deposit must be between 0 and 10000 basis points');
  const depositMinor = bpsOfMinor(totalMinor, input.depositBps);
  return {
    currency,
    lines,
    subtotalMinor,
    discountMinor,
    taxableMinor,
    taxPpm: input.taxPpm,
    taxMinor,
    totalMinor,
    depositBps: input.depositBps,
    depositMinor,
  };
}

function fixedLine(i: number, kind: 'fixed' | 'custom', code: string | null, description: string, unit: number, quantity: number): PricedLine {
  return {
    position: i + 1,
    kind,
    code,
    description,
    rateMinor: null,
    hours: null,
    complexity: null,
    factor: null,
    quantity,
    unitMinor: unit,
    amountMinor: toSafeNumber(BigInt(unit) * BigInt(quantity), 'line amount'),
  };
}
