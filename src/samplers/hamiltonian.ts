import type { TargetDecl } from '../targets/types';

/** Hamiltonian pieces shared by HMC, NUTS and kinetic Langevin: the TypeScript side of
 * shaders/samplers/lib_hamiltonian.wgsl. M = diag(1 / invMass). */

export const MAX_ENERGY_ERROR = 1000;
export const ENERGY_CAP = 1e30;

/** x clamped to ±cap, and cap when x is not finite (the WGSL `bounded`). */
export function bounded(x: number, cap: number): number {
  return Number.isFinite(x) ? Math.min(cap, Math.max(-cap, x)) : cap;
}

export function scaleMomentum(p: Float64Array, invMass: Float64Array): void {
  for (let i = 0; i < p.length; i++) p[i] /= Math.sqrt(invMass[i]);
}

export function kineticEnergy(p: Float64Array, invMass: Float64Array): number {
  let k = 0;
  for (let i = 0; i < p.length; i++) k += invMass[i] * p[i] * p[i];
  return 0.5 * k;
}

/** One leapfrog step of size eps (q, p, g updated); returns log p at the new q. */
export function leapfrog(
  target: TargetDecl, q: Float64Array, p: Float64Array, g: Float64Array, eps: number, invMass: Float64Array,
): number {
  const d = q.length;
  for (let i = 0; i < d; i++) {
    p[i] += 0.5 * eps * g[i];
    q[i] += eps * invMass[i] * p[i];
  }
  const lp = target.gradLogDensity(q, g);
  for (let i = 0; i < d; i++) p[i] += 0.5 * eps * g[i];
  return lp;
}
