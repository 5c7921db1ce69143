/** Colours shared by the WebGPU and Canvas 2D renderers, so both paths look the same. */

/** Stops of the density colour map, low to high: near-white through blue to navy (light theme). */
const STOPS: readonly (readonly [number, number, number])[] = [
  [248, 250, 252],
  [214, 230, 244],
  [142, 190, 226],
  [66, 136, 196],
  [24, 78, 146],
  [12, 40, 92],
];

/** Colour of t ∈ [0, 1] by linear interpolation between the stops; writes RGB into out[at..]. */
export function colormap(t: number, out: Uint8ClampedArray, at: number): void {
  const s = Math.min(Math.max(t, 0), 1) * (STOPS.length - 1);
  const i = Math.min(Math.floor(s), STOPS.length - 2);
  const f = s - i;
  for (let k = 0; k < 3; k++) out[at + k] = STOPS[i][k] + f * (STOPS[i + 1][k] - STOPS[i][k]);
}

/** Particles: orange dots, which stand out against every shade of the blue map. */
export const PARTICLE_RGB = [240, 110, 40] as const;
export const PARTICLE_RADIUS_CSS_PX = 2.2;

/** Fewer, more opaque dots when there are few chains; faint dots for a cloud of millions. */
export function particleAlpha(drawn: number): number {
  return Math.min(0.85, Math.max(0.06, 0.85 * Math.sqrt(2048 / Math.max(drawn, 1))));
}
