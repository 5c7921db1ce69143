import type { TargetDecl } from './types';
import { gridTruth } from './truth';
import { bvn, bvnDraw, bvnLog, bvnLogGrad } from './gaussian-math';
import bivariateWgsl from '../../shaders/targets/lib_bivariate.wgsl?raw';
import targetWgsl from '../../shaders/targets/correlated.wgsl?raw';

const N = bvn([0, 0], [1, 0.95, 1]);

export const correlated: TargetDecl = {
  id: 'correlated',
  name: 'Correlated Gaussian',
  description: 'Bivariate normal with correlation 0.95: a narrow diagonal ridge.',
  dimension: { kind: 'fixed', d: 2 },
  wgsl: bivariateWgsl + targetWgsl,
  logDensity: (x) => bvnLog(N, x[0], x[1]),
  gradLogDensity: (x, g) => bvnLogGrad(N, x[0], x[1], g),
  viewBox: [-4, 4, -4, 4],
  initBox: [-4, 4],
  moveScale: { eps: 0.1, sigma: 0.3 },
  exact: (rng, out) => bvnDraw(N, rng, out),
  truth: () => gridTruth('correlated'),
  // Normalised.
  logZ: () => 0,
};
