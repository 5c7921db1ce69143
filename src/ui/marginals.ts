import { initialPositions } from '../engine/init-state';
import type { PlaneView } from '../render/plane-view';
import type { TargetDecl } from '../targets/types';
import { cellCentres, logDensityGrid } from '../targets/grid';

/** A density over one coordinate, sampled at points x. */
export interface Curve {
  readonly x: number[];
  readonly y: number[];
}

export interface Histogram extends Curve {
  /** Bin width (x holds the bin centres). */
  readonly width: number;
}

/** What the chains' histograms of the view's two coordinates are compared with. */
export interface TrueMarginals {
  readonly curves: readonly [Curve, Curve];
  readonly source: string;
}

export const BINS = 60;
const GRID = 400;

/**
 * Histogram of `values` over [lo, hi], normalised as a density over that range: samples outside
 * are left out. The true marginals below are normalised over the same range (the view box), so
 * the two agree even where the view box cuts off part of the mass.
 */
export function histogram(values: ArrayLike<number>, lo: number, hi: number, bins = BINS): Histogram {
  const width = (hi - lo) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (let k = 0; k < values.length; k++) {
    const b = Math.floor((values[k] - lo) / width);
    if (b >= 0 && b < bins) counts[b]++;
  }
  return densityBars(counts, lo, hi);
}

/** Bin counts over [lo, hi] (draws inside only) as a density over that range, as `histogram`
 * gives; the engine's recorded histograms arrive already counted. */
export function densityBars(counts: ArrayLike<number>, lo: number, hi: number): Histogram {
  const bins = counts.length;
  const width = (hi - lo) / bins;
  let total = 0;
  for (let b = 0; b < bins; b++) total += counts[b];
  return {
    x: cellCentres(lo, hi, bins),
    y: Array.from(counts, (n) => (total > 0 ? n / (total * width) : 0)),
    width,
  };
}

/** Scales y so that the curve integrates to 1 (Riemann sum with spacing dx). */
function normalised(x: number[], y: number[], dx: number): Curve {
  const mass = y.reduce((a, b) => a + b, 0) * dx;
  return { x, y: y.map((v) => (mass > 0 ? v / mass : 0)) };
}

/** 2-D: integrate exp(log p) over the other axis on a GRID × GRID grid over the view box. */
function gridMarginals(target: TargetDecl): TrueMarginals {
  const [x0, x1, y0, y1] = target.viewBox;
  const xs = cellCentres(x0, x1, GRID);
  const ys = cellCentres(y0, y1, GRID);
  const lp = logDensityGrid(target, target.viewBox, GRID);
  let max = -Infinity;
  for (let k = 0; k < lp.length; k++) max = Math.max(max, lp[k]);
  const px = new Array<number>(GRID).fill(0);
  const py = new Array<number>(GRID).fill(0);
  for (let j = 0; j < GRID; j++) {
    for (let i = 0; i < GRID; i++) {
      const w = Math.exp(lp[j * GRID + i] - max);
      px[i] += w;
      py[j] += w;
    }
  }
  return {
    curves: [normalised(xs, px, (x1 - x0) / GRID), normalised(ys, py, (y1 - y0) / GRID)],
    source: 'grid quadrature of the density over the view box',
  };
}

/** Exact draws per coordinate behind the reference marginals. */
const REFERENCE_DRAWS = 4000;

/** Where a coordinate's reference marginal comes from. */
export type ReferenceSource = 'exact' | 'normal' | null;

/** Every coordinate's reference marginal: histograms of exact draws (fixed seed) where the target
 * has an exact sampler, else the normal with the truth's mean and variance where those are known
 * (an approximation, said so in the legend), else none. */
export class ReferenceMarginals {
  readonly source: ReferenceSource;
  private readonly draws: Float64Array | null;
  private readonly mean: readonly number[];
  private readonly sd: readonly number[];

  constructor(target: TargetDecl, d: number) {
    const truth = target.truth(d);
    this.mean = truth.mean;
    this.sd = truth.variance.map(Math.sqrt);
    this.draws = target.exact ? initialPositions(target, d, REFERENCE_DRAWS, 0, 'exact') : null;
    const known = this.mean.every(Number.isFinite) && this.sd.every(Number.isFinite);
    this.source = this.draws ? 'exact' : known ? 'normal' : null;
  }

  get label(): string {
    return this.source === 'exact' ? `${REFERENCE_DRAWS.toLocaleString('en-US')} exact draws` : 'normal with the true moments';
  }

  /** The reference density of coordinate i over [lo, hi] (normalised over that range as the
   * chains' histogram is), or null. */
  curve(i: number, lo: number, hi: number, bins: number): Curve | null {
    if (this.draws) return histogram(this.draws.subarray(i * REFERENCE_DRAWS, (i + 1) * REFERENCE_DRAWS), lo, hi, bins);
    if (this.source !== 'normal') return null;
    const x = cellCentres(lo, hi, bins);
    const p = x.map((v) => Math.exp(-0.5 * ((v - this.mean[i]) / this.sd[i]) ** 2));
    const mass = p.reduce((a, b) => a + b, 0) * ((hi - lo) / bins);
    return { x, y: p.map((v) => v / mass) };
  }

  /** The truth's mean and sd of coordinate i (NaN where unknown). */
  moments(i: number): { mean: number; sd: number } {
    return { mean: this.mean[i], sd: this.sd[i] };
  }
}

const references = new WeakMap<TargetDecl, { readonly d: number; readonly r: ReferenceMarginals }>();

/** The target's reference marginals at dimension d, drawn once per (target, d) — the last d only,
 * as they hold 4,000 draws of every coordinate: the marginal plots (again on every change of
 * view) and the N-D panel share them. */
export function referenceMarginals(target: TargetDecl, d: number): ReferenceMarginals {
  const cached = references.get(target);
  if (cached?.d === d) return cached.r;
  const r = new ReferenceMarginals(target, d);
  references.set(target, { d, r });
  return r;
}

/** The reference marginals of the view's two coordinates of `target` at dimension d, over the
 * view's box: grid quadrature in 2-D, else `ReferenceMarginals` (null where nothing is known). */
export function trueMarginals(target: TargetDecl, d: number, view: PlaneView): TrueMarginals | null {
  if (d === 2) return gridMarginals(target);
  const reference = referenceMarginals(target, d);
  const [x0, x1, y0, y1] = view.viewBox;
  const a = reference.curve(view.coords[0], x0, x1, BINS);
  const b = reference.curve(view.coords[1], y0, y1, BINS);
  return a && b ? { curves: [a, b], source: reference.label } : null;
}
