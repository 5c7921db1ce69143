import type { TargetDecl } from './types';
import { LOG_2PI } from './gaussian-math';
import { ND_DIMENSION } from './gaussianNd';
import { banana, bananaLog, bananaLogGrad } from './banana';
import wgsl from '../../shaders/targets/banana-nd.wgsl?raw';

export const bananaNd: TargetDecl = {
  id: 'banana-nd',
  name: 'Banana (N-D)',
  description: 'The banana in coordinates 0 and 1, independent standard normals in the rest.',
  dimension: ND_DIMENSION,
  wgsl,
  logDensity(x) {
    let s = 0;
    for (let i = 2; i < x.length; i++) s += x[i] * x[i];
    return bananaLog(x[0], x[1]) - 0.5 * s;
  },
  gradLogDensity(x, g) {
    let s = 0;
    for (let i = 2; i < x.length; i++) {
      s += x[i] * x[i];
      g[i] = -x[i];
    }
    return bananaLogGrad(x[0], x[1], g) - 0.5 * s;
  },
  viewBox: banana.viewBox,
  initBox: banana.initBox,
  moveScale: { eps: 0.2, sigma: 0.5 },
  exact(rng, out) {
    out[0] = 2 * rng.normal();
    out[1] = 0.25 * (out[0] * out[0] - 4) + rng.normal();
    for (let i = 2; i < out.length; i++) out[i] = rng.normal();
  },
  truth: (d) => ({
    mean: Array<number>(d).fill(0),
    variance: Array.from({ length: d }, (_, i) => (i === 0 ? 4 : i === 1 ? 3 : 1)),
    source: 'analytic (var x_1 = var((x_0² − 4)/4) + 1 = 2 + 1)',
  }),
  logZ: (d) => 0.5 * d * LOG_2PI + Math.log(2),
};
