import { DEFAULT_TAX_TABLE, splitGross, taxFor, taxOnNet } from './tax';

describe('taxFor', () => {
  it('looks the rate up by region, then country, then the default', () => {
    expect(taxFor(DEFAULT_TAX_TABLE, 'ca', 'on')).toEqual({ region: 'CA-ON', name: 'HST 13%', ppm: 130_000 });
    expect(taxFor(DEFAULT_TAX_TABLE, ' CA ', ' qc ')).toEqual({ region: 'CA-QC', name: 'GST 5% + QST 9.975%', ppm: 149_750 });
    expect(taxFor(DEFAULT_TAX_TABLE, 'CA', 'YT')).toEqual({ region: 'CA', name: 'GST 5%', ppm: 50_000 });
    expect(taxFor(DEFAULT_TAX_TABLE, 'US', 'NY')).toEqual({ region: '*', name: 'No tax', ppm: 0 });
    expect(taxFor(DEFAULT_TAX_TABLE, null, null)).toEqual({ region: '*', name: 'No tax', ppm: 0 });
  });

  it('answers "no tax" from a table without a default', () => {
    expect(taxFor({ FR: { name: 'TVA 20%', ppm: 200_000 } }, 'DE', null)).toEqual({ region: '*', name: 'No tax', ppm: 0 });
  });
});

describe('taxOnNet', () => {
  it('rounds once, half to even', () => {
    expect(taxOnNet(10_000, 149_750)).toBe(1_498); // 10 000 × 14.975 % = 1 497.5 → 1 498 (even)
    expect(taxOnNet(30_000, 149_750)).toBe(4_492); // 30 000 × 14.975 % = 4 492.5 → 4 492 (even)
    expect(taxOnNet(45_001, 130_000)).toBe(5_850); // 45 001 × 13 % = 5 850.13 → 5 850
    expect(taxOnNet(356_620, 130_000)).toBe(46_361); // 356 620 × 13 % = 46 360.6 → 46 361
    expect(taxOnNet(12_345, 0)).toBe(0);
  });

  it('taxes a negative net (a credit) as the mirror of the charge', () => {
    expect(taxOnNet(-10_000, 149_750)).toBe(-1_498);
    expect(taxOnNet(-45_001, 130_000)).toBe(-5_850);
  });
});

describe('splitGross', () => {
  it('splits a tax-inclusive amount into net + tax', () => {
    // 11 498 × 149 750 / 1 149 750 = 1 497.56… → 1 498; net 11 498 − 1 498 = 10 000
    expect(splitGross(11_498, 149_750)).toEqual({ netMinor: 10_000, taxMinor: 1_498 });
    // 1 130 × 130 000 / 1 130 000 = 130 exactly
    expect(splitGross(1_130, 130_000)).toEqual({ netMinor: 1_000, taxMinor: 130 });
    // 100 745 × 130 000 / 1 130 000 = 11 590.27… → 11 590
    expect(splitGross(100_745, 130_000)).toEqual({ netMinor: 89_155, taxMinor: 11_590 });
    expect(splitGross(999, 0)).toEqual({ netMinor: 999, taxMinor: 0 });
  });

  it('rounds an exact half to even', () => {
    // at 100 %, tax = gross / 2: 5 → 2.5 → 2, 7 → 3.5 → 4
    expect(splitGross(5, 1_000_000)).toEqual({ netMinor: 3, taxMinor: 2 });
    expect(splitGross(7, 1_000_000)).toEqual({ netMinor: 3, taxMinor: 4 });
  });

  it('splits a negative amount as the mirror of the positive one', () => {
    expect(splitGross(-11_498, 149_750)).toEqual({ netMinor: -10_000, taxMinor: -1_498 });
  });

  it('always adds back to the gross', () => {
    for (let gross = -5_000; gross <= 5_000; gross += 7) {
      const { netMinor, taxMinor } = splitGross(gross, 149_750);
      expect(netMinor + taxMinor).toBe(gross);
    }
  });
});
