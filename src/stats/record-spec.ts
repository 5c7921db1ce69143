import type { RecordSpec } from '../engine/types';
import type { SamplerDecl } from '../samplers/types';
import type { TargetDecl } from '../targets/types';
import { viewOf, type PlaneView } from '../render/plane-view';

/** Draws per traced chain the diagnostics look at. */
export const TRACE_WINDOW = 2000;
const HISTOGRAM_BINS = 64;

/** The run's identity as far as the diagnostics are concerned. */
export interface FeedRun {
  readonly target: TargetDecl;
  /** The user's log-density, for the 'custom' target (the worker compiles it again). */
  readonly expression?: string;
  readonly sampler: SamplerDecl;
  readonly d: number;
  readonly chains: number;
}

/** The part of the particle view the recording and the per-coordinate plots follow. */
export type FeedView = Pick<PlaneView, 'coords' | 'viewBox'>;

/** Histograms of the two coordinates the view shows (by default the first two), over its box
 * (every target has d ≥ 2). */
export function recordSpecOf(run: FeedRun, tracedChains: number, view: FeedView = viewOf(run.target, run.d, [0, 1])): RecordSpec {
  return {
    traceChains: Math.min(tracedChains, run.chains),
    window: TRACE_WINDOW,
    histogram: { coords: view.coords, box: view.viewBox, bins: HISTOGRAM_BINS },
  };
}
