import { betaQuantile } from './beta';
import { mean, variance } from './draws';
import { essMean, essOfChains, essQuantile } from './ess';
import { type DrawsInput, prepare } from './prepared';
import { scratchFloat64 } from './scratch';

/** Monte Carlo standard error of the mean (posterior::mcse_mean): sd / √ESS_mean. NaN for
 * constant or non-finite draws. */
export function mcseMean(draws: DrawsInput): number {
  const prepared = prepare(draws);
  return Math.sqrt(variance(prepared.pooled) / essMean(prepared));
}

/** Monte Carlo standard error of the standard deviation as posterior 1.4.0 computes it: the
 * variance of the variance estimate by Kenney & Keeping (1951, p. 141), (m₄ − m₂²)/ESS with
 * central moments m_k of all draws and ESS that of the split (θ − θ̄)², carried to the sd by the
 * delta method: √((m₄ − m₂²)/ESS / (4 m₂)). NaN for constant or non-finite draws. */
export function mcseSd(draws: DrawsInput): number {
  const prepared = prepare(draws);
  const { pooled } = prepared;
  const centre = mean(pooled);
  const squares = scratchFloat64('mcseSd.squares', pooled.length);
  let m4 = 0;
  for (let i = 0; i < pooled.length; i++) {
    squares[i] = (pooled[i] - centre) ** 2;
    m4 += squares[i] ** 2 / pooled.length;
  }
  const m2 = mean(squares);
  return Math.sqrt((m4 - m2 * m2) / essOfChains(prepared.split(squares)) / m2 / 4);
}

// Φ(−1) and Φ(1): the Beta interval spans ±1 standard error.
const ONE_SE = [0.1586553, 0.8413447] as const;

/** Monte Carlo standard error of the `prob` quantile (posterior::mcse_quantile; Vehtari et al.
 * 2021 §4.3): the draws' order statistics at the Φ(∓1) quantiles of
 * Beta(ESS·p + 1, ESS·(1 − p) + 1), ESS that of the quantile; half their distance. NaN for
 * constant or non-finite draws. */
export function mcseQuantile(draws: DrawsInput, prob: number): number {
  const prepared = prepare(draws);
  const ess = essQuantile(prepared, prob);
  if (Number.isNaN(ess)) return NaN;
  const [lower, upper] = ONE_SE.map((p) => betaQuantile(p, ess * prob + 1, ess * (1 - prob) + 1));
  const sorted = prepared.sorted;
  const s = sorted.length;
  return (sorted[Math.min(Math.ceil(upper * s), s) - 1] - sorted[Math.max(Math.floor(lower * s), 1) - 1]) / 2;
}
