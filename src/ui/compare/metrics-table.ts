import { totalOf } from '../../engine/run/spent';
import type { ComparisonSide } from '../../compare/comparison-side';
import { count, fixed, percent } from '../format';

/** One row of the aligned table: `id` names its cells (`compare-<id>-a`, `-b`). */
export interface MetricRow {
  readonly id: string;
  readonly label: string;
  readonly help: string;
  readonly value: (side: ComparisonSide) => number;
  readonly format: (v: number) => string;
  /** Which value is better (highlighted); absent where neither is. */
  readonly better?: 'higher' | 'lower';
}

const significant = (v: number) => (Number.isFinite(v) ? v.toPrecision(3) : '—');

export const METRIC_ROWS: readonly MetricRow[] = [
  {
    id: 'evaluations', label: 'Evaluations per chain', format: count,
    help: 'log p and ∇log p evaluations per chain, training and warm-up included',
    value: (s) => totalOf(s.spent.evaluations) / s.config.chains,
  },
  {
    id: 'seconds', label: 'Engine time (s)', format: (v) => fixed(v, 1),
    help: 'time of the side’s own engine calls, training and warm-up included',
    value: (s) => totalOf(s.spent.ms) / 1000,
  },
  { id: 'draws', label: 'Draws per chain', format: count, help: 'recorded after warm-up', value: (s) => s.metrics.draws },
  { id: 'ess-bulk', label: 'Bulk ESS (min)', format: count, help: 'worst coordinate, all chains', value: (s) => s.metrics.essBulk, better: 'higher' },
  { id: 'ess-tail', label: 'Tail ESS (min)', format: count, help: 'worst coordinate, all chains', value: (s) => s.metrics.essTail, better: 'higher' },
  {
    id: 'ess-per-kilo-eval', label: 'ESS per 1000 evaluations', format: significant,
    help: 'bulk ESS over every evaluation paid for', value: (s) => s.metrics.essPerKiloEval, better: 'higher',
  },
  {
    id: 'ess-per-second', label: 'ESS per second', format: significant,
    help: 'bulk ESS over every second of engine time', value: (s) => s.metrics.essPerSecond, better: 'higher',
  },
  { id: 'rhat', label: 'R-hat (max)', format: (v) => fixed(v, 3), help: 'worst coordinate, traced chains', value: (s) => s.metrics.rhat, better: 'lower' },
  { id: 'acceptance', label: 'Acceptance rate', format: percent, help: 'after warm-up', value: (s) => s.metrics.acceptance },
  { id: 'divergences', label: 'Divergences', format: count, help: 'after warm-up', value: (s) => s.metrics.divergences, better: 'lower' },
  {
    id: 'truth-error', label: 'Error of the mean (sd)', format: significant,
    help: 'max over coordinates of |mean − true mean| / true sd', value: (s) => s.metrics.truthError, better: 'lower',
  },
];

/** Which side's value is better (0 or 1), or null when neither is or they cannot be compared. */
export function betterSide(row: MetricRow, a: number, b: number): 0 | 1 | null {
  if (!row.better || !Number.isFinite(a) || !Number.isFinite(b) || a === b) return null;
  return (row.better === 'higher') === (a > b) ? 0 : 1;
}
