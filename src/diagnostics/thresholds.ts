/** The recommended thresholds (Vehtari et al. 2021 §4; Betancourt 2016), in one dependency-free
 * module so the page's plots and tables can mark them without loading the diagnostics. */

/** R-hat above this means the chains have not mixed. */
export const RHAT_MAX = 1.01;
/** Bulk- or tail-ESS below this many per chain makes the estimates unreliable. */
export const ESS_PER_CHAIN_MIN = 100;
/** E-BFMI below this: HMC's momentum resampling explores the energy distribution slowly. */
export const EBFMI_MIN = 0.3;

/** Sampling-phase divergence rate from which the chains may be biased: below it, a divergence in
 * a curved tail is a rejected move of an exact chain, counted and shown but not a warning
 * (Stan's NUTS diverges in 0.6 % of its transitions on banana). Unadjusted samplers always warn. */
export const DIVERGENCE_RATE_MAX = 0.01;

/** Whether `divergences` in `transitions` sampling transitions warn that the draws may be biased
 * (`alwaysMoves`: a sampler with no accept step, whose divergence is its dynamics exploding). */
export function divergencesWarn(divergences: number, transitions: number, alwaysMoves: boolean): boolean {
  return divergences > 0 && (alwaysMoves || divergences / transitions >= DIVERGENCE_RATE_MAX);
}

/** Total ESS over all chains below this warns (Vehtari et al. 2021 ask for 400 in all: 100 for
 * each of 4 chains); per chain is meaningless for 10³–10⁶ short chains. */
export const ESS_ALL_CHAINS_MIN = 400;
/** ESS over C chains below this many per chain: the chains are shorter than their
 * autocorrelation time, so the estimates still lean on where they started (chains stuck apart
 * give ESS ≈ C), and the batch-means ESS is not yet reliable. */
export const ESS_PER_SHORT_CHAIN_MIN = 2;

/** The least all-chain ESS that does not warn, for C chains. */
export function essAllChainsMin(chains: number): number {
  return Math.max(ESS_ALL_CHAINS_MIN, ESS_PER_SHORT_CHAIN_MIN * chains);
}

/** Nested R-hat's acceptable level (Margossian et al. 2024 keep 1.01): B/W = 1.01² − 1. */
const NRHAT_LEVEL = 1.01;
/** Φ⁻¹(0.99): the false-alarm probability of `nestedRhatMax`. */
const Z_FALSE_ALARM = 2.3263478740408408;

/** The nested R-hat threshold 1 + δ for K superchains: the B̂/Ŵ a run exactly at nR̂ = 1.01
 * exceeds with probability 0.01, B̂ having K − 1 degrees of freedom (B̂/B ≈ χ²_{K−1}/(K−1),
 * the χ² quantile by Wilson–Hilferty). Few superchains make B̂ noisy, so δ grows as K falls
 * (K = 32: 1.017; K = 8: 1.026) and tends to 0.01 as K grows. */
export function nestedRhatMax(superchains: number): number {
  const nu = superchains - 1;
  if (!(nu >= 1)) return NaN;
  const a = 2 / (9 * nu);
  const chi2 = nu * (1 - a + Z_FALSE_ALARM * Math.sqrt(a)) ** 3;
  return Math.sqrt(1 + (NRHAT_LEVEL ** 2 - 1) * (chi2 / nu));
}
