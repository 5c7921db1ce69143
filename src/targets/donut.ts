import type { TargetDecl } from './types';
import { gridTruth } from './truth';
import wgsl from '../../shaders/targets/donut.wgsl?raw';

const R0 = 2.6;
const W = 0.033;
/** Radial sd: -(r - R0)²/W = -(r - R0)²/(2 S²). */
const S = Math.sqrt(W / 2);

export const donut: TargetDecl = {
  id: 'donut',
  name: 'Donut',
  description: 'A thin ring of radius 2.6: curvature that no single step size fits.',
  dimension: { kind: 'fixed', d: 2 },
  wgsl,
  logDensity(x) {
    const r = Math.hypot(x[0], x[1]);
    return -(r - R0) * (r - R0) / W;
  },
  gradLogDensity(x, g) {
    const r = Math.hypot(x[0], x[1]);
    // At r = 0 the direction is undefined: 0, as in the WGSL.
    const s = r > 0 ? (-2 * (r - R0)) / (W * r) : 0;
    g[0] = s * x[0];
    g[1] = s * x[1];
    return -(r - R0) * (r - R0) / W;
  },
  viewBox: [-4, 4, -4, 4],
  initBox: [-4, 4],
  moveScale: { eps: 0.05, sigma: 0.15 },
  /**
   * Exact, by rejection on the radius. Its density f(r) ∝ r φ((r - R0)/S) on r > 0 is bounded by
   * (R0 + |r - R0|) φ((r - R0)/S): a mixture of N(R0, S²) (weight R0) and R0 ± S·Rayleigh
   * (weight S √(2/π)). Draw from that, accept with r / (R0 + |r - R0|); the angle is uniform.
   */
  exact(rng, out) {
    const pNormal = R0 / (R0 + S * Math.sqrt(2 / Math.PI));
    for (;;) {
      let r: number;
      if (rng.uniform() < pNormal) r = R0 + S * rng.normal();
      else {
        const sign = rng.uniform() < 0.5 ? -1 : 1;
        r = R0 + sign * S * Math.sqrt(-2 * Math.log(rng.uniform()));
      }
      if (r > 0 && rng.uniform() * (R0 + Math.abs(r - R0)) < r) {
        const t = 2 * Math.PI * rng.uniform();
        out[0] = r * Math.cos(t);
        out[1] = r * Math.sin(t);
        return;
      }
    }
  },
  truth: () => gridTruth('donut'),
  // ∫ 2π r e^(-(r - R0)²/W) dr over r > 0 = 2π R0 √(πW) (the part at r < 0 is below e^-200).
  logZ: () => Math.log(2 * Math.PI * R0 * Math.sqrt(Math.PI * W)),
};
