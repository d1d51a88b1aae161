/** ROC AUC by the rank-sum (Mann–Whitney) statistic, ties counted half. */
export function auc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const idx = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let rankSum = 0;
  let pos = 0;
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1]] === scores[idx[i]]) j++;
    const avgRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (labels[idx[k]] === 1) {
      rankSum += avgRank;
      pos++;
    }
    i = j + 1;
  }
  const neg = idx.length - pos;
  if (pos === 0 || neg === 0) return NaN;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Churn rate among the top 10 % by score divided by the overall churn rate. */
export function topDecileLift(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const n = scores.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
  const top = Math.max(1, Math.floor(n / 10));
  let hitTop = 0;
  let hitAll = 0;
  for (let i = 0; i < n; i++) {
    if (labels[idx[i]] === 1) {
      hitAll++;
      if (i < top) hitTop++;
    }
  }
  return hitAll === 0 ? NaN : hitTop / top / (hitAll / n);
}

export interface CalibrationBin {
  bin: number;
  n: number;
  predicted: number;
  observed: number;
}

/** Equal-count bins of predicted probability: mean predicted vs observed rate. */
export function calibrationTable(probs: ArrayLike<number>, labels: ArrayLike<number>, bins = 10): CalibrationBin[] {
  const n = probs.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => probs[a] - probs[b]);
  const out: CalibrationBin[] = [];
  for (let b = 0; b < bins; b++) {
    const from = Math.floor((b * n) / bins);
    const to = Math.floor(((b + 1) * n) / bins);
    if (to <= from) continue;
    let p = 0;
    let o = 0;
    for (let i = from; i < to; i++) {
      p += probs[idx[i]];
      o += labels[idx[i]];
    }
    const k = to - from;
    out.push({ bin: b + 1, n: k, predicted: round4(p / k), observed: round4(o / k) });
  }
  return out;
}

/** Mean absolute gap between predicted and observed across calibration bins (weighted by size). */
export function expectedCalibrationError(table: CalibrationBin[]): number {
  const n = table.reduce((s, b) => s + b.n, 0);
  return round4(table.reduce((s, b) => s + (b.n / n) * Math.abs(b.predicted - b.observed), 0));
}

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;
