import type { Dimension, TargetDecl } from './types';
import { LOG_2PI } from './gaussian-math';
import wgsl from '../../shaders/targets/gaussian-nd.wgsl?raw';

/** The dimension parameter shared by the N-D targets. */
export const ND_DIMENSION: Dimension = { kind: 'param', default: 10, min: 2, max: 1024 };

export const gaussianNd: TargetDecl = {
  id: 'gaussian-nd',
  name: 'Gaussian (N-D)',
  description: 'Standard normal in d dimensions: how samplers scale with dimension.',
  dimension: ND_DIMENSION,
  wgsl,
  logDensity(x) {
    let s = 0;
    for (let i = 0; i < x.length; i++) s += x[i] * x[i];
    return -0.5 * s;
  },
  gradLogDensity(x, g) {
    let s = 0;
    for (let i = 0; i < x.length; i++) {
      s += x[i] * x[i];
      g[i] = -x[i];
    }
    return -0.5 * s;
  },
  viewBox: [-4, 4, -4, 4],
  initBox: [-4, 4],
  moveScale: { eps: 0.3, sigma: 0.6 },
  exact(rng, out) {
    for (let i = 0; i < out.length; i++) out[i] = rng.normal();
  },
  truth: (d) => ({
    mean: Array<number>(d).fill(0),
    variance: Array<number>(d).fill(1),
    source: 'analytic',
  }),
  logZ: (d) => 0.5 * d * LOG_2PI,
};
