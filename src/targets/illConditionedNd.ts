import type { TargetDecl } from './types';
import { LOG_2PI } from './gaussian-math';
import { ND_DIMENSION } from './gaussianNd';
import wgsl from '../../shaders/targets/ill-conditioned-nd.wgsl?raw';

/** s_i = 10^(-1 + 2i/(d - 1)), i = 0..d-1: from 0.1 to 10. */
export function illScale(i: number, d: number): number {
  return 10 ** (-1 + (2 * i) / (d - 1));
}

let precision = new Float64Array(0);
/** 1/s_i² for dimension d, cached (the CPU engine calls this in its hot loop). */
function precisionOf(d: number): Float64Array {
  if (precision.length !== d) {
    precision = new Float64Array(d);
    for (let i = 0; i < d; i++) precision[i] = illScale(i, d) ** -2;
  }
  return precision;
}

export const illConditionedNd: TargetDecl = {
  id: 'ill-conditioned-nd',
  name: 'Ill-conditioned Gaussian (N-D)',
  description: 'Independent normals with scales from 0.1 to 10 (condition number 10⁴).',
  dimension: ND_DIMENSION,
  wgsl,
  logDensity(x) {
    const p = precisionOf(x.length);
    let s = 0;
    for (let i = 0; i < x.length; i++) s += p[i] * x[i] * x[i];
    return -0.5 * s;
  },
  gradLogDensity(x, g) {
    const p = precisionOf(x.length);
    let s = 0;
    for (let i = 0; i < x.length; i++) {
      s += p[i] * x[i] * x[i];
      g[i] = -p[i] * x[i];
    }
    return -0.5 * s;
  },
  // Coordinates 0 and 1 at the default d = 10 (s = 0.1, 0.17); they narrow or widen with d.
  viewBox: [-0.5, 0.5, -0.75, 0.75],
  // ±1 sd of the widest coordinate: over-dispersed for all the others.
  initBox: [-10, 10],
  moveScale: { eps: 0.05, sigma: 0.05 },
  exact(rng, out) {
    for (let i = 0; i < out.length; i++) out[i] = illScale(i, out.length) * rng.normal();
  },
  truth: (d) => ({
    mean: Array<number>(d).fill(0),
    variance: Array.from({ length: d }, (_, i) => illScale(i, d) ** 2),
    source: 'analytic',
  }),
  // The target is its own prior (the likelihood is flat): elliptical slice then draws exactly.
  gaussianPriorStd: illScale,
  // Plus Σ log s_i, which is 0: the log-scales are symmetric about 0.
  logZ: (d) => 0.5 * d * LOG_2PI,
};
