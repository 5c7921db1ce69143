import { QUANTILE_LEVELS, type TargetDecl, type TargetTruth } from './types';
import { Z_QUANTILES, invertCdf, normalCdf, simpson } from './gaussian-math';
import wgsl from '../../shaders/targets/rosenbrock.wgsl?raw';

/** P(y ≤ q): E_x Φ((q - x²)/√0.1), x ~ N(1, 10). Steps of 0.004 resolve Φ's transition in x,
 * about √0.1/(2|x|) wide. */
export function rosenbrockYCdf(q: number): number {
  const sx = Math.sqrt(10);
  const f = (x: number) => Math.exp(-((x - 1) * (x - 1)) / 20) * normalCdf((q - x * x) / Math.sqrt(0.1));
  return simpson(f, 1 - 9 * sx, 1 + 9 * sx, 14_000) / (sx * Math.sqrt(2 * Math.PI));
}

let cached: TargetTruth | undefined;
/**
 * Analytic: x ~ N(1, 10), y = x² + N(0, 0.1), so E y = 11, var y = 4·1·10 + 2·10² + 0.1,
 * cov(x, y) = 2·1·10. Not the grid fixture: its box (y ≤ 60) cuts 1.9 % of the mass and with it
 * a third of var y.
 */
function rosenbrockTruth(): TargetTruth {
  cached ??= {
    mean: [1, 11],
    variance: [10, 240.1],
    cov: [[10, 20], [20, 240.1]],
    quantiles: [
      Z_QUANTILES.map((z) => 1 + Math.sqrt(10) * z),
      QUANTILE_LEVELS.map((p) => invertCdf(rosenbrockYCdf, p, -5, 200)),
    ],
    source: 'analytic (x ~ N(1, 10), y | x ~ N(x², 0.1)); quantiles of y by 1-D quadrature',
  };
  return cached;
}

export const rosenbrock: TargetDecl = {
  id: 'rosenbrock',
  name: 'Rosenbrock',
  description: 'A long, thin parabolic valley with a long tail in y.',
  dimension: { kind: 'fixed', d: 2 },
  wgsl,
  logDensity(x) {
    const r = x[1] - x[0] * x[0];
    return -((1 - x[0]) * (1 - x[0]) + 100 * r * r) / 20;
  },
  gradLogDensity(x, g) {
    const r = x[1] - x[0] * x[0];
    g[0] = 0.1 * (1 - x[0]) + 20 * x[0] * r;
    g[1] = -10 * r;
    return -((1 - x[0]) * (1 - x[0]) + 100 * r * r) / 20;
  },
  // Holds about 99 % of the mass (y > 80 needs |x| > 8.9).
  viewBox: [-10, 12, -5, 80],
  initBox: [-10, 10],
  moveScale: { eps: 0.05, sigma: 0.3 },
  truth: rosenbrockTruth,
  // ∫ e^(-5 (y - x²)²) dy = √(π/5), ∫ e^(-(1 - x)²/20) dx = √(20π): product 2π.
  logZ: () => Math.log(2 * Math.PI),
};
