import type { Snapshot } from '../../engine/types';
import type { ReferenceMarginals } from '../marginals';

/** What the N-D plots draw from. */
export interface NdPlotInput {
  /** A snapshot of every coordinate of the shown chains. */
  readonly particles: Snapshot;
  /** [lo, hi] of each coordinate. */
  readonly ranges: readonly (readonly [number, number])[];
  readonly reference: ReferenceMarginals;
}
