import { createHash } from 'node:crypto';
import { mulberry32 } from '@northstar/random';

export { mulberry32 };

/** A seeded random source with the few distributions the generator needs. */
export class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  /** Weighted pick from [value, weight] pairs. */
  weighted<T>(pairs: readonly (readonly [T, number])[]): T {
    const total = pairs.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [v, w] of pairs) if ((r -= w) < 0) return v;
    return pairs[pairs.length - 1][0];
  }
  /** Exponential with the given mean. */
  exp(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }
  /** Roughly normal (sum of uniforms), clamped to [lo, hi]. */
  normal(mean: number, sd: number, lo = -Infinity, hi = Infinity): number {
    const z = this.next() + this.next() + this.next() + this.next() + this.next() + this.next() - 3;
    return Math.min(hi, Math.max(lo, mean + z * sd * Math.SQRT2));
  }
}

/** Per-customer seed: customers are generated independently, so a world of n is a prefix of a world of n + k. */
export function deriveSeed(seed: number, index: number): number {
  return createHash('sha1').update(`${seed}:${index}`).digest().readUInt32LE(0);
}

/**
 * A UUID (v5 layout) derived from a name: the demo's external ids and event ids are
 * functions of (seed, customer, step), which is what makes a second load find, and
 * skip, everything the first one wrote.
 */
export function stableUuid(name: string): string {
  const h = createHash('sha1').update(`northstar.demo:${name}`).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}
