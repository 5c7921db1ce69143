import { QUANTILE_LEVELS, type TargetDecl, type TargetTruth } from './types';
import { Z_QUANTILES, invertCdf, normalCdf, simpson } from './gaussian-math';
import wgsl from '../../shaders/targets/funnel.wgsl?raw';

/** P(x ≤ q) of Neal's funnel's x: E_y Φ(q e^(-y/2)), y ~ N(0, 9). */
export function funnelXCdf(q: number): number {
  const f = (y: number) => Math.exp(-y * y / 18) * normalCdf(q * Math.exp(-y / 2));
  return simpson(f, -36, 36, 2400) / (3 * Math.sqrt(2 * Math.PI));
}

let cached: TargetTruth | undefined;
/** Analytic, not the grid fixture: the fixture's box |x| ≤ 60 cuts 0.3 % of the mass (all at
 * large y), which biases its quantiles of y (95 %: 4.85 against 3·1.645 = 4.93) and of x. */
function funnelTruth(): TargetTruth {
  cached ??= {
    mean: [0, 0],
    variance: [Math.exp(4.5), 9],
    cov: [[Math.exp(4.5), 0], [0, 9]],
    quantiles: [
      QUANTILE_LEVELS.map((p) => (p === 0.5 ? 0 : invertCdf(funnelXCdf, p, -200, 200))),
      Z_QUANTILES.map((z) => 3 * z),
    ],
    source: 'analytic (var x = E e^y = e^4.5); quantiles of x by 1-D quadrature',
  };
  return cached;
}

export const funnel: TargetDecl = {
  id: 'funnel',
  name: "Neal's funnel",
  description: 'y ~ N(0, 9), x | y ~ N(0, e^y): scales from a narrow neck to a wide mouth.',
  dimension: { kind: 'fixed', d: 2 },
  wgsl,
  logDensity(x) {
    const y = x[1];
    return -y * y / 18 - 0.5 * y - 0.5 * x[0] * x[0] * Math.exp(-y);
  },
  gradLogDensity(x, g) {
    const y = x[1];
    const e = Math.exp(-y);
    g[0] = -x[0] * e;
    g[1] = -y / 9 - 0.5 + 0.5 * x[0] * x[0] * e;
    return -y * y / 18 - 0.5 * y - 0.5 * x[0] * x[0] * e;
  },
  // Holds about 97 % of the mass: the mouth's tail in x is too wide to show whole.
  viewBox: [-15, 15, -10, 10],
  initBox: [-8, 8],
  moveScale: { eps: 0.2, sigma: 1 },
  exact(rng, out) {
    out[1] = 3 * rng.normal();
    out[0] = Math.exp(out[1] / 2) * rng.normal();
  },
  truth: funnelTruth,
  // ∫ e^(-x² e^(-y)/2) dx = √(2π) e^(y/2) cancels e^(-y/2); ∫ e^(-y²/18) dy = 3√(2π).
  logZ: () => Math.log(6 * Math.PI),
};
