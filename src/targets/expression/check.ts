import { dimensionOf, type TargetDecl } from '../types';
import { HostRandom } from '../../rng/host-random';
import { gridPoints } from './grid';

export interface ExpressionCheck {
  /** The target cannot run. */
  readonly errors: string[];
  /** It runs, but samplers will meet trouble or the density may be improper. */
  readonly warnings: string[];
}

/** Grid over the 2-D view box, border included. */
const GRID = 64;
/** Seeded uniform points in the N-D init box. */
const POINTS_ND = 256;
/** Density on the view box's border, relative to the grid's maximum, above which the box does
 * not contain the density. A standard normal in [-4, 4]² has e^-8 ≈ 3e-4 there. */
const BORDER_RATIO = 1e-3;

/**
 * Checks a (user-written) target before it runs: log p must be finite at the view box's centre;
 * NaN or +∞ on a coarse scan (the 2-D view box, or points of the N-D init box) and signs of an
 * improper density (2-D: no decay towards the box's border; N-D: a coordinate log p ignores)
 * are warnings.
 */
export function checkExpression(target: TargetDecl): ExpressionCheck {
  const d = dimensionOf(target);
  const [x0, x1, y0, y1] = target.viewBox;
  const centre = new Float64Array(d);
  centre[0] = (x0 + x1) / 2;
  centre[1] = (y0 + y1) / 2;
  const atCentre = target.logDensity(centre);
  const errors = Number.isFinite(atCentre) ? [] : [`log p is ${show(atCentre)} at the centre ${point(centre)}`];

  const points = d === 2 ? gridPoints(target.viewBox, GRID, true) : initPoints(target.initBox, d);
  const lp = points.map((p) => target.logDensity(p));
  const warnings = [
    ...nonFinite(points, lp, Number.isNaN, 'samplers reject such points, as if p were 0 there'),
    ...nonFinite(points, lp, (v) => v === Infinity, 'p is unbounded there; samplers reject such points'),
    ...(d === 2 ? borderMass(points, lp) : flatCoordinates(target, points)),
  ];
  return { errors, warnings };
}

function initPoints([lo, hi]: readonly [number, number], d: number): Float64Array[] {
  const rng = new HostRandom(1, 0, 'init');
  return Array.from({ length: POINTS_ND }, () => Float64Array.from({ length: d }, () => lo + (hi - lo) * rng.uniform()));
}

function nonFinite(points: Float64Array[], lp: number[], bad: (v: number) => boolean, why: string): string[] {
  const hits = lp.flatMap((v, k) => (bad(v) ? [k] : []));
  if (hits.length === 0) return [];
  const [k] = hits;
  return [`log p is ${show(lp[k])} at ${point(points[k])} (${hits.length} of the ${points.length} points checked): ${why}`];
}

/** The grid's border against its maximum: a density that has not decayed there is not contained
 * in the view box, or not integrable at all (e.g. log p = −x²/2 is flat in y). */
function borderMass(points: Float64Array[], lp: number[]): string[] {
  const max = Math.max(...lp.filter(Number.isFinite));
  if (!Number.isFinite(max)) return [];
  let worst = -1;
  lp.forEach((v, k) => {
    const i = Math.floor(k / GRID);
    const j = k % GRID;
    const border = i === 0 || j === 0 || i === GRID - 1 || j === GRID - 1;
    if (border && Number.isFinite(v) && (worst < 0 || v > lp[worst])) worst = k;
  });
  const ratio = worst < 0 ? 0 : Math.exp(lp[worst] - max);
  if (ratio <= BORDER_RATIO) return [];
  const share = Number(ratio.toPrecision(2));
  return [`p has not decayed at the view box's border (at ${point(points[worst])} it is ${share} of its maximum in the box): it may not be integrable (no decay in some direction), or reach beyond the box`];
}

/** Coordinates along which log p never changes at the points (an improper density). */
function flatCoordinates(target: TargetDecl, points: Float64Array[]): string[] {
  const d = points[0].length;
  const moves = new Uint8Array(d);
  const g = new Float64Array(d);
  for (const p of points) {
    target.gradLogDensity(p, g);
    for (let k = 0; k < d; k++) if (g[k] !== 0) moves[k] = 1;
  }
  const flat = Array.from({ length: d }, (_, k) => k).filter((k) => !moves[k]);
  if (flat.length === 0) return [];
  const names = flat.map((k) => `x[${k + 1}]`).join(', ');
  return [`log p does not change along ${names} at any of the ${points.length} points checked: p is flat there and cannot be normalised`];
}

function show(v: number): string {
  return Number.isNaN(v) ? 'NaN' : v > 0 ? '+∞' : '−∞';
}

/** A point for messages: 3 significant digits, the first 6 coordinates. */
function point(x: Float64Array): string {
  const shown = Array.from(x.subarray(0, 6), (v) => String(Number(v.toPrecision(3))));
  return `(${shown.join(', ')}${x.length > 6 ? ', …' : ''})`;
}
