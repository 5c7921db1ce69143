import type { TargetDecl } from './types';
import { gridTruth } from './truth';
import wgsl from '../../shaders/targets/gaussian.wgsl?raw';

export const gaussian: TargetDecl = {
  id: 'gaussian',
  name: 'Gaussian',
  description: 'Standard bivariate normal: the easy baseline.',
  dimension: { kind: 'fixed', d: 2 },
  wgsl,
  logDensity: (x) => -0.5 * (x[0] * x[0] + x[1] * x[1]),
  gradLogDensity(x, g) {
    g[0] = -x[0];
    g[1] = -x[1];
    return -0.5 * (x[0] * x[0] + x[1] * x[1]);
  },
  viewBox: [-4, 4, -4, 4],
  initBox: [-4, 4],
  moveScale: { eps: 0.3, sigma: 1 },
  exact(rng, out) {
    out[0] = rng.normal();
    out[1] = rng.normal();
  },
  truth: () => gridTruth('gaussian'),
  logZ: () => Math.log(2 * Math.PI),
};
