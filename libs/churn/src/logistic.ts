/**
 * L2-regularised logistic regression fitted by Newton–Raphson (IRLS). With ~20
 * standardised features the Hessian is 20×20, so each iteration is one pass over
 * the rows plus a tiny Cholesky solve: 100k rows train in well under a second,
 * and the result is deterministic (no learning rate, no epochs to tune).
 */
export interface LogisticModel {
  weights: number[];
  intercept: number;
  iterations: number;
}

export const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** rows: n × d row-major. */
export function fitLogistic(X: Float64Array, n: number, d: number, y: ArrayLike<number>, opts: { l2?: number; maxIter?: number; tol?: number } = {}): LogisticModel {
  const l2 = opts.l2 ?? 1;
  const maxIter = opts.maxIter ?? 50;
  const tol = opts.tol ?? 1e-8;
  const p = d + 1; // last parameter is the intercept
  const w = new Float64Array(p);
  let it = 0;
  for (; it < maxIter; it++) {
    const g = new Float64Array(p);
    const H = new Float64Array(p * p);
    for (let i = 0; i < n; i++) {
      const off = i * d;
      let z = w[d];
      for (let j = 0; j < d; j++) z += w[j] * X[off + j];
      const mu = sigmoid(z);
      const r = y[i] - mu;
      const s = Math.max(mu * (1 - mu), 1e-10);
      for (let j = 0; j < p; j++) {
        const xj = j === d ? 1 : X[off + j];
        g[j] += r * xj;
        const sx = s * xj;
        for (let k = 0; k <= j; k++) H[j * p + k] += sx * (k === d ? 1 : X[off + k]);
      }
    }
    for (let j = 0; j < d; j++) {
      g[j] -= l2 * w[j];
      H[j * p + j] += l2;
    }
    H[d * p + d] += 1e-9;
    for (let j = 0; j < p; j++) for (let k = j + 1; k < p; k++) H[j * p + k] = H[k * p + j];
    const step = choleskySolve(H, g, p);
    let max = 0;
    for (let j = 0; j < p; j++) {
      w[j] += step[j];
      max = Math.max(max, Math.abs(step[j]));
    }
    if (max < tol) break;
  }
  return { weights: Array.from(w.subarray(0, d)), intercept: w[d], iterations: it + 1 };
}

export function logit(model: Pick<LogisticModel, 'weights' | 'intercept'>, X: Float64Array, i: number): number {
  const d = model.weights.length;
  let z = model.intercept;
  for (let j = 0; j < d; j++) z += model.weights[j] * X[i * d + j];
  return z;
}

/** Solves A x = b for symmetric positive-definite A (p × p). */
export function choleskySolve(A: Float64Array, b: Float64Array, p: number): Float64Array {
  const L = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * p + j];
      for (let k = 0; k < j; k++) s -= L[i * p + k] * L[j * p + k];
      L[i * p + j] = i === j ? Math.sqrt(Math.max(s, 1e-12)) : s / L[j * p + j];
    }
  }
  const z = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i * p + k] * z[k];
    z[i] = s / L[i * p + i];
  }
  const x = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let s = z[i];
    for (let k = i + 1; k < p; k++) s -= L[k * p + i] * x[k];
    x[i] = s / L[i * p + i];
  }
  return x;
}

/** Platt scaling: p = σ(a·z + b), fitted on a calibration window's logits and labels. */
export function fitPlatt(z: ArrayLike<number>, y: ArrayLike<number>): { a: number; b: number } {
  const X = Float64Array.from(z);
  const m = fitLogistic(X, X.length, 1, y, { l2: 1e-6 });
  return { a: m.weights[0], b: m.intercept };
}
