import { flowForward, newTape, type FlowShape } from '../flows/realnvp';

/** A polyline in the plane of two coordinates: [x0, y0, x1, y1, …]. */
export type Polyline = Float64Array;

/** Half-width of the base grid: ±2.5 standard deviations hold most of N(0, I). */
const GRID_HALF_WIDTH = 2.5;

/**
 * The flow's transport of a grid: lines of constant z_a and of constant z_b in the base space
 * (coordinates `coords` = [a, b], the others 0), each pushed point by point through the flow's
 * forward map; returns the pushed lines in coordinates a and b.
 */
export function flowGrid(
  params: Float64Array, shape: FlowShape, coords: readonly [number, number], lines = 9, pointsPerLine = 48,
): Polyline[] {
  const tape = newTape(shape);
  const z = new Float64Array(shape.d);
  const x = new Float64Array(shape.d);
  const at = (k: number, n: number) => -GRID_HALF_WIDTH + (2 * GRID_HALF_WIDTH * k) / (n - 1);
  const out: Polyline[] = [];
  for (const along of [0, 1]) {
    for (let k = 0; k < lines; k++) {
      const line = new Float64Array(2 * pointsPerLine);
      for (let j = 0; j < pointsPerLine; j++) {
        z.fill(0);
        z[coords[along]] = at(j, pointsPerLine);
        z[coords[1 - along]] = at(k, lines);
        flowForward(params, shape, z, x, tape);
        line[2 * j] = x[coords[0]];
        line[2 * j + 1] = x[coords[1]];
      }
      out.push(line);
    }
  }
  return out;
}
