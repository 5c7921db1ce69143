import type { TargetDecl } from './types';
import { gridTruth } from './truth';
import wgsl from '../../shaders/targets/banana.wgsl?raw';

/** log p and ∇ of the banana in its first two coordinates (shared with banana-nd). */
export function bananaLogGrad(a: number, b: number, g: Float64Array): number {
  const r = b - 0.25 * (a * a - 4);
  g[0] = -0.25 * a + 0.5 * a * r;
  g[1] = -r;
  return -0.125 * a * a - 0.5 * r * r;
}

export function bananaLog(a: number, b: number): number {
  const r = b - 0.25 * (a * a - 4);
  return -0.125 * a * a - 0.5 * r * r;
}

export const banana: TargetDecl = {
  id: 'banana',
  name: 'Banana',
  description: 'x ~ N(0, 4), y | x ~ N((x² − 4)/4, 1): a curved ridge.',
  dimension: { kind: 'fixed', d: 2 },
  wgsl,
  logDensity: (x) => bananaLog(x[0], x[1]),
  gradLogDensity: (x, g) => bananaLogGrad(x[0], x[1], g),
  viewBox: [-7, 7, -4, 10],
  initBox: [-6, 6],
  moveScale: { eps: 0.2, sigma: 1 },
  exact(rng, out) {
    out[0] = 2 * rng.normal();
    out[1] = 0.25 * (out[0] * out[0] - 4) + rng.normal();
  },
  truth: () => gridTruth('banana'),
  // ∫ e^(-x²/8) dx · ∫ e^(-r²/2) dr = √(8π) · √(2π).
  logZ: () => Math.log(4 * Math.PI),
};
