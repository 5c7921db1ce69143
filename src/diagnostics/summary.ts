import { ESS_PER_CHAIN_MIN, RHAT_MAX } from './thresholds';
import { mean, variance } from './draws';
import { essBulk, essTail } from './ess';
import { mcseMean, mcseSd } from './mcse';
import { type DrawsInput, prepare } from './prepared';
import { rhat } from './rhat';

/** One row of `posterior::summarise_draws` (default measures less median and mad, plus the
 * MCSEs of mean and sd); q5, q50, q95 are type-7 quantiles of all draws. */
export interface SummaryRow {
  readonly variable: string;
  readonly mean: number;
  readonly sd: number;
  readonly q5: number;
  readonly q50: number;
  readonly q95: number;
  readonly rhat: number;
  readonly essBulk: number;
  readonly essTail: number;
  readonly mcseMean: number;
  readonly mcseSd: number;
}

/** The summary table of several scalar quantities, each prepared once (one sort, one rank
 * normalisation shared by its R-hat, ESS and quantiles; pass `PreparedDraws` to share them with
 * other diagnostics too, such as `rankHistogram`). */
export function summariseDraws(variables: readonly { readonly name: string; readonly draws: DrawsInput }[]): SummaryRow[] {
  return variables.map(({ name, draws }) => {
    const prepared = prepare(draws);
    return {
      variable: name,
      mean: mean(prepared.pooled),
      sd: Math.sqrt(variance(prepared.pooled)),
      q5: prepared.quantile(0.05),
      q50: prepared.quantile(0.5),
      q95: prepared.quantile(0.95),
      rhat: rhat(prepared),
      essBulk: essBulk(prepared),
      essTail: essTail(prepared),
      mcseMean: mcseMean(prepared),
      mcseSd: mcseSd(prepared),
    };
  });
}

export interface WarningThresholds {
  /** R-hat above this warns (default 1.01, Vehtari et al. 2021). */
  readonly rhat?: number;
  /** Bulk- or tail-ESS below this many per chain warns (default 100). */
  readonly essPerChain?: number;
}

/** The warnings of one summary row, as Stan and posterior recommend (Vehtari et al. 2021 §4):
 * R-hat > 1.01, and bulk- or tail-ESS < 100 per chain, i.e. a total below 100 × `chains` (the
 * recommendation is ESS > 100 per chain). NaN values (constant or non-finite draws) warn of
 * nothing: a constant quantity has not failed to converge. */
export function summaryWarnings(row: SummaryRow, chains: number, thresholds: WarningThresholds = {}): string[] {
  const maxRhat = thresholds.rhat ?? RHAT_MAX;
  const minEss = (thresholds.essPerChain ?? ESS_PER_CHAIN_MIN) * chains;
  const warnings: string[] = [];
  if (row.rhat > maxRhat) {
    warnings.push(`R-hat ${row.rhat.toFixed(3)} > ${maxRhat}: the chains have not mixed; run longer`);
  }
  for (const [label, ess] of [['Bulk', row.essBulk], ['Tail', row.essTail]] as const) {
    if (ess < minEss) {
      warnings.push(`${label}-ESS ${Math.floor(ess)} < ${minEss} (${minEss / chains} per chain): the ${label.toLowerCase()} estimates are unreliable; run longer`);
    }
  }
  return warnings;
}
