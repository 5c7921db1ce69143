import { EngineError } from './errors';
import { COUNTER_NAMES, STAT_NAMES } from './snapshot';
import type { ChainMoments, RecordSpec } from './types';

/*
 * What the chains record after `record` (the sampling phase), shared by the WGSL kernels
 * (shaders/engine/chains.wgsl, reduce.wgsl), GpuEngine and CpuEngine:
 *  - per-chain Welford (mean, M2) of every coordinate, rows [STAT_NAMES.length, +2d) of the stats
 *    buffer ([mean of i], then [M2 of i]), merged across chains by the reduction;
 *  - integer histograms of two coordinates and their joint one (atomics on the GPU);
 *  - a ring of the last `window` draws (and energies) of the first `traceChains` chains, after
 *    the Welford rows of the stats buffer.
 */

export const MAX_TRACE_CHAINS = 64;
export const MAX_WINDOW = 4000;
export const MAX_BINS = 128;
/** The trace ring's floats at most (16 MiB): a large d gets a shorter window. */
const MAX_RING_FLOATS = 1 << 22;

/** The ring's capacity in floats at dimension d. */
export function ringFloats(d: number): number {
  return Math.min(MAX_RING_FLOATS, MAX_TRACE_CHAINS * MAX_WINDOW * (d + 1));
}

/** Floats of the stats buffer: the per-chain stats, the Welford rows, then the ring. */
export function statsBufferFloats(d: number, chains: number): number {
  return (STAT_NAMES.length + 2 * d) * chains + ringFloats(d);
}

/** u32 words of the histogram buffer (the largest bins allowed). */
export const HISTOGRAM_WORDS = 2 * MAX_BINS + MAX_BINS * MAX_BINS;

/** Where the ring starts in the stats buffer (floats). */
export function ringOffset(d: number, chains: number): number {
  return (STAT_NAMES.length + 2 * d) * chains;
}

/** Chains whose per-chain moments a snapshot returns at most: the all-chain diagnostics need
 * many chains, not every one, and this bounds the read-back (and the worker's input). */
export const MAX_MOMENT_CHAINS = 65536;
/** Per-chain means (and as many variances) a snapshot returns at most: a large d reads fewer chains. */
const MAX_MOMENT_VALUES = 1 << 19;

/** How many chains' moments (the first n) a snapshot asking for `coords` coordinates returns. */
export function momentChains(chains: number, coords: number): number {
  return Math.min(chains, MAX_MOMENT_CHAINS, Math.floor(MAX_MOMENT_VALUES / Math.max(1, coords)));
}

/** Per-chain moments from the Welford rows as the engines keep them, [k · chains + c] for
 * coords[k] (`m2` is turned into the variance of each chain's `draws` draws in place). */
export function chainMomentsOf(coords: readonly number[], chains: number, draws: number, mean: Float64Array, m2: Float64Array): ChainMoments {
  for (let j = 0; j < m2.length; j++) m2[j] = draws > 1 ? m2[j] / (draws - 1) : NaN;
  return { coords, chains, draws, mean, variance: m2 };
}

/** Checks `spec` (EngineError naming the field) and fits it to the run: at most `chains` traced
 * chains, and a window the ring can hold. */
export function recordLayout(spec: RecordSpec, d: number, chains: number): RecordSpec {
  const whole = (v: number, lo: number, hi: number, what: string, field: string) => {
    if (!Number.isInteger(v) || v < lo || v > hi) throw new EngineError(`${what} must be a whole number in [${lo}, ${hi}], got ${v}`, field);
  };
  whole(spec.traceChains, 1, MAX_TRACE_CHAINS, 'Traced chains', 'traceChains');
  whole(spec.window, 2, MAX_WINDOW, 'Trace window', 'window');
  const { coords, box, bins } = spec.histogram;
  whole(bins, 1, MAX_BINS, 'Histogram bins', 'bins');
  for (const c of coords) whole(c, 0, d - 1, 'Histogram coordinate', 'coords');
  if (!(box[0] < box[1] && box[2] < box[3]) || !box.every(Number.isFinite)) {
    throw new EngineError(`Histogram box must be finite with lo < hi, got [${box.join(', ')}]`, 'box');
  }
  const traceChains = Math.min(spec.traceChains, chains);
  const window = Math.min(spec.window, Math.floor(ringFloats(d) / (traceChains * (d + 1))));
  return { traceChains, window, histogram: spec.histogram };
}

/** The ring's rows a read returns once every chain has made `iteration` transitions: from
 * `traceSince` (none without it), but none recorded before `start` or already overwritten. */
export function traceRows(spec: RecordSpec, start: number, iteration: number, traceSince: number | undefined): { from: number; rows: number } {
  const from = Math.max(traceSince ?? iteration, start, iteration - spec.window);
  return { from, rows: Math.max(0, iteration - from) };
}

/** The histogram's bin of v over [lo, hi) with `bins` bins, or −1 outside (NaN included). The
 * kernel computes (v − lo) · scale in f32 with scale = bins / (hi − lo) precomputed, so that the
 * same formula in float32 (Math.fround) reproduces its bins exactly. */
export function histogramScale(lo: number, hi: number, bins: number): number {
  return bins / (hi - lo);
}

export function histogramBin(v: number, lo: number, scale: number, bins: number): number {
  const t = (v - lo) * scale;
  return t >= 0 && t < bins ? Math.floor(t) : -1;
}

/** The `Record` uniform of chains.wgsl: start, on, trace chains, window, coords, bins, then
 * (lo, scale) of both coordinates. */
export function packRecord(layout: RecordSpec | null, start: number): ArrayBuffer {
  const buf = new ArrayBuffer(48);
  const u = new Uint32Array(buf);
  const f = new Float32Array(buf);
  if (!layout) return buf;
  const { coords, box, bins } = layout.histogram;
  u.set([start >>> 0, 1, layout.traceChains, layout.window, coords[0], coords[1], bins, 0]);
  f.set([box[0], histogramScale(box[0], box[1], bins), box[2], histogramScale(box[2], box[3], bins)], 8);
  return buf;
}

/** Constants the chain and reduction kernels share with this file. */
export const RECORD_CONSTANTS_WGSL = [
  `const COUNTER_ROWS: u32 = ${COUNTER_NAMES.length}u;`,
  `const STAT_ROWS: u32 = ${STAT_NAMES.length}u;`,
].join('\n');
