import { EngineError } from './errors';
import type { ChainReports, ChainStatTotals, CounterTotals, Snapshot } from './types';
import type { TransitionInfo } from '../samplers/types';

export const COUNTER_NAMES = ['accepted', 'gradEvals', 'densityEvals', 'divergent', 'capped'] as const satisfies readonly (keyof CounterTotals)[];
/** Per-chain float stats, in buffer order: three sums since the last reset, one maximum since the
 * last reset, then three last values (shaders/engine/chains.wgsl keeps the same order). */
export const STAT_NAMES = ['acceptProb', 'chees', 'elbo', 'maxDensityEvals', 'energy', 'energyError', 'treeDepth'] as const satisfies readonly (keyof ChainStatTotals)[];
/** The TransitionInfo field each stat is taken from. */
export const STAT_SOURCES = ['acceptProb', 'chees', 'elbo', 'densityEvals', 'energy', 'energyError', 'treeDepth'] as const satisfies readonly (keyof TransitionInfo)[];
/** Stats [0, STAT_SUMS) are sums, [STAT_SUMS, STAT_RESET) maxima (pooled over chains by their
 * maximum too); resetStats zeroes both. */
export const STAT_SUMS = 3;
export const STAT_RESET = 4;
/** Reduction columns before the per-coordinate ones. */
export const SUM_COLUMNS = COUNTER_NAMES.length + STAT_NAMES.length;

/** The reduction kernel's column layout, from the lists above (shaders/engine/reduce.wgsl). */
export const REDUCE_CONSTANTS_WGSL = `const COUNTERS: u32 = ${COUNTER_NAMES.length}u;\nconst SUM_COLS: u32 = ${SUM_COLUMNS}u;`;

export function validateIterations(iterations: number): void {
  if (!Number.isInteger(iterations) || iterations < 0) {
    throw new EngineError(`Iterations must be a whole number ≥ 0, got ${iterations}`, 'iterations');
  }
}

/** The coordinates a snapshot reads: the requested ones, checked, or the first two. */
export function snapshotCoords(coords: readonly number[] | undefined, d: number): number[] {
  const out = coords ? [...coords] : d >= 2 ? [0, 1] : [0];
  for (const c of out) {
    if (!Number.isInteger(c) || c < 0 || c >= d) throw new EngineError(`Coordinate ${c} is outside 0..${d - 1}`, 'coords');
  }
  return out;
}

/** Reduction columns of a run in dimension d: the sums, then (mean, M2) of each coordinate over
 * the current positions, then over every recorded draw. */
export function reduceColumns(d: number): number {
  return SUM_COLUMNS + 2 * d;
}

/** Pooled mean and variance of the recorded draws from the reduction columns (chains × draws of
 * them; variance with the n − 1 divisor). */
export function recordedMoments(columns: ArrayLike<number>, d: number, chains: number, draws: number): { mean: Float64Array; variance: Float64Array } {
  const mean = new Float64Array(d);
  const variance = new Float64Array(d);
  const n = chains * draws;
  for (let i = 0; i < d; i++) {
    mean[i] = n > 0 ? columns[2 * (SUM_COLUMNS + d + i)] : NaN;
    variance[i] = n > 1 ? columns[2 * (SUM_COLUMNS + d + i) + 1] / (n - 1) : NaN;
  }
  return { mean, variance };
}

/** Builds a Snapshot from reduction columns: (sum, max) of each counter and stat over chains,
 * then (mean, M2) per coordinate. */
export function snapshotFromColumns(
  columns: ArrayLike<number>,
  rest: Omit<Snapshot, 'totals' | 'stats' | 'mean' | 'variance'>,
): Snapshot {
  const { d, chains } = rest;
  const totals = Object.fromEntries(COUNTER_NAMES.map((k, i) => [k, columns[2 * i]])) as unknown as CounterTotals;
  const stats = Object.fromEntries(
    STAT_NAMES.map((k, j) => [k, columns[2 * (COUNTER_NAMES.length + j) + (j >= STAT_SUMS && j < STAT_RESET ? 1 : 0)]]),
  ) as unknown as ChainStatTotals;
  const mean = new Float64Array(d);
  const variance = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    mean[i] = columns[2 * (SUM_COLUMNS + i)];
    variance[i] = chains > 1 ? columns[2 * (SUM_COLUMNS + i) + 1] / (chains - 1) : 0;
  }
  return { ...rest, totals, stats, mean, variance };
}

/** Per-chain arrays (float64) from column accessors in COUNTER_NAMES / STAT_NAMES order. */
export function chainReports(
  counter: (j: number) => ArrayLike<number>, stat: (j: number) => ArrayLike<number>,
): ChainReports {
  return {
    counters: Object.fromEntries(COUNTER_NAMES.map((k, j) => [k, Float64Array.from(counter(j))])) as ChainReports['counters'],
    stats: Object.fromEntries(STAT_NAMES.map((k, j) => [k, Float64Array.from(stat(j))])) as ChainReports['stats'],
  };
}
