import type { TargetDecl } from './types';
import { gridTruth } from './truth';
import { bvn, mixtureDraw, mixtureLog, mixtureLogGrad, smoothedMixtureLogGrad } from './gaussian-math';
import bivariateWgsl from '../../shaders/targets/lib_bivariate.wgsl?raw';
import mixtureWgsl from '../../shaders/targets/lib_mixture.wgsl?raw';
import targetWgsl from '../../shaders/targets/eight-modes.wgsl?raw';

const WEIGHTS = Array<number>(8).fill(1 / 8);
const COMPONENTS = WEIGHTS.map((w, k) =>
  bvn([4 * Math.cos((k * Math.PI) / 4), 4 * Math.sin((k * Math.PI) / 4)], [0.09, 0, 0.09], w));

export const eightModes: TargetDecl = {
  id: 'eight-modes',
  name: 'Eight modes',
  description: 'Eight narrow, well separated modes on a circle of radius 4.',
  dimension: { kind: 'fixed', d: 2 },
  wgsl: bivariateWgsl + mixtureWgsl + targetWgsl,
  logDensity: (x) => mixtureLog(COMPONENTS, x[0], x[1]),
  gradLogDensity: (x, g) => mixtureLogGrad(COMPONENTS, x[0], x[1], g),
  viewBox: [-6, 6, -6, 6],
  initBox: [-6, 6],
  moveScale: { eps: 0.1, sigma: 0.3 },
  exact: (rng, out) => mixtureDraw(COMPONENTS, WEIGHTS, rng, out),
  smoothedGradLogDensity: smoothedMixtureLogGrad(COMPONENTS),
  truth: () => gridTruth('eight-modes'),
  logZ: () => 0,
};
