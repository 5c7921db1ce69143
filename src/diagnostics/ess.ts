import { meanAutocovariance } from './autocorrelation';
import { indicatorAutocovariance, sparseEnough } from './indicator-autocovariance';
import { isDegenerate, mean, variance } from './draws';
import { type DrawsInput, prepare } from './prepared';
import { scratchFloat64 } from './scratch';

/** Multi-chain effective sample size as posterior's `.ess` computes it (Vehtari et al. 2021 §3.2,
 * after Stan): autocorrelations ρ̂_t = 1 − (W − mean autocovariance_t)/var⁺ from all chains, cut
 * by Geyer's (1992) initial positive sequence, made monotone, and
 * τ̂ = −1 + 2 Σ_{t<K} ρ̂_t + ρ̂_K ≥ 1/log10(S); ESS = S/τ̂ for S = M·n draws. NaN for degenerate
 * draws (non-finite or constant) and for chains shorter than 3. `autocovariance` computes their
 * mean autocovariance at every lag, by FFT unless the caller knows a faster way. */
export function essOfChains(
  chains: readonly Float64Array[],
  autocovariance: (chains: readonly Float64Array[]) => Float64Array = meanAutocovariance,
): number {
  const m = chains.length;
  const n = chains[0].length;
  if (n < 3 || isDegenerate(chains)) return NaN;
  const acov = autocovariance(chains);
  const meanVar = (acov[0] * n) / (n - 1);
  const varPlus = (meanVar * (n - 1)) / n + (m > 1 ? variance(chains.map(mean)) : 0);
  const rho = new Float64Array(n);
  const rhoAt = (t: number) => 1 - (meanVar - acov[t]) / varPlus;
  // Geyer's initial positive sequence: pairs ρ̂_t + ρ̂_{t+1} (t even) while positive.
  let t = 0;
  let even = 1;
  let odd = rhoAt(1);
  rho[0] = even;
  rho[1] = odd;
  while (t < n - 5 && even + odd > 0) {
    t += 2;
    even = rhoAt(t);
    odd = rhoAt(t + 1);
    if (even + odd >= 0) {
      rho[t] = even;
      rho[t + 1] = odd;
    }
  }
  const maxT = t;
  if (even > 0) rho[maxT] = even; // Stan's improvement for antithetic chains
  // Geyer's initial monotone sequence: no pair above the previous one.
  for (t = 2; t <= maxT - 2; t += 2) {
    const previous = rho[t - 2] + rho[t - 1];
    if (rho[t] + rho[t + 1] > previous) rho[t] = rho[t + 1] = previous / 2;
  }
  let sum = 0;
  // posterior sums rho_hat_t[1:max_t], which R reads as the first element alone when max_t = 0.
  for (t = 0; t < Math.max(maxT, 1); t++) sum += rho[t];
  const draws = m * n;
  const tau = Math.max(-1 + 2 * sum + rho[maxT], 1 / Math.log10(draws));
  return draws / tau;
}

/** ESS without rank normalisation (posterior::ess_basic), of split chains by default. */
export function essBasic(draws: DrawsInput, split = true): number {
  const prepared = prepare(draws);
  return essOfChains(split ? prepared.split() : prepared.whole());
}

/** Bulk-ESS (posterior::ess_bulk; Vehtari et al. 2021): ESS of the rank-normalised split draws,
 * defined without finite moments. */
export function essBulk(draws: DrawsInput): number {
  return essOfChains(prepare(draws).bulkZ);
}

/** ESS of the mean (posterior::ess_mean): ESS of the split draws as they are. */
export function essMean(draws: DrawsInput): number {
  return essOfChains(prepare(draws).split());
}

/** ESS of the standard deviation as posterior 1.4.0 computes it: ESS of the split |θ − θ̄|
 * (θ̄ the mean of all draws), a quantity whose mean tracks the scale. */
export function essSd(draws: DrawsInput): number {
  const prepared = prepare(draws);
  const { pooled } = prepared;
  const centre = mean(pooled);
  const deviations = scratchFloat64('essSd.deviations', pooled.length);
  for (let i = 0; i < pooled.length; i++) deviations[i] = Math.abs(pooled[i] - centre);
  return essOfChains(prepared.split(deviations));
}

/** ESS of the `prob` quantile (posterior::ess_quantile; Vehtari et al. 2021 §4.3): ESS of the
 * split indicator θ ≤ q̂, q̂ the type-7 quantile of all draws. NaN for degenerate draws. The
 * indicator's rarer side (its autocovariance is the same) is sparse in the tails, where counting
 * pairs of ones beats the FFT. */
export function essQuantile(draws: DrawsInput, prob: number): number {
  const prepared = prepare(draws);
  if (isDegenerate([prepared.pooled])) return NaN;
  const { pooled } = prepared;
  const q = prepared.quantile(prob);
  const rare = scratchFloat64('essQuantile.rare', pooled.length);
  let count = 0;
  for (let i = 0; i < pooled.length; i++) count += rare[i] = pooled[i] <= q ? 1 : 0;
  if (count > pooled.length / 2) for (let i = 0; i < pooled.length; i++) rare[i] = 1 - rare[i];
  const split = prepared.split(rare);
  return essOfChains(split, sparseEnough(split) ? indicatorAutocovariance : meanAutocovariance);
}

/** Tail-ESS (posterior::ess_tail; Vehtari et al. 2021): the smaller ESS of the 5% and 95%
 * quantiles. */
export function essTail(draws: DrawsInput): number {
  const prepared = prepare(draws);
  return Math.min(essQuantile(prepared, 0.05), essQuantile(prepared, 0.95));
}
