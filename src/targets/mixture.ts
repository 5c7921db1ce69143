import type { TargetDecl } from './types';
import { gridTruth } from './truth';
import { bvn, mixtureDraw, mixtureLog, mixtureLogGrad, smoothedMixtureLogGrad } from './gaussian-math';
import bivariateWgsl from '../../shaders/targets/lib_bivariate.wgsl?raw';
import mixtureWgsl from '../../shaders/targets/lib_mixture.wgsl?raw';
import targetWgsl from '../../shaders/targets/mixture.wgsl?raw';

const WEIGHTS = [0.5, 0.3, 0.2];
const COMPONENTS = [
  bvn([-2, -1.5], [0.6, 0.3, 0.6], WEIGHTS[0]),
  bvn([2, 2], [0.4, 0, 0.4], WEIGHTS[1]),
  bvn([2.5, -2], [0.3, -0.2, 0.5], WEIGHTS[2]),
];

export const mixture: TargetDecl = {
  id: 'mixture',
  name: 'Gaussian mixture',
  description: 'Three unequal, differently shaped Gaussian modes (masses .5, .3, .2).',
  dimension: { kind: 'fixed', d: 2 },
  wgsl: bivariateWgsl + mixtureWgsl + targetWgsl,
  logDensity: (x) => mixtureLog(COMPONENTS, x[0], x[1]),
  gradLogDensity: (x, g) => mixtureLogGrad(COMPONENTS, x[0], x[1], g),
  viewBox: [-5, 5, -5, 5],
  initBox: [-5, 5],
  moveScale: { eps: 0.2, sigma: 0.8 },
  exact: (rng, out) => mixtureDraw(COMPONENTS, WEIGHTS, rng, out),
  smoothedGradLogDensity: smoothedMixtureLogGrad(COMPONENTS),
  truth: () => gridTruth('mixture'),
  // Normalised components, weights summing to 1.
  logZ: () => 0,
};
