import type { TargetDecl } from './types';
import { gridTruth } from './truth';
import wgsl from '../../shaders/targets/two-moons.wgsl?raw';

/** Writes ∇ into g when given; returns log p. */
function twoMoonsLog(x: Float64Array, g?: Float64Array): number {
  const r = Math.hypot(x[0], x[1]);
  const ring = (r - 2) / 0.2;
  const up = (x[0] - 2) / 0.6;
  const um = (x[0] + 2) / 0.6;
  const lp = -0.5 * up * up;
  const lm = -0.5 * um * um;
  const m = Math.max(lp, lm);
  const lse = m + Math.log(Math.exp(lp - m) + Math.exp(lm - m));
  if (g) {
    const wp = Math.exp(lp - lse);
    // Ring term's gradient is 0 at r = 0, as in the WGSL.
    const s = r > 0 ? -ring / (0.2 * r) : 0;
    g[0] = s * x[0] - (wp * up + (1 - wp) * um) / 0.6;
    g[1] = s * x[1];
  }
  return -0.5 * ring * ring + lse;
}

export const twoMoons: TargetDecl = {
  id: 'two-moons',
  name: 'Two moons',
  description: 'A ring of radius 2 weighted toward x = ±2: two crescents joined by thin bridges.',
  dimension: { kind: 'fixed', d: 2 },
  wgsl,
  logDensity: (x) => twoMoonsLog(x),
  gradLogDensity: (x, g) => twoMoonsLog(x, g),
  viewBox: [-3, 3, -3, 3],
  initBox: [-3, 3],
  moveScale: { eps: 0.05, sigma: 0.2 },
  truth: () => gridTruth('two-moons'),
};
