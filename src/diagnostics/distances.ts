import { RngStream, seedKey } from '../rng/stream';
import { scratchFloat64 } from './scratch';
import { selectInPlace } from './sort';

/** n points in d dimensions, row-major: point i is data[i·d … i·d + d). */
export interface Points {
  readonly n: number;
  readonly d: number;
  readonly data: Float64Array;
}

function checkDimensions(a: Points, b: Points): void {
  if (a.d !== b.d) throw new RangeError(`distances: points of ${a.d} and ${b.d} dimensions`);
}

/** Writes |x_i − y_j|² for every pair of a × b, or |x_i − x_j|² for i < j without b, from
 * out[0]. */
function squaredDistancesInto(out: Float64Array, a: Points, b?: Points): void {
  const other = b ?? a;
  const d = a.d;
  let k = 0;
  for (let i = 0; i < a.n; i++) {
    for (let j = b ? 0 : i + 1; j < other.n; j++) {
      let s = 0;
      for (let c = 0; c < d; c++) s += (a.data[i * d + c] - other.data[j * d + c]) ** 2;
      out[k++] = s;
    }
  }
}

/** How many pairs `squaredDistancesInto` writes. */
function pairCount(a: Points, b?: Points): number {
  return b ? a.n * b.n : (a.n * (a.n - 1)) / 2;
}

/** The squared distances of `squaredDistancesInto` in a scratch array. */
function squaredDistances(a: Points, b?: Points): Float64Array {
  const out = scratchFloat64('distances.squared', pairCount(a, b));
  squaredDistancesInto(out, a, b);
  return out;
}

function sumOfRoots(squared: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < squared.length; i++) sum += Math.sqrt(squared[i]);
  return sum;
}

/** Energy distance of Székely & Rizzo (2004, 2013), 2E|X − Y| − E|X − X'| − E|Y − Y'|, as the
 * V-statistic (every pair, i = j included): ≥ 0, and 0 exactly for identical sets. For point
 * masses at x and y it is 2|x − y|. NaN for an empty set. */
export function energyDistance(a: Points, b: Points): number {
  checkDimensions(a, b);
  const across = sumOfRoots(squaredDistances(a, b)) / (a.n * b.n);
  const withinA = (2 * sumOfRoots(squaredDistances(a))) / (a.n * a.n);
  const withinB = (2 * sumOfRoots(squaredDistances(b))) / (b.n * b.n);
  return 2 * across - withinA - withinB;
}

/** Median of the distances whose squares are given (R's type-7 median), rearranging them:
 * order statistics commute with the square root. */
function medianDistance(squared: Float64Array): number {
  const h = (squared.length - 1) / 2;
  const lower = Math.sqrt(selectInPlace(squared, Math.floor(h)));
  if (Number.isInteger(h)) return lower;
  let next = Infinity; // the next order statistic: the least of those selected above
  for (let i = Math.floor(h) + 1; i < squared.length; i++) next = Math.min(next, squared[i]);
  return (lower + Math.sqrt(next)) / 2;
}

function sumOfKernel(squared: Float64Array, sigma: number): number {
  const scale = -1 / (2 * sigma * sigma);
  let sum = 0;
  for (let i = 0; i < squared.length; i++) sum += Math.exp(scale * squared[i]);
  return sum;
}

/** Squared maximum mean discrepancy with the Gaussian kernel k(x, y) = exp(−|x − y|²/(2σ²)),
 * the unbiased U-statistic MMD²_u of Gretton, Borgwardt, Rasch, Schölkopf & Smola (2012), "A
 * kernel two-sample test" (JMLR 13, eq. 3): can be slightly negative, ≈ 0 for samples of one
 * distribution. σ defaults to the median heuristic (their §8): the median distance between the
 * points of a and b pooled. NaN for fewer than two points in a set or σ = 0. */
export function mmdRbf(a: Points, b: Points, bandwidth?: number): number {
  checkDimensions(a, b);
  // The pooled sample's pairs are exactly those within a, within b and across: one array.
  const counts = [pairCount(a), pairCount(b), pairCount(a, b)];
  const squared = scratchFloat64('distances.squared', counts[0] + counts[1] + counts[2]);
  const withinA = squared.subarray(0, counts[0]);
  const withinB = squared.subarray(counts[0], counts[0] + counts[1]);
  const across = squared.subarray(counts[0] + counts[1]);
  squaredDistancesInto(withinA, a);
  squaredDistancesInto(withinB, b);
  squaredDistancesInto(across, a, b);
  let sigma = bandwidth;
  if (sigma === undefined) {
    const pooled = scratchFloat64('mmd.median', squared.length);
    pooled.set(squared);
    sigma = medianDistance(pooled);
  }
  if (!(sigma > 0)) return NaN;
  return (
    (2 * sumOfKernel(withinA, sigma)) / (a.n * (a.n - 1)) +
    (2 * sumOfKernel(withinB, sigma)) / (b.n * (b.n - 1)) -
    (2 * sumOfKernel(across, sigma)) / (a.n * b.n)
  );
}

/** W₂² between the empirical distributions of two ascending samples: ∫₀¹ (F⁻¹(u) − G⁻¹(u))² du
 * over the merged steps of their quantile functions (so the sizes may differ; levels are kept as
 * integers in units of 1/(mn), exactly). */
function wassersteinSquared1d(x: Float64Array, y: Float64Array): number {
  const m = x.length;
  const n = y.length;
  let i = 0;
  let j = 0;
  let level = 0;
  let sum = 0;
  while (i < m && j < n) {
    const nextX = (i + 1) * n;
    const nextY = (j + 1) * m;
    const next = Math.min(nextX, nextY);
    sum += (next - level) * (x[i] - y[j]) ** 2;
    level = next;
    if (nextX === next) i++;
    if (nextY === next) j++;
  }
  return sum / (m * n);
}

/** Sliced 2-Wasserstein distance (Rabin, Peyré, Delon & Bernot 2011; Bonneel et al. 2015):
 * SW₂ = (mean over `projections` random unit directions θ of W₂²(θ·a, θ·b))^½, each W₂ exact
 * between the projected empirical distributions (any sizes). The directions are normalised
 * Gaussian vectors from the project's Philox stream (seed, projection index): the same `seed`
 * gives the same directions. In 1-D every direction is ±1 and SW₂ is W₂. NaN for an empty set. */
export function slicedWasserstein(a: Points, b: Points, projections: number, seed: number): number {
  checkDimensions(a, b);
  const d = a.d;
  const direction = new Float64Array(4 * Math.ceil(d / 4));
  const rng = new RngStream(seedKey(seed), 0, 0);
  const project = (p: Points) => {
    const out = new Float64Array(p.n);
    for (let i = 0; i < p.n; i++) for (let k = 0; k < d; k++) out[i] += p.data[i * d + k] * direction[k];
    return out.sort();
  };
  let sum = 0;
  for (let p = 0; p < projections; p++) {
    rng.reset(p, 0);
    for (let k = 0; k < direction.length; k += 4) rng.normal4(direction.subarray(k, k + 4));
    const norm = Math.hypot(...direction.subarray(0, d));
    for (let k = 0; k < d; k++) direction[k] /= norm;
    sum += wassersteinSquared1d(project(a), project(b));
  }
  return Math.sqrt(sum / projections);
}

/** KL(p ‖ q) = Σ p_i log(p_i/q_i) of the histogram p (counts normalised over the grid) against
 * the density on the same bins q (exp(logDensity) normalised over the grid, log-sum-exp for
 * range), in nats. Empty bins contribute nothing (0 log 0 = 0); a non-empty bin where q is 0
 * gives +∞. NaN when every count is zero (no histogram to compare). */
export function gridKl(counts: ArrayLike<number>, logDensity: ArrayLike<number>): number {
  if (counts.length !== logDensity.length) throw new RangeError(`gridKl: ${counts.length} counts, ${logDensity.length} densities`);
  let total = 0;
  let maxLog = -Infinity;
  for (let i = 0; i < counts.length; i++) {
    total += counts[i];
    maxLog = Math.max(maxLog, logDensity[i]);
  }
  let mass = 0;
  for (let i = 0; i < counts.length; i++) mass += Math.exp(logDensity[i] - maxLog);
  const logNormaliser = maxLog + Math.log(mass);
  let kl = 0;
  for (let i = 0; i < counts.length; i++) {
    if (counts[i] === 0) continue;
    const p = counts[i] / total;
    kl += p * (Math.log(p) - (logDensity[i] - logNormaliser));
  }
  return total > 0 ? kl : NaN;
}
