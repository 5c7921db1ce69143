import { nestedRhatOfMoments } from './nested-rhat';
import { essAllChainsMin, nestedRhatMax } from './thresholds';

/*
 * Diagnostics over every chain from per-chain moments alone (the GPU regime: 10³–10⁶ short
 * chains, whose draws are never all read back). Each chain is one batch of n consecutive draws,
 * so the spread of the chain means measures the autocorrelation the draws carry.
 */

/** Superchains the nested R-hat groups the chains into (fewer with fewer chains): enough for
 * its between-superchain variance to have 31 degrees of freedom. */
export const SUPERCHAINS = 32;

export interface ManyChainRow {
  /** Chains and draws per chain the row is computed from. */
  readonly chains: number;
  readonly draws: number;
  readonly mean: number;
  readonly sd: number;
  /** Nested R-hat with `superchains` superchains of consecutive chains, and its threshold. */
  readonly nrhat: number;
  readonly superchains: number;
  readonly nrhatMax: number;
  /** Batch-means ESS of the mean with the chains as batches, and its standard error. */
  readonly ess: number;
  readonly essSe: number;
  /** Monte Carlo standard error of the mean: sd / √ess. */
  readonly mcseMean: number;
}

/**
 * Batch-means ESS of the mean over C chains of n draws, the chains being the batches:
 * ESS = C · σ̂² / s²ₘ, σ̂² the variance of all C·n draws and s²ₘ the sample variance of the C chain
 * means (n·s²ₘ/σ̂² estimates the integrated autocorrelation time τ, so ESS = C·n/τ̂), capped at
 * C·n. Consistent when n ≫ τ and the chains are stationary; chains still remembering their
 * starting points spread their means and lower it, which is how unmixed chains show. Its relative
 * standard error is about √(2/(C − 1)) (s²ₘ has C − 1 degrees of freedom). NaN for C < 2 or
 * non-finite moments.
 */
export function essOfChainMoments(means: Float64Array, variances: Float64Array, n: number): { ess: number; essSe: number; mean: number; variance: number } {
  const c = means.length;
  let grand = 0;
  for (let k = 0; k < c; k++) grand += means[k] / c;
  let between = 0;
  let within = 0;
  for (let k = 0; k < c; k++) {
    between += (means[k] - grand) ** 2;
    within += n > 1 ? (n - 1) * variances[k] : 0;
  }
  const total = (n * between + within) / (c * n - 1);
  const ess = Math.min(c * n, (c * total) / (between / (c - 1)));
  const ok = c >= 2 && Number.isFinite(total) && !Number.isNaN(ess);
  return { ess: ok ? ess : NaN, essSe: ok ? ess * Math.sqrt(2 / (c - 1)) : NaN, mean: c > 0 ? grand : NaN, variance: c * n > 1 ? total : NaN };
}

/** The all-chain row of one coordinate from `chains` chains' means and variances (n draws each):
 * consecutive chains form the superchains, a remainder of chains is left out of nR̂. */
export function manyChainRow(means: Float64Array, variances: Float64Array, n: number): ManyChainRow {
  const chains = means.length;
  const superchains = Math.min(SUPERCHAINS, chains);
  const size = Math.floor(chains / superchains);
  const used = size * superchains;
  const nrhat = superchains >= 2 ? nestedRhatOfMoments(means.subarray(0, used), variances.subarray(0, used), n, size) : NaN;
  const { ess, essSe, mean, variance } = essOfChainMoments(means, variances, n);
  const sd = Math.sqrt(variance);
  return { chains, draws: n, mean, sd, nrhat, superchains, nrhatMax: nestedRhatMax(superchains), ess, essSe, mcseMean: sd / Math.sqrt(ess) };
}

/** The warnings of one all-chain row: nR̂ above its threshold for the row's superchains, and an
 * ESS under `essAllChainsMin` (400 in all, and 2 per chain). NaN values warn of nothing (as `summaryWarnings`). */
export function manyChainWarnings(row: ManyChainRow): string[] {
  const warnings: string[] = [];
  if (row.nrhat > row.nrhatMax) {
    warnings.push(`nested R-hat ${row.nrhat.toFixed(3)} > ${row.nrhatMax.toFixed(3)} (${row.superchains} superchains of ${Math.floor(row.chains / row.superchains)} chains): groups of chains disagree; run longer`);
  }
  const min = essAllChainsMin(row.chains);
  if (row.ess < min) {
    warnings.push(`ESS ${Math.floor(row.ess)} < ${min} over ${row.chains.toLocaleString('en-US')} chains: their means spread more than their draws explain (not mixed, or too few draws); run longer`);
  }
  return warnings;
}
