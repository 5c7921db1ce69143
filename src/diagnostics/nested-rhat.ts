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
  const m = superchainSize;
  if (!(Number.isInteger(m) && m >= 1 && draws.length > 0 && draws.length % m === 0)) {
    throw new RangeError(`nestedRhat: ${draws.length} chains do not make superchains of ${m}`);
  }
  if (isDegenerate(draws)) return NaN;
  const n = draws[0].length;
  const chainMeans = draws.map(mean);
  const superMeans: number[] = [];
  let within = 0;
  for (let start = 0; start < draws.length; start += m) {
    const means = chainMeans.slice(start, start + m);
    superMeans.push(mean(means));
    const betweenChains = m > 1 ? variance(means) : 0;
    const withinChains = n > 1 ? mean(draws.slice(start, start + m).map((x, c) => variance(x, means[c]))) : 0;
    within += (betweenChains + withinChains) / (draws.length / m);
  }
  return Math.sqrt(1 + variance(superMeans) / within);
}
