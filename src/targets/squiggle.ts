import type { TargetDecl } from './types';
import { gridTruth } from './truth';
import { bvn, bvnDraw, bvnLog, bvnLogGrad } from './gaussian-math';
import bivariateWgsl from '../../shaders/targets/lib_bivariate.wgsl?raw';
import targetWgsl from '../../shaders/targets/squiggle.wgsl?raw';

const N = bvn([0, 0], [2, 0.25, 0.5]);
const gz = new Float64Array(2);

export const squiggle: TargetDecl = {
  id: 'squiggle',
  name: 'Squiggle',
  description: 'A Gaussian bent along y = −sin 5x: a wiggly ridge.',
  dimension: { kind: 'fixed', d: 2 },
  wgsl: bivariateWgsl + targetWgsl,
  logDensity: (x) => bvnLog(N, x[0], x[1] + Math.sin(5 * x[0])),
  gradLogDensity(x, g) {
    const lp = bvnLogGrad(N, x[0], x[1] + Math.sin(5 * x[0]), gz);
    g[0] = gz[0] + 5 * Math.cos(5 * x[0]) * gz[1];
    g[1] = gz[1];
    return lp;
  },
  viewBox: [-5, 5, -4, 4],
  initBox: [-5, 5],
  moveScale: { eps: 0.1, sigma: 0.5 },
  exact(rng, out) {
    bvnDraw(N, rng, out);
    out[1] -= Math.sin(5 * out[0]);
  },
  truth: () => gridTruth('squiggle'),
  // (u, v) -> (u, v - sin 5u) has Jacobian 1, and N is normalised.
  logZ: () => 0,
};
