import type { TargetDecl } from '../targets/types';
import { colormap } from './palette';
import type { PlaneView } from './plane-view';

/** A colour-mapped image of the target's density over its view box (row 0 = top = ymax). */
export interface DensityImage {
  readonly width: number;
  readonly height: number;
  readonly rgba: Uint8ClampedArray<ArrayBuffer>;
}

/**
 * Evaluates the TypeScript log-density on a grid over the view's box of its two coordinates (for
 * d > 2 the slice through `view.through` in the others) and colours sqrt(p / max p): the square
 * root shows the tails a little better than p itself, while the mass still reads as the darkest
 * region.
 */
export function densityImage(target: TargetDecl, view: PlaneView, size = 256): DensityImage {
  const [x0, x1, y0, y1] = view.viewBox;
  const [cx, cy] = view.coords;
  const logp = new Float64Array(size * size);
  const x = Float64Array.from(view.through);
  let max = -Infinity;
  for (let j = 0; j < size; j++) {
    x[cy] = y1 - ((j + 0.5) / size) * (y1 - y0);
    for (let i = 0; i < size; i++) {
      x[cx] = x0 + ((i + 0.5) / size) * (x1 - x0);
      const lp = target.logDensity(x);
      const v = Number.isFinite(lp) ? lp : -Infinity;
      logp[j * size + i] = v;
      if (v > max) max = v;
    }
  }
  const rgba = new Uint8ClampedArray(size * size * 4);
  for (let k = 0; k < logp.length; k++) {
    colormap(Number.isFinite(max) ? Math.exp(0.5 * (logp[k] - max)) : 0, rgba, 4 * k);
    rgba[4 * k + 3] = 255;
  }
  return { width: size, height: size, rgba };
}
