import { HostRandom } from '../rng/host-random';
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

/** What the chains' histograms are compared with, for coordinates 0 and 1. */
export interface TrueMarginals {
  readonly curves: readonly [Curve, Curve];
  readonly source: string;
}

export const BINS = 60;
const GRID = 400;
const EXACT_DRAWS = 20_000;

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

/** N-D with an exact sampler: histograms of EXACT_DRAWS independent draws (fixed seed). */
function exactMarginals(target: TargetDecl, d: number): TrueMarginals {
  const [x0, x1, y0, y1] = target.viewBox;
  const draw = new Float64Array(d);
  const a = new Float64Array(EXACT_DRAWS);
  const b = new Float64Array(EXACT_DRAWS);
  for (let k = 0; k < EXACT_DRAWS; k++) {
    target.exact!(new HostRandom(0, k, 'exact'), draw);
    a[k] = draw[0];
    b[k] = draw[1];
  }
  return {
    curves: [histogram(a, x0, x1), histogram(b, y0, y1)],
    source: `${EXACT_DRAWS.toLocaleString('en-US')} exact draws`,
  };
}

/** N-D without one: the normal with the true mean and variance of each coordinate. */
function normalMarginals(target: TargetDecl, d: number): TrueMarginals {
  const { mean, variance } = target.truth(d);
  const [x0, x1, y0, y1] = target.viewBox;
  const curve = (i: number, lo: number, hi: number) => {
    const xs = cellCentres(lo, hi, GRID);
    const ys = xs.map((x) => Math.exp(-((x - mean[i]) ** 2) / (2 * variance[i])));
    return normalised(xs, ys, (hi - lo) / GRID);
  };
  return {
    curves: [curve(0, x0, x1), curve(1, y0, y1)],
    source: 'normal with the true mean and variance (approximation)',
  };
}

/** The reference marginals of coordinates 0 and 1 of `target` at dimension d. */
export function trueMarginals(target: TargetDecl, d: number): TrueMarginals {
  if (d === 2) return gridMarginals(target);
  return target.exact ? exactMarginals(target, d) : normalMarginals(target, d);
}
