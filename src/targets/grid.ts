import type { TargetDecl } from './types';

/** The centres of n equal cells over [lo, hi]. */
export const cellCentres = (lo: number, hi: number, n: number): number[] =>
  Array.from({ length: n }, (_, i) => lo + ((i + 0.5) / n) * (hi - lo));

/** log p of a 2-D target at the cell centres of an n × n grid over `box` ([x0, x1, y0, y1]),
 * [j · n + i] with i along x; −∞ where log p is not finite (no mass there). */
export function logDensityGrid(target: TargetDecl, box: readonly number[], n: number): Float64Array {
  const xs = cellCentres(box[0], box[1], n);
  const ys = cellCentres(box[2], box[3], n);
  const lp = new Float64Array(n * n);
  const p = new Float64Array(2);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      p[0] = xs[i];
      p[1] = ys[j];
      const v = target.logDensity(p);
      lp[j * n + i] = Number.isFinite(v) ? v : -Infinity;
    }
  }
  return lp;
}
