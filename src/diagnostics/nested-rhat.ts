import { type Draws, isDegenerate, mean, variance } from './draws';

/**
 * Nested R-hat of Margossian, Hoffman, Sountsov, Riou-Durand, Vehtari & Gelman (2024), "Nested
 * R̂: assessing the convergence of Markov chain Monte Carlo when running many short chains"
 * (Bayesian Analysis), for the GPU regime where each chain is too short to judge alone.
 *
 * Chains c = k·M … k·M + M − 1 form superchain k (K = chains / M superchains of M =
 * `superchainSize` chains of N draws, unsplit). With θ̄_{mk} the chain means, θ̄_k the superchain
 * means and θ̄ the grand mean:
 *   B̂ = 1/(K − 1) Σ_k (θ̄_k − θ̄)²                               (between superchains)
 *   Ŵ = 1/K Σ_k (B̃_k + W̃_k), B̃_k = 1/(M − 1) Σ_m (θ̄_{mk} − θ̄_k)² (between chains within k),
 *       W̃_k = 1/M Σ_m 1/(N − 1) Σ_n (θ_{nmk} − θ̄_{mk})²              (within chains)
 *   nR̂ = √(1 + B̂/Ŵ),
 * with B̃_k = 0 when M = 1 and W̃_k = 0 when N = 1. Ŵ counts the spread between the chains of a
 * superchain as within-superchain variance, so chains too short to mix one by one pass once the
 * superchains agree (down to N = 1, where classic R-hat is undefined); B̂ flags superchains that
 * still remember their different starting points. Unlike classic R-hat there is no (N − 1)/N
 * term: for independent draws nR̂² ≈ 1 + 1/(M(N + 1)), so it needs enough chains per superchain.
 *
 * NaN for fewer than two superchains and, like the other R-hats, for constant or non-finite
 * draws; +∞ when each superchain is constant but they differ. Throws when the chains do not fill
 * whole superchains.
 */
export function nestedRhat(draws: Draws, superchainSize: number): number {
  checkSuperchains(draws.length, superchainSize);
  if (isDegenerate(draws)) return NaN;
  const n = draws[0].length;
  const means = Float64Array.from(draws, mean);
  const variances = Float64Array.from(draws, (x, c) => (n > 1 ? variance(x, means[c]) : NaN));
  return nestedRhatOfMoments(means, variances, n, superchainSize);
}

/** `nestedRhat` from each chain's mean and variance (divisor n − 1) of its n draws, which is all
 * it needs: the engines keep these for every chain (Recording.chainMoments). NaN when a moment is
 * not finite (n = 1 aside, whose variances are ignored) or nothing varies. */
export function nestedRhatOfMoments(means: Float64Array, variances: Float64Array, n: number, superchainSize: number): number {
  const m = superchainSize;
  const chains = means.length;
  checkSuperchains(chains, m);
  const superMeans: number[] = [];
  let within = 0;
  for (let start = 0; start < chains; start += m) {
    const chainMeans = means.subarray(start, start + m);
    superMeans.push(mean(chainMeans));
    const betweenChains = m > 1 ? variance(chainMeans) : 0;
    const withinChains = n > 1 ? mean(variances.subarray(start, start + m)) : 0;
    within += (betweenChains + withinChains) / (chains / m);
  }
  const ratio = variance(superMeans) / within;
  if (!Number.isFinite(within) || Number.isNaN(ratio)) return NaN;
  return Math.sqrt(1 + ratio);
}

function checkSuperchains(chains: number, m: number): void {
  if (!(Number.isInteger(m) && m >= 1 && chains > 0 && chains % m === 0)) {
    throw new RangeError(`nestedRhat: ${chains} chains do not make superchains of ${m}`);
  }
}
