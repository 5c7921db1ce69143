import type { HostRandom } from '../rng/host-random';

/** Float64 helpers shared by the target declarations: bivariate normals and their mixtures (the
 * TypeScript side of shaders/targets/lib_bivariate.wgsl and lib_mixture.wgsl), plus the 1-D normal
 * functions behind the analytic truths. */

export const LOG_2PI = Math.log(2 * Math.PI);

/** Standard normal quantiles at QUANTILE_LEVELS (5, 25, 50, 75, 95 %). */
export const Z_QUANTILES = [
  -1.6448536269514722, -0.6744897501960817, 0, 0.6744897501960817, 1.6448536269514722,
] as const;

/** w · N(m, S), precomputed: precision P = S⁻¹, log w + log normaliser, Cholesky factor of S;
 * the raw S and w are kept for the smoothed component w · N(m, S + s²I). */
export interface Bvn {
  readonly m0: number;
  readonly m1: number;
  readonly cov: readonly [number, number, number];
  readonly weight: number;
  readonly p00: number;
  readonly p01: number;
  readonly p11: number;
  readonly c: number;
  readonly l00: number;
  readonly l10: number;
  readonly l11: number;
}

/** `cov` = [S00, S01, S11]. */
export function bvn(mean: readonly [number, number], cov: readonly [number, number, number], weight = 1): Bvn {
  const [s00, s01, s11] = cov;
  const det = s00 * s11 - s01 * s01;
  const l00 = Math.sqrt(s00);
  const l10 = s01 / l00;
  return {
    m0: mean[0],
    m1: mean[1],
    cov,
    weight,
    p00: s11 / det,
    p01: -s01 / det,
    p11: s00 / det,
    c: Math.log(weight) - LOG_2PI - 0.5 * Math.log(det),
    l00,
    l10,
    l11: Math.sqrt(s11 - l10 * l10),
  };
}

/** log w + log N(x, y; m, S). */
export function bvnLog(b: Bvn, x: number, y: number): number {
  const u = x - b.m0;
  const v = y - b.m1;
  return b.c - 0.5 * (b.p00 * u * u + 2 * b.p01 * u * v + b.p11 * v * v);
}

/** Writes ∇ log N = -P (z - m) into g[0], g[1]; returns bvnLog. */
export function bvnLogGrad(b: Bvn, x: number, y: number, g: Float64Array): number {
  const u = x - b.m0;
  const v = y - b.m1;
  const pu = b.p00 * u + b.p01 * v;
  const pv = b.p01 * u + b.p11 * v;
  g[0] = -pu;
  g[1] = -pv;
  return b.c - 0.5 * (u * pu + v * pv);
}

/** One exact draw m + L z into out[0], out[1]. */
export function bvnDraw(b: Bvn, rng: HostRandom, out: Float64Array): void {
  const z0 = rng.normal();
  const z1 = rng.normal();
  out[0] = b.m0 + b.l00 * z0;
  out[1] = b.m1 + b.l10 * z0 + b.l11 * z1;
}

/** log Σ_k w_k N_k(x, y), shifted by the largest term so nothing underflows to log 0. */
export function mixtureLog(comps: readonly Bvn[], x: number, y: number): number {
  let m = -Infinity;
  for (const b of comps) m = Math.max(m, bvnLog(b, x, y));
  let s = 0;
  for (const b of comps) s += Math.exp(bvnLog(b, x, y) - m);
  return m + Math.log(s);
}

const gk = new Float64Array(2);
/** mixtureLog and its gradient Σ_k r_k ∇log N_k, r_k the responsibilities. */
export function mixtureLogGrad(comps: readonly Bvn[], x: number, y: number, g: Float64Array): number {
  let m = -Infinity;
  for (const b of comps) m = Math.max(m, bvnLog(b, x, y));
  let s = 0;
  let g0 = 0;
  let g1 = 0;
  for (const b of comps) {
    const w = Math.exp(bvnLogGrad(b, x, y, gk) - m);
    s += w;
    g0 += w * gk[0];
    g1 += w * gk[1];
  }
  g[0] = g0 / s;
  g[1] = g1 / s;
  return m + Math.log(s);
}

/** The component convolved with N(0, s²I): w · N(m, S + s²I). */
export function bvnSmoothed(b: Bvn, s2: number): Bvn {
  return bvn([b.m0, b.m1], [b.cov[0] + s2, b.cov[1], b.cov[2] + s2], b.weight);
}

/** The mixture's Gaussian-smoothed score (TargetDecl.smoothedGradLogDensity): `mixtureLogGrad` of
 * the smoothed components, which are rebuilt only when s² changes (an annealing schedule holds
 * each s² for many steps). At s² = 0 it uses `comps` themselves, so it equals mixtureLogGrad. */
export function smoothedMixtureLogGrad(comps: readonly Bvn[]): (x: Float64Array, s2: number, g: Float64Array) => number {
  let lastS2 = 0;
  let smoothed = comps;
  return (x, s2, g) => {
    if (s2 !== lastS2) {
      smoothed = s2 === 0 ? comps : comps.map((b) => bvnSmoothed(b, s2));
      lastS2 = s2;
    }
    return mixtureLogGrad(smoothed, x[0], x[1], g);
  };
}

/** Exact draw from a mixture: pick a component by weight, then draw from it. */
export function mixtureDraw(comps: readonly Bvn[], weights: readonly number[], rng: HostRandom, out: Float64Array): void {
  let u = rng.uniform();
  let k = 0;
  while (k < comps.length - 1 && u >= weights[k]) u -= weights[k++];
  bvnDraw(comps[k], rng, out);
}

/** Standard normal CDF through erfc (Numerical Recipes' Chebyshev fit, relative error < 1.2e-7). */
export function normalCdf(z: number): number {
  const a = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * a);
  const erfc = t * Math.exp(-a * a - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
    + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
    + t * (-0.82215223 + t * 0.17087277)))))))));
  return z >= 0 ? 1 - 0.5 * erfc : 0.5 * erfc;
}

/** Composite Simpson rule on [a, b] with n (even) intervals. */
export function simpson(f: (t: number) => number, a: number, b: number, n: number): number {
  const h = (b - a) / n;
  let s = f(a) + f(b);
  for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * f(a + i * h);
  return (s * h) / 3;
}

/** The q in [lo, hi] with cdf(q) = p, by bisection (cdf increasing). */
export function invertCdf(cdf: (q: number) => number, p: number, lo: number, hi: number): number {
  for (let i = 0; i < 60 && hi - lo > 1e-9 * (1 + Math.abs(lo)); i++) {
    const mid = 0.5 * (lo + hi);
    if (cdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}
