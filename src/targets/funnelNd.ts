import type { TargetDecl } from './types';
import { LOG_2PI } from './gaussian-math';
import { ND_DIMENSION } from './gaussianNd';
import wgsl from '../../shaders/targets/funnel-nd.wgsl?raw';

/** v = x_0 ~ N(0, 9), x_i | v ~ N(0, e^v). */
function funnelNdLog(x: Float64Array, g?: Float64Array): number {
  const v = x[0];
  const e = Math.exp(-v);
  let s = 0;
  for (let i = 1; i < x.length; i++) {
    s += x[i] * x[i];
    if (g) g[i] = -e * x[i];
  }
  const k = x.length - 1;
  if (g) g[0] = -v / 9 - 0.5 * k + 0.5 * s * e;
  return -v * v / 18 - 0.5 * k * v - 0.5 * s * e;
}

export const funnelNd: TargetDecl = {
  id: 'funnel-nd',
  name: "Neal's funnel (N-D)",
  description: 'v ~ N(0, 9) sets the scale e^(v/2) of d − 1 normals: the classic hierarchical trap.',
  dimension: ND_DIMENSION,
  wgsl,
  logDensity: (x) => funnelNdLog(x),
  gradLogDensity: (x, g) => funnelNdLog(x, g),
  // (v, x_1): v horizontal here, unlike the 2-D funnel. The mouth's tail in x_1 is cut.
  viewBox: [-10, 10, -15, 15],
  initBox: [-8, 8],
  moveScale: { eps: 0.1, sigma: 0.3 },
  exact(rng, out) {
    out[0] = 3 * rng.normal();
    const scale = Math.exp(out[0] / 2);
    for (let i = 1; i < out.length; i++) out[i] = scale * rng.normal();
  },
  truth: (d) => ({
    mean: Array<number>(d).fill(0),
    variance: Array.from({ length: d }, (_, i) => (i === 0 ? 9 : Math.exp(4.5))),
    source: 'analytic (var x_i = E e^v = e^4.5)',
  }),
  // The x_i integrals give (2π)^((d-1)/2) e^((d-1)v/2), cancelling that term; then 3√(2π).
  logZ: (d) => 0.5 * d * LOG_2PI + Math.log(3),
};
