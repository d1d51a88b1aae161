import { DEFAULT_RATE_CARD } from './rate-card';
import { hourlyLineMinor, priceQuote, PricingError } from './quote-pricing';

describe('hourlyLineMinor', () => {
  it('prices an hourly line as one rounding of rate × hours × factor', () => {
    // 9 999 × 1.5 × 1.15 = 17 248.275 → 17 248
    expect(hourlyLineMinor(9_999, 150n, 1150n)).toBe(17_248);
    // 0.1 h × 1.15 × 3 = 0.345 → 0 ; 0.1 × 1.15 × 5 = 0.575 → 1
    expect(hourlyLineMinor(3, 10n, 1150n)).toBe(0);
    expect(hourlyLineMinor(5, 10n, 1150n)).toBe(1);
    // exact half: 1 × 0.5 × 1 = 0.5 → 0 (even); 3 × 0.5 = 1.5 → 2
    expect(hourlyLineMinor(1, 50n, 1000n)).toBe(0);
    expect(hourlyLineMinor(3, 50n, 1000n)).toBe(2);
  });
});

describe('priceQuote', () => {
  it('computes lines, discount, tax once on the discounted subtotal, total and deposit', () => {
    const t = priceQuote(DEFAULT_RATE_CARD, {
      currency: 'cad',
      lines: [
        { kind: 'service', service: 'development', hours: '12.5', complexity: 'complex' }, // 14500 × 12.5 × 1.35 = 244 687.5 → 244 688
        { kind: 'service', service: 'design', hours: 3.25, complexity: 'standard' }, // 12000 × 3.25 × 1.15 = 44 850
        { kind: 'fixed', item: 'hosting_setup', quantity: 2 }, // 90 000
        { kind: 'custom', description: 'Licence', unitMinor: 1_999, quantity: 3 }, // 5 997
      ],
      discount: { kind: 'percent', bps: 750 }, // 7.5 % of 385 535 = 28 915.125 → 28 915
      taxPpm: 130_000, // 13 % of 356 620 = 46 360.6 → 46 361
      depositBps: 2_500, // 25 % of 402 981 = 100 745.25 → 100 745
    });
    expect(t.lines.map((l) => l.amountMinor)).toEqual([244_688, 44_850, 90_000, 5_997]);
    expect(t.subtotalMinor).toBe(385_535);
    expect(t.discountMinor).toBe(28_915);
    expect(t.taxableMinor).toBe(356_620);
    expect(t.taxMinor).toBe(46_361);
    expect(t.totalMinor).toBe(402_981);
    expect(t.depositMinor).toBe(100_745);
    expect(t.currency).toBe('CAD');
    expect(t.lines[0]).toMatchObject({ rateMinor: 14_500, hours: '12.5', factor: '1.35', complexity: 'complex' });
  });

  it('tax is rounded once, not per line', () => {
    // Three lines of 5 minor at 10 %: per-line rounding would give 0+0+0 (half-even of 0.5) = 0; once: 1.5 → 2
    const t = priceQuote(DEFAULT_RATE_CARD, {
      currency: 'CAD',
      lines: [1, 2, 3].map(() => ({ kind: 'custom' as const, description: 'x', unitMinor: 5, quantity: 1 })),
      taxPpm: 100_000,
      depositBps: 0,
    });
    expect(t.taxMinor).toBe(2);
  });

  it('accepts a fixed discount up to the subtotal', () => {
    const base = { currency: 'CAD', lines: [{ kind: 'custom' as const, description: 'x', unitMinor: 1000, quantity: 1 }], taxPpm: 0, depositBps: 0 };
    expect(priceQuote(DEFAULT_RATE_CARD, { ...base, discount: { kind: 'amount', amountMinor: 1000 } }).totalMinor).toBe(0);
    expect(() => priceQuote(DEFAULT_RATE_CARD, { ...base, discount: { kind: 'amount', amountMinor: 1001 } })).toThrow('exceeds the subtotal');
  });

  it.each([
    [{ lines: [] }, 'lines'],
    [{ lines: [{ kind: 'service', service: 'nope', hours: 1, complexity: 'simple' }] }, 'lines.0.service'],
    [{ lines: [{ kind: 'service', service: 'design', hours: 1, complexity: 'huge' }] }, 'lines.0.complexity'],
    [{ lines: [{ kind: 'service', service: 'design', hours: 0, complexity: 'simple' }] }, 'lines.0.hours'],
    [{ lines: [{ kind: 'service', service: 'design', hours: '1.001', complexity: 'simple' }] }, 'lines.0.hours'],
    [{ lines: [{ kind: 'fixed', item: 'nope', quantity: 1 }] }, 'lines.0.item'],
    [{ lines: [{ kind: 'fixed', item: 'hosting_setup', quantity: 0 }] }, 'lines.0.quantity'],
    [{ currency: 'GBP', lines: [{ kind: 'fixed', item: 'hosting_setup', quantity: 1 }] }, 'currency'],
    [{ discount: { kind: 'percent', bps: 10_001 } }, 'discount.bps'],
    [{ depositBps: -1 }, 'depositBps'],
  ])('rejects %j naming %s', (patch, field) => {
    const input = {
      currency: 'CAD',
      lines: [{ kind: 'custom', description: 'x', unitMinor: 100, quantity: 1 }],
      taxPpm: 0,
      depositBps: 2500,
      ...patch,
    } as never;
    try {
      priceQuote(DEFAULT_RATE_CARD, input);
      throw new Error('expected a PricingError');
    } catch (e) {
      expect(e).toBeInstanceOf(PricingError);
      expect((e as PricingError).field).toBe(field);
    }
  });
});
