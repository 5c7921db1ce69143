import type { TargetDecl } from './types';
import { LOG_2PI } from './gaussian-math';
import { ND_DIMENSION } from './gaussianNd';
import wgsl from '../../shaders/targets/mixture-nd.wgsl?raw';

/** Each coordinate of μ: |μ| = 3 whatever d. */
const muOf = (d: number) => 3 / Math.sqrt(d);

/** ½ N(+μ, vI) + ½ N(-μ, vI) up to the dropped (2π)^(-d/2) (v = 1: the target; v = 1 + s²: the
 * target convolved with N(0, s²I)) = v^(-d/2) e^(-|x|²/2v - |μ|²/2v) cosh(μ·x/v), with log cosh t
 * computed as |t| + log1p(e^(-2|t|)) - log 2 (the two-term log-sum-exp, without overflow). */
function mixtureNdLog(x: Float64Array, g?: Float64Array, v = 1): number {
  const mu = muOf(x.length);
  let s = 0;
  let sx = 0;
  for (let i = 0; i < x.length; i++) {
    s += x[i] * x[i];
    sx += x[i];
  }
  const t = (mu * sx) / v;
  const e = Math.exp(-2 * Math.abs(t));
  if (g) {
    const th = (Math.sign(t) * (1 - e)) / (1 + e);
    for (let i = 0; i < x.length; i++) g[i] = (-x[i] + th * mu) / v;
  }
  // v = 1 leaves every term exactly as in the unsmoothed density (log 1 = 0, division by 1).
  return (-0.5 * s - 4.5) / v + Math.abs(t) + Math.log1p(e) - Math.LN2 - 0.5 * x.length * Math.log(v);
}

export const mixtureNd: TargetDecl = {
  id: 'mixture-nd',
  name: 'Two-mode mixture (N-D)',
  description: '½ N(+μ, I) + ½ N(−μ, I) with |μ| = 3: two modes 6 apart along the diagonal.',
  dimension: ND_DIMENSION,
  wgsl,
  logDensity: (x) => mixtureNdLog(x),
  gradLogDensity: (x, g) => mixtureNdLog(x, g),
  viewBox: [-4, 4, -4, 4],
  initBox: [-4, 4],
  moveScale: { eps: 0.3, sigma: 0.5 },
  exact(rng, out) {
    const m = (rng.uniform() < 0.5 ? 1 : -1) * muOf(out.length);
    for (let i = 0; i < out.length; i++) out[i] = m + rng.normal();
  },
  smoothedGradLogDensity: (x, s2, g) => mixtureNdLog(x, g, 1 + s2),
  truth: (d) => {
    const mu = muOf(d);
    return {
      mean: Array<number>(d).fill(0),
      variance: Array<number>(d).fill(1 + mu * mu),
      modes: { centers: [Array<number>(d).fill(mu), Array<number>(d).fill(-mu)], mass: [0.5, 0.5] },
      source: 'analytic (the two halves are mirror images)',
    };
  },
  // Normalised apart from the dropped (2π)^(-d/2).
  logZ: (d) => 0.5 * d * LOG_2PI,
};
