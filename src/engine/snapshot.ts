import { EngineError } from './errors';
import type { CounterTotals, Snapshot } from './types';

export const COUNTER_NAMES = ['accepted', 'gradEvals', 'densityEvals', 'divergent'] as const satisfies readonly (keyof CounterTotals)[];

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

/** Builds a Snapshot from reduction columns: 4 counter sums, then (mean, M2) per coordinate. */
export function snapshotFromColumns(
  columns: ArrayLike<number>,
  rest: Omit<Snapshot, 'totals' | 'mean' | 'variance'>,
): Snapshot {
  const { d, chains } = rest;
  const totals = Object.fromEntries(COUNTER_NAMES.map((k, i) => [k, columns[2 * i]])) as unknown as CounterTotals;
  const mean = new Float64Array(d);
  const variance = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    mean[i] = columns[2 * (4 + i)];
    variance[i] = chains > 1 ? columns[2 * (4 + i) + 1] / (chains - 1) : 0;
  }
  return { ...rest, totals, mean, variance };
}
