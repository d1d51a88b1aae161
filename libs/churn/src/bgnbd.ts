/**
 * BG/NBD (Fader, Hardie & Lee 2005) for customers without contracts: purchases
 * follow a Poisson process with gamma-distributed rate (r, α); after each purchase
 * the customer may drop out with beta-distributed probability (a, b). Fitted by
 * maximising the closed-form likelihood with Nelder–Mead on log-parameters.
 * Inputs per customer: x = repeat purchases, tx = time of last purchase, T = age,
 * all in days since the first purchase.
 */
export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

export interface RfmObservation {
  x: number;
  tx: number;
  T: number;
}

export function lgamma(z: number): number {
  // Lanczos approximation (g = 7, n = 9)
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (z < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * z))) - lgamma(1 - z);
  z -= 1;
  let x = c[0];
  for (let i = 1; i < 9; i++) x += c[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(x);
}

export function bgnbdLogLikelihood(p: BgNbdParams, data: RfmObservation[]): number {
  const { r, alpha, a, b } = p;
  let ll = 0;
  const c1 = -lgamma(r) + r * Math.log(alpha) + lgamma(a + b) - lgamma(b);
  for (const { x, tx, T } of data) {
    const A1 = lgamma(r + x) + c1 + lgamma(b + x) - lgamma(a + b + x);
    const A3 = -(r + x) * Math.log(alpha + T);
    if (x > 0) {
      const A4 = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx);
      const m = Math.max(A3, A4);
      ll += A1 + m + Math.log(Math.exp(A3 - m) + Math.exp(A4 - m));
    } else ll += A1 + A3;
  }
  return ll;
}

/** P(customer still alive | x, tx, T). */
export function pAlive(p: BgNbdParams, o: RfmObservation): number {
  if (o.x === 0) return 1;
  const ratio = (p.a / (p.b + o.x - 1)) * Math.pow((p.alpha + o.T) / (p.alpha + o.tx), p.r + o.x);
  return 1 / (1 + ratio);
}

export function fitBgNbd(data: RfmObservation[], maxIter = 400): BgNbdParams & { logLikelihood: number } {
  const toP = (v: number[]): BgNbdParams => ({ r: Math.exp(v[0]), alpha: Math.exp(v[1]), a: Math.exp(v[2]), b: Math.exp(v[3]) });
  const f = (v: number[]) => {
    if (v.some((x) => Math.abs(x) > 12)) return Infinity;
    const ll = bgnbdLogLikelihood(toP(v), data);
    return Number.isFinite(ll) ? -ll : Infinity;
  };
  const best = nelderMead(f, [0, Math.log(30), 0, 0], maxIter);
  return { ...toP(best.x), logLikelihood: -best.fx };
}

export function nelderMead(f: (x: number[]) => number, x0: number[], maxIter: number): { x: number[]; fx: number } {
  const n = x0.length;
  let simplex = [x0, ...x0.map((_, i) => x0.map((v, j) => (i === j ? v + 0.5 : v)))].map((x) => ({ x, fx: f(x) }));
  for (let it = 0; it < maxIter; it++) {
    simplex.sort((p, q) => p.fx - q.fx);
    if (Math.abs(simplex[n].fx - simplex[0].fx) < 1e-9) break;
    const centroid = x0.map((_, j) => simplex.slice(0, n).reduce((s, p) => s + p.x[j], 0) / n);
    const along = (t: number) => centroid.map((c, j) => c + t * (simplex[n].x[j] - c));
    const xr = along(-1);
    const fr = f(xr);
    if (fr < simplex[0].fx) {
      const xe = along(-2);
      const fe = f(xe);
      simplex[n] = fe < fr ? { x: xe, fx: fe } : { x: xr, fx: fr };
    } else if (fr < simplex[n - 1].fx) simplex[n] = { x: xr, fx: fr };
    else {
      const xc = along(0.5);
      const fc = f(xc);
      if (fc < simplex[n].fx) simplex[n] = { x: xc, fx: fc };
      else simplex = simplex.map((p, i) => (i === 0 ? p : { x: p.x.map((v, j) => simplex[0].x[j] + 0.5 * (v - simplex[0].x[j])), fx: 0 })).map((p, i) => (i === 0 ? p : { x: p.x, fx: f(p.x) }));
    }
  }
  simplex.sort((p, q) => p.fx - q.fx);
  return simplex[0];
}
