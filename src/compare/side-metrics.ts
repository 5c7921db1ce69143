import { essBulk, essTail, PreparedDraws, rhat } from '../diagnostics';
import { traceColumn, type TraceData } from '../stats/trace-window';
import type { TargetTruth } from '../targets/types';

/** Fewer rows than this per chain give no split-chain diagnostics worth showing. */
const MIN_ROWS = 32;

/** The traced chains' worst coordinate: min bulk and tail ESS, max R-hat (over their window). */
export interface WindowConvergence {
  readonly essBulk: number;
  readonly essTail: number;
  readonly rhat: number;
}

export function windowConvergence(trace: TraceData): WindowConvergence {
  if (trace.rows < MIN_ROWS) return { essBulk: NaN, essTail: NaN, rhat: NaN };
  let bulk = Infinity;
  let tail = Infinity;
  let worst = -Infinity;
  for (let i = 0; i < trace.d; i++) {
    const draws = new PreparedDraws(traceColumn(trace, i));
    bulk = Math.min(bulk, essBulk(draws));
    tail = Math.min(tail, essTail(draws));
    worst = Math.max(worst, rhat(draws));
  }
  return { essBulk: bulk, essTail: tail, rhat: worst };
}

/** Max over coordinates of |pooled mean − true mean| / true sd; NaN where the truth is unknown. */
export function truthError(mean: Float64Array, truth: TargetTruth): number {
  let worst = 0;
  for (let i = 0; i < mean.length; i++) worst = Math.max(worst, Math.abs(mean[i] - truth.mean[i]) / Math.sqrt(truth.variance[i]));
  return worst;
}
