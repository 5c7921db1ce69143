import type { TargetDecl } from './types';
import { LOG_2PI } from './gaussian-math';
import { ND_DIMENSION } from './gaussianNd';
import wgsl from '../../shaders/targets/correlated-nd.wgsl?raw';

const RHO = 0.9;
const PREC = 1 / (1 - RHO * RHO);

/** AR(1) factorisation of the tridiagonal precision of Σ_ij = ρ^|i-j|:
 * x_0 ~ N(0, 1), x_i | x_{i-1} ~ N(ρ x_{i-1}, 1 - ρ²). */
function arLogDensity(x: Float64Array, g?: Float64Array): number {
  let s = x[0] * x[0];
  if (g) g[0] = -x[0];
  for (let i = 1; i < x.length; i++) {
    const e = x[i] - RHO * x[i - 1];
    s += PREC * e * e;
    if (g) {
      g[i] = -PREC * e;
      g[i - 1] += RHO * PREC * e;
    }
  }
  return -0.5 * s;
}

export const correlatedNd: TargetDecl = {
  id: 'correlated-nd',
  name: 'Correlated Gaussian (N-D)',
  description: 'AR(1) Gaussian, Σ_ij = 0.9^|i−j|: neighbours strongly correlated.',
  dimension: ND_DIMENSION,
  wgsl,
  logDensity: (x) => arLogDensity(x),
  gradLogDensity: (x, g) => arLogDensity(x, g),
  viewBox: [-4, 4, -4, 4],
  initBox: [-4, 4],
  moveScale: { eps: 0.1, sigma: 0.2 },
  exact(rng, out) {
    out[0] = rng.normal();
    const innovation = Math.sqrt(1 - RHO * RHO);
    for (let i = 1; i < out.length; i++) out[i] = RHO * out[i - 1] + innovation * rng.normal();
  },
  truth: (d) => ({
    mean: Array<number>(d).fill(0),
    variance: Array<number>(d).fill(1),
    source: 'analytic (Σ_ij = 0.9^|i−j|)',
  }),
  // log det Σ = (d - 1) log(1 - ρ²).
  logZ: (d) => 0.5 * d * LOG_2PI + 0.5 * (d - 1) * Math.log(1 - RHO * RHO),
};
