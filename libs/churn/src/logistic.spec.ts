import { fitBgNbd, pAlive } from './bgnbd';
import { fitLogistic, fitPlatt, sigmoid } from './logistic';
import { auc, calibrationTable, topDecileLift } from './metrics';
import { rng } from '@northstar/health/testing';

describe('model maths', () => {
  it('IRLS recovers known coefficients', () => {
    const r = rng(1);
    const n = 20_000;
    const X = new Float64Array(n * 2);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      X[i * 2] = r() * 4 - 2;
      X[i * 2 + 1] = r() * 4 - 2;
      y[i] = r() < sigmoid(1.5 * X[i * 2] - 0.8 * X[i * 2 + 1] + 0.3) ? 1 : 0;
    }
    const m = fitLogistic(X, n, 2, y, { l2: 0.01 });
    expect(m.weights[0]).toBeCloseTo(1.5, 0);
    expect(m.weights[1]).toBeCloseTo(-0.8, 0);
    expect(m.intercept).toBeCloseTo(0.3, 0);
  });

  it('Platt scaling maps over-confident logits back to probabilities', () => {
    const r = rng(2);
    const z: number[] = [];
    const y: number[] = [];
    for (let i = 0; i < 5000; i++) {
      const t = r() * 4 - 2;
      z.push(3 * t);
      y.push(r() < sigmoid(t) ? 1 : 0);
    }
    const { a } = fitPlatt(z, y);
    expect(a).toBeCloseTo(1 / 3, 1);
  });

  it('AUC, lift and calibration', () => {
    expect(auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBe(0.75);
    expect(auc([1, 1], [0, 1])).toBe(0.5);
    const s = Array.from({ length: 100 }, (_, i) => i);
    const l = s.map((i) => (i >= 90 ? 1 : 0));
    expect(topDecileLift(s, l)).toBe(10);
    expect(calibrationTable(s.map((i) => i / 100), l, 10)[9]).toEqual({ bin: 10, n: 10, predicted: 0.945, observed: 1 });
  });

  it('BG/NBD: a frequent buyer silent for long is less likely alive than one who bought recently', () => {
    const r = rng(3);
    const data = Array.from({ length: 2000 }, () => {
      const T = 100 + r() * 300;
      const x = Math.floor(r() * 10);
      return { x, tx: x === 0 ? 0 : r() * T, T };
    });
    const p = fitBgNbd(data);
    expect(p.r).toBeGreaterThan(0);
    expect(pAlive(p, { x: 8, tx: 50, T: 400 })).toBeLessThan(pAlive(p, { x: 8, tx: 390, T: 400 }));
    expect(pAlive(p, { x: 0, tx: 0, T: 400 })).toBe(1);
  });
});
