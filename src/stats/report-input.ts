import type { Recording } from '../engine/types';
import type { TraceData } from './trace-window';

/** What one diagnostics refresh is computed from (plain data: it is posted to the worker). */
export interface ReportInput {
  readonly target: string;
  /** The user's log-density, for the 'custom' target. */
  readonly expression?: string;
  readonly d: number;
  readonly sampler: string;
  /** Coordinates the per-coordinate plots show. */
  readonly coords: readonly number[];
  /** Every chain of the run (the pooled moments cover them all). */
  readonly chains: number;
  /** The traced chains' window. */
  readonly trace: TraceData;
  /** Pooled over all chains since recording started (the ring's rows left out). */
  readonly recording: Omit<Recording, 'trace'>;
  /** Current positions of the first `shownChains` chains for `coords`, coordinate-major. */
  readonly shownChains: number;
  readonly positions: Float64Array;
  /** Divergent transitions since warm-up ended. */
  readonly divergences: number;
}
