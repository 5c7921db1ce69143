import { qnorm } from './qnorm';
import { scratchFloat64 } from './scratch';

/** Draws of one scalar quantity: one array per chain, all of one length; `draws[c][i]` is draw i
 * of chain c. */
export type Draws = readonly Float64Array[];

/** posterior's `should_return_NA`: any non-finite draw, or all draws equal (range below the
 * double epsilon, absolute as in posterior). Diagnostics return NaN for these, never throw. */
export function isDegenerate(chains: readonly ArrayLike<number>[]): boolean {
  let min = Infinity;
  let max = -Infinity;
  let nonFinite = 0; // v·0 is NaN for NaN and ±∞, 0 otherwise: no branch per draw
  for (const x of chains) {
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      nonFinite += v * 0;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return nonFinite !== 0 || !(max - min >= Number.EPSILON);
}

export function hasNaN(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (Number.isNaN(values[i])) return true;
  return false;
}

/** posterior's `.split_chains` on chain-major data (`values[c·n + i]`, n iterations): the first
 * and last ⌊n/2⌋ draws of every chain as separate chains, views without copying. The middle draw
 * of an odd-length chain is dropped; one-draw chains are kept whole, as posterior does. */
export function splitChains(values: Float64Array, iterations: number): Float64Array[] {
  const chains = values.length / iterations;
  if (iterations === 1) return Array.from({ length: chains }, (_, c) => values.subarray(c, c + 1));
  const half = Math.floor(iterations / 2);
  const split: Float64Array[] = [];
  for (let c = 0; c < chains; c++) {
    const start = c * iterations;
    split.push(values.subarray(start, start + half), values.subarray(start + iterations - half, start + iterations));
  }
  return split;
}

/** Whether draw i (chain-major) survives `splitChains`. */
export function keptBySplit(i: number, iterations: number): boolean {
  return iterations % 2 === 0 || iterations === 1 || i % iterations !== (iterations - 1) / 2;
}

/** Σ (x_i − centre) or Σ (x_i − centre)², in four partial sums: with one, each addition waits
 * for the previous (the FP latency, not the memory, bounds a sum over 10⁵ draws), and the split
 * also rounds less. */
function centredSum(x: ArrayLike<number>, centre: number, squares: boolean): number {
  const n = x.length;
  const term = (v: number) => (squares ? (v - centre) * (v - centre) : v - centre);
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += term(x[i]);
    s1 += term(x[i + 1]);
    s2 += term(x[i + 2]);
    s3 += term(x[i + 3]);
  }
  for (; i < n; i++) s0 += term(x[i]);
  return s0 + s1 + s2 + s3;
}

/** Arithmetic mean. */
export function mean(x: ArrayLike<number>): number {
  return centredSum(x, 0, false) / x.length;
}

/** Sample variance, divisor n − 1 (NaN for fewer than two values, as R's `var`), about a mean
 * the caller may already have. */
export function variance(x: ArrayLike<number>, centre = mean(x)): number {
  return centredSum(x, centre, true) / (x.length - 1);
}

/** R's type-7 quantile (posterior's `quantile2`) of ascending values: linear interpolation
 * between order statistics ⌊h⌋ and ⌈h⌉, h = (n − 1)p (0-based), as (1 − f)·x_lo + f·x_hi. */
export function quantileSorted(sorted: ArrayLike<number>, prob: number): number {
  if (sorted.length === 0) return NaN;
  const h = (sorted.length - 1) * prob;
  const lo = Math.floor(h);
  const f = h - lo;
  return f === 0 || sorted[lo + 1] === sorted[lo] ? sorted[lo] : (1 - f) * sorted[lo] + f * sorted[lo + 1];
}

/** R's type-7 quantile of unsorted values (NaN when any value is NaN, or none). */
export function quantile(values: ArrayLike<number>, prob: number): number {
  return hasNaN(values) ? NaN : quantileSorted(Float64Array.from(values).sort(), prob);
}

/** Average 1-based ranks (R's `ties.method = "average"`) of ascending values. */
export function averageRanks(ascending: ArrayLike<number>, ranks: Float64Array = new Float64Array(ascending.length)): Float64Array {
  for (let from = 0; from < ascending.length;) {
    let to = from + 1;
    while (to < ascending.length && ascending[to] === ascending[from]) to++;
    for (let j = from; j < to; j++) ranks[j] = (from + 1 + to) / 2;
    from = to;
  }
  return ranks;
}

let zTable = new Float64Array(0);

/** Rank normalisation (Vehtari et al. 2021, eq. 14) of S values given ascending with their
 * positions: out[order[j]] = Φ⁻¹((r_j − 3/8)/(S + 1/4)), r_j the average rank of ascending[j].
 * Integer ranks read a table of the S values (kept for the next call: every variable of a
 * refresh has the same S); only ties averaging to half-integers need Φ⁻¹ itself. */
export function rankNormalise(ascending: ArrayLike<number>, order: ArrayLike<number>, out: Float64Array): void {
  const s = ascending.length;
  if (zTable.length !== s) {
    zTable = new Float64Array(s);
    for (let r = 1; r <= s; r++) zTable[r - 1] = qnorm((r - 0.375) / (s + 0.25));
  }
  const ranks = averageRanks(ascending, scratchFloat64('rankNormalise.ranks', s));
  for (let j = 0; j < s; j++) {
    const rank = ranks[j];
    out[order[j]] = Number.isInteger(rank) ? zTable[rank - 1] : qnorm((rank - 0.375) / (s + 0.25));
  }
}
