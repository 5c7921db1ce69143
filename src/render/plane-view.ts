import type { TargetDecl } from '../targets/types';

export type Box = readonly [number, number, number, number];
export type CoordPair = readonly [number, number];

/** Half-width of a derived range, in true standard deviations. */
const RANGE_SDS = 4;

/** The plane the particle view shows: two coordinates, the box over them, and where the density
 * image slices through the other coordinates. */
export interface PlaneView {
  readonly coords: CoordPair;
  /** [xmin, xmax, ymin, ymax] of coords[0] and coords[1]. */
  readonly viewBox: Box;
  /** Width / height of the canvas: equal units in the target's own view of coordinates 0 and 1;
   * square for other pairs, whose ranges may differ a hundredfold (ill-conditioned targets). */
  readonly aspect: number;
  /** The point the density slice passes through (its coords[0] and coords[1] are ignored). */
  readonly through: Float64Array;
  /** What `through` is, for the axis caption ('' in 2-D, where there is nothing to slice). */
  readonly sliceNote: string;
}

/** The pair to show at dimension d: `view` where both are distinct coordinates of this d, else
 * the first two (the view outlives a shrinking d). */
export function validView(view: CoordPair, d: number): CoordPair {
  const [i, j] = view;
  const ok = (k: number) => Number.isInteger(k) && k >= 0 && k < d;
  return ok(i) && ok(j) && i !== j ? view : [0, 1];
}

/** [lo, hi] shown of coordinate i: coordinates 0 and 1 keep the target's view box; the others
 * span the truth's mean ± 4 sd where that is known, else the box's vertical range. */
export function coordRange(target: TargetDecl, d: number, i: number): readonly [number, number] {
  const [x0, x1, y0, y1] = target.viewBox;
  if (i === 0) return [x0, x1];
  if (i === 1) return [y0, y1];
  const { mean, variance } = target.truth(d);
  const m = mean[i];
  const sd = Math.sqrt(variance[i]);
  return Number.isFinite(m) && Number.isFinite(sd) && sd > 0 ? [m - RANGE_SDS * sd, m + RANGE_SDS * sd] : [y0, y1];
}

/** The plane of coordinates `coords` of `target` at dimension d. */
export function viewOf(target: TargetDecl, d: number, coords: CoordPair): PlaneView {
  const [i, j] = validView(coords, d);
  const mean = target.truth(d).mean;
  const known = d > 2 && mean.every(Number.isFinite);
  const through = new Float64Array(d);
  if (known) through.set(mean);
  const viewBox: Box = [...coordRange(target, d, i), ...coordRange(target, d, j)];
  return {
    coords: [i, j],
    viewBox,
    aspect: i === 0 && j === 1 ? (viewBox[1] - viewBox[0]) / (viewBox[3] - viewBox[2]) : 1,
    through,
    sliceNote: d <= 2 ? '' : `density sliced through the ${known ? 'true mean' : 'origin'} in the other ${d - 2} coordinates`,
  };
}
