import type { Box, CoordPair } from '../../render/plane-view';

/** The SVG's width in its own units; its height follows the view's aspect. */
export const SVG_WIDTH = 600;

/** Data coordinates of two chosen coordinates → SVG units (y up). */
export interface Plane {
  readonly width: number;
  readonly height: number;
  readonly coords: CoordPair;
  /** SVG x and y of a point of the target's space. */
  x(p: Float64Array): number;
  y(p: Float64Array): number;
  /** "x,y" of a point, for polylines. */
  xy(p: Float64Array): string;
  /** "x,y" of the values a and b of the two coordinates. */
  at(a: number, b: number): string;
}

export function planeOf(box: Box, coords: CoordPair, aspect: number): Plane {
  const [x0, x1, y0, y1] = box;
  const width = SVG_WIDTH;
  const height = Math.round(SVG_WIDTH / Math.min(Math.max(aspect, 0.25), 4));
  const sx = width / (x1 - x0);
  const sy = height / (y1 - y0);
  const plane: Plane = {
    width, height, coords,
    x: (p) => (p[coords[0]] - x0) * sx,
    y: (p) => (y1 - p[coords[1]]) * sy,
    xy: (p) => plane.at(p[coords[0]], p[coords[1]]),
    at: (a, b) => `${((a - x0) * sx).toFixed(2)},${((y1 - b) * sy).toFixed(2)}`,
  };
  return plane;
}
