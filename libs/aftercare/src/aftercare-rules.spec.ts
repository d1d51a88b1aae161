import { redeemFifo, responseTargetMinutes, tierFor, completedServicePoints, validScore } from './aftercare-rules';

describe('after-care rules', () => {
  it('response targets: 2 h / 4 h / 8 h by tier, critical 1 h', () => {
    expect([1, 2, 3].map((t) => responseTargetMinutes(t as 1 | 2 | 3, 'normal'))).toEqual([120, 240, 480]);
    expect(responseTargetMinutes(3, 'critical')).toBe(60);
  });
  it('loyalty tiers by lifetime points', () => {
    expect(tierFor(0)).toBe('bronze');
    expect(tierFor(2500)).toBe('silver');
    expect(tierFor(10_000)).toBe('gold');
    expect(tierFor(30_000)).toBe('platinum');
    expect(completedServicePoints(1_234_599)).toBe(12_345);
  });
  it('redeems oldest points first and refuses more than the balance', () => {
    expect(redeemFifo([{ id: 'a', remaining: 100 }, { id: 'b', remaining: 50 }], 120)).toEqual([{ id: 'a', take: 100 }, { id: 'b', take: 20 }]);
    expect(redeemFifo([{ id: 'a', remaining: 10 }], 11)).toBeNull();
  });
  it('survey scales: CSAT 1–5, NPS 0–10, CES 1–7', () => {
    expect(validScore('csat', 0)).toBe(false);
    expect(validScore('nps', 0)).toBe(true);
    expect(validScore('nps', 11)).toBe(false);
    expect(validScore('ces', 7)).toBe(true);
  });
});
