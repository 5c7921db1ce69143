/** What the diagnostics worker computes from the traced chains' window and the pooled recording;
 * the stats store keeps the latest one and their history. Plain data (structured-clone safe). */

import type { ManyChainRow, SummaryRow } from '../diagnostics';

export type { ManyChainRow, SummaryRow };

/** A warning on one coordinate (or the whole run when `variable` is null). */
export interface SummaryWarning {
  readonly variable: string | null;
  readonly text: string;
}

export interface TruthError {
  readonly meanZ: number;
  readonly sdZ: number;
}

export interface PooledMoments extends TruthError {
  readonly mean: number;
  readonly sd: number;
}

export interface DiagnosticsReport {
  /** Engine iteration after the newest draw in the window. */
  readonly iteration: number;
  /** Draws per traced chain in the window. */
  readonly draws: number;
  /** Traced (displayed) chains. */
  readonly chains: number;
  /** The coordinates the per-coordinate plots show (the view's two, or one in 1-D). */
  readonly coords: readonly number[];
  /** Trace plot: `iterations[j]` is the iteration of draw j; `values[k][c][j]` coordinate coords[k]
   * of traced chain c (the last draws only, at most a few hundred). */
  readonly trace: { readonly iterations: Float64Array; readonly values: readonly (readonly Float64Array[])[] };
  /** Mean autocorrelation over the traced chains, lags 0…, per coords[k]. */
  readonly acf: readonly Float64Array[];
  /** Rank plot: `counts[k][c][b]`, pooled-rank histogram of chain c for coords[k]. */
  readonly ranks: { readonly bins: number; readonly counts: readonly (readonly (readonly number[])[])[] };
  /** One row per coordinate (all d), over the traced chains' window (quantiles, the traced
   * chains' R-hat and ESS for the plots over draws; never the warnings). */
  readonly summary: readonly SummaryRow[];
  /** Nested R-hat, ESS and MCSE of the mean over `chains` of the run's `totalChains` chains
   * (per-chain moments, at most MAX_MOMENT_CHAINS), by coordinate (null where not read); null
   * without per-chain moments and for interacting particles. */
  readonly allChains: {
    readonly chains: number;
    readonly totalChains: number;
    readonly rows: readonly (ManyChainRow | null)[];
  } | null;
  /** The sampler's particles interact (SVGD): R-hat and ESS do not apply. */
  readonly interacting: boolean;
  /** From the all-chain rows (and the run: divergences, E-BFMI), never from the traced chains' R-hat. */
  readonly warnings: readonly SummaryWarning[];
  /** Samplers that report an energy (HMC family): E − Ē and Eₙ − Eₙ₋₁ pooled over traced chains,
   * and E-BFMI per traced chain. */
  readonly energy: {
    readonly centred: Float64Array;
    readonly transitions: Float64Array;
    readonly ebfmi: readonly number[];
  } | null;
  /** Targets with known moments: the pooled (all chains, all recorded draws) mean and sd of
   * coords[k] minus the truth, in units of their Monte Carlo standard error. */
  readonly truthError: readonly TruthError[] | null;
  /** Every coordinate's pooled (all chains, all recorded draws) mean and sd, and their error
   * against the truth as in `truthError` (NaN where the truth is unknown). */
  readonly pooled: readonly PooledMoments[];
  /** Targets with an exact sampler: distances from the chains' current positions to exact draws;
   * `kl` (2-D only) of the recorded histogram against the grid density. */
  readonly distances: {
    readonly energy: number;
    readonly mmd: number;
    readonly sliced: number;
    readonly kl: number | null;
  } | null;
  /** Multimodal targets: the recorded mass nearest each mode, and the true mass. */
  readonly modes: { readonly observed: readonly number[]; readonly truth: readonly number[] } | null;
  /** How long the worker took for this report (ms). */
  readonly elapsedMs: number;
}
