import { normalQuantile } from '../tests/support/stats';

/*
 * Effective sample size for the benchmarks only: self-contained on purpose, so the figures do not
 * depend on the app's diagnostics (a later issue) and can check them once they exist.
 *
 * Bulk-ESS of Vehtari, Gelman, Simpson, Carpenter & Bürkner (2021), "Rank-normalization, folding,
 * and localization: an improved R̂ for assessing convergence of MCMC", Bayesian Analysis 16(2):
 * split every chain in two, rank-normalize the pooled draws, estimate the autocorrelation from all
 * chains at once (so between-chain differences count as correlation), and truncate its sum with
 * Geyer's (1992) initial monotone sequence. The steps follow Stan's
 * `compute_effective_sample_size` (stan/analyze/mcmc), including its two refinements for
 * antithetic chains, which NUTS produces on Gaussians.
 */

/** Bulk-ESS of one scalar quantity; `chains[j][i]` is draw i of chain j (all of one length). */
export function bulkEss(chains: readonly Float64Array[]): number {
  return ess(rankNormalize(splitChains(chains)));
}

/** Each chain's first and second half as separate chains (a trend then shows as disagreement);
 * the middle draw of an odd-length chain is dropped. */
export function splitChains(chains: readonly Float64Array[]): Float64Array[] {
  return chains.flatMap((x) => {
    const h = Math.floor(x.length / 2);
    return [x.subarray(0, h), x.subarray(x.length - h)];
  });
}

/** Replaces every draw by the normal quantile of its pooled rank, Φ⁻¹((r − 3/8)/(N + 1/4)),
 * ties sharing their average rank: ESS then exists for any distribution and ignores scale. */
export function rankNormalize(chains: readonly Float64Array[]): Float64Array[] {
  const pooled = chains.flatMap((x) => Array.from(x));
  const n = pooled.length;
  const order = Array.from(pooled.keys()).sort((a, b) => pooled[a] - pooled[b]);
  const z = new Float64Array(n);
  for (let lo = 0; lo < n;) {
    let hi = lo + 1;
    while (hi < n && pooled[order[hi]] === pooled[order[lo]]) hi++;
    const rank = (lo + 1 + hi) / 2; // average of the 1-based ranks lo + 1 .. hi
    const value = normalQuantile((rank - 0.375) / (n + 0.25));
    for (let k = lo; k < hi; k++) z[order[k]] = value;
    lo = hi;
  }
  let offset = 0;
  return chains.map((x) => z.subarray(offset, (offset += x.length)));
}

/** Multi-chain ESS (no splitting or ranks): m·n / τ with τ = −1 + 2 Σ_t ρ_t, ρ_t from the mean
 * within-chain autocovariance against the pooled variance estimate var⁺. */
export function ess(chains: readonly Float64Array[]): number {
  const m = chains.length;
  const n = chains[0].length;
  if (n < 4 || chains.some((x) => x.length !== n)) throw new Error(`ess: need ≥ 4 draws in every chain, all alike`);
  const means = chains.map(mean);
  const meanAcov = (t: number) => {
    let s = 0;
    chains.forEach((x, j) => {
      const mu = means[j];
      for (let i = 0; i + t < n; i++) s += (x[i] - mu) * (x[i + t] - mu);
    });
    return s / (n * m); // the biased (1/n) autocovariance, as in Stan
  };
  const w = (meanAcov(0) * n) / (n - 1); // mean within-chain variance
  const varPlus = (w * (n - 1)) / n + (m > 1 ? sampleVariance(means) : 0);
  if (!(varPlus > 0)) return NaN; // constant draws
  const rho = (t: number) => 1 - (w - meanAcov(t)) / varPlus;
  // Geyer: sum pairs Γ_k = ρ_2k + ρ_2k+1 while positive, each capped at its predecessor
  // (the monotone sequence). Stan's refinement adds ρ_2k of the first non-positive pair when that
  // is positive (less variance for antithetic chains).
  let sum = 0;
  let previous = Infinity;
  let t = 0;
  for (; t + 1 < n - 2; t += 2) {
    const even = t === 0 ? 1 : rho(t);
    const pair = even + rho(t + 1);
    if (!(pair > 0)) {
      if (even > 0) sum += even / 2;
      break;
    }
    previous = Math.min(previous, pair);
    sum += previous;
  }
  // τ = −1 + 2 Σ Γ_k, kept ≥ 1/log10(mn) so antithetic chains claim at most mn·log10(mn) draws.
  const tau = Math.max(-1 + 2 * sum, 1 / Math.log10(m * n));
  return (m * n) / tau;
}

function mean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s / x.length;
}

function sampleVariance(x: readonly number[]): number {
  const mu = mean(x);
  return x.reduce((s, v) => s + (v - mu) ** 2, 0) / (x.length - 1);
}
