import type { SamplerDecl } from './types';
import { noInfo } from './types';
import { leapfrog } from './hamiltonian';
import { normalCdf, normalQuantile } from './normal';
import type { TargetDecl } from '../targets/types';
import hamiltonianWgsl from '../../shaders/samplers/lib_hamiltonian.wgsl?raw';
import normalWgsl from '../../shaders/samplers/lib_normal.wgsl?raw';
import wgsl from '../../shaders/samplers/mixflow.wgsl?raw';
import { workCache } from './work-cache';
import { copy } from './probe';

/*
 * MixFlows (Xu, Chen & Campbell, "MixFlows: principled variational inference via mixed flows",
 * ICML 2023), the uncorrected Hamiltonian MixFlow of their Section 5.
 *
 * Augmented state s = (x, ρ, u) ∈ R^d × R^d × [0, 1), target π̄(s) = π(x) N(ρ; 0, I) 1[0,1)(u).
 * The flow map T is
 *   1. L leapfrog steps of size ε on (x, ρ) with ∇log π (mass from the tuning buffer: 1 unless a
 *      caller tunes it; leapfrog preserves volume for any diagonal mass, so the density stays exact);
 *   2. the deterministic momentum refreshment, coordinate by coordinate (i = 0..d−1):
 *        ρ_i ← Φ⁻¹((Φ(ρ_i) + z(x_i, u)) mod 1),   u ← (u + ξ) mod 1,
 *      with the pseudo-random shift z(x, u) = (sin(2x + u) + 1)/2 ∈ [0, 1] and ξ = π/16.
 * This is the paper's reference implementation (the authors' ErgFlow.jl: `pseudo_refresh_coord`
 * with the `stream` generator z and the `mixer` time shift u + π/16): z reads the (unchanged)
 * position and the clock u, so given (x, u) each ρ_i moves by a shift on the circle in Φ-space —
 * invertible, and with u ↦ u + ξ (irrational rotation, measure-preserving on [0, 1)) the
 * refreshment preserves π̄ exactly. Its log-Jacobian is Σ_i log φ(ρ_i) − log φ(ρ'_i) (ρ before
 * and after the refreshment); leapfrog and the u rotation have unit Jacobian. (Much of the authors'
 * experiment code uses a Laplace momentum; here it is the usual N(0, I).) Uncorrected: leapfrog does
 * not preserve π̄ exactly, so the mixture q_N approaches π̄ only as ε → 0, N → ∞ — but the ELBO
 * below is the exact ELBO of whatever q_N the map gives.
 *
 * q0 = N(x; 0, σ0² I) N(ρ; 0, I) U(u; 0, 1), q_N = (1/N) Σ_{n=0}^{N−1} T^n_# q0. A transition is
 * one independent draw y ~ q_N: s_0 ~ q0, n ~ U{0..N−1}, y = s_n = T^n(s_0); its density
 *   q_N(y) = (1/N) Σ_{m=n−N+1}^{n} q0(s_m) · exp(L_m − L_n),
 * s_m = T^m s_0 (negative m: T⁻¹), L_0 = 0, L_{m+1} = L_m + log|det ∂T(s_m)|, from a forward
 * walk s_0 → s_n and a backward walk s_0 → s_{n−N+1} with an online log-sum-exp (O(N) work,
 * nothing stored). The chain moves to y's position, and the transition's `elbo` is
 * log π(y.x) + log N(y.ρ) − log q_N(y); their mean estimates the ELBO, ≤ log Z of π. Each draw
 * costs 1 + (N − 1)·L gradients. Numerics: the refreshment adds in [0, 1), so in f32 (WGSL) ρ is
 * resolved to ~6e-8/φ(ρ) and |ρ| ≤ 5.4, and the kernel computes sin with its own polynomial (WGSL
 * promises its sin to 2^-11 only); a non-finite term is a divergence (its ELBO term is reported as
 * −1e30 and the chain keeps its state if y's log π is not finite).
 */

export const mixflowParams = {
  eps: {
    label: 'Step size ε', type: 'f32', default: 0.2, min: 0, minExclusive: true, max: 10,
    doc: 'Leapfrog step size of the flow map (uncorrected: smaller ε is closer to the target, slower to mix).',
  },
  L: {
    label: 'Leapfrog steps L', type: 'u32', default: 5, min: 1, max: 100,
    doc: 'Leapfrog steps per flow map, before each momentum refreshment.',
  },
  flowSteps: {
    label: 'Flow maps N', type: 'u32', default: 100, min: 1, max: 2000,
    doc: 'Components of the mixture (1/N) Σ T^n q0: each draw costs 1 + (N − 1)·L gradients.',
  },
  sigma0: {
    label: 'Initial scale σ0', unit: 'x units', type: 'f32', default: 1, min: 0, minExclusive: true, max: 100,
    doc: 'Standard deviation of the reference q0 = N(0, σ0² I) the flow starts from.',
  },
} as const;

/** The pseudo-random momentum shift z(x, u) and the clock's rotation ξ (see the header). */
export const MIXFLOW_XI = Math.PI / 16;
export const mixflowShift = (x: number, u: number): number => 0.5 * (Math.sin(2 * x + u) + 1);

/** v mod 1 for v in [−1, 2). */
const wrap = (v: number): number => (v >= 1 ? v - 1 : v < 0 ? v + 1 : v);

/** Smallest tail probability handed to Φ⁻¹ (a sum that wraps to exactly 0 would give −∞). */
const TAIL_MIN = 2 ** -53;
const quantile = (p: number): number => normalQuantile(Math.min(Math.max(p, TAIL_MIN), 1 - TAIL_MIN));

const LOG_2PI = Math.log(2 * Math.PI);

/** One point of the flow: position with log π and ∇log π at it, momentum, clock. */
export interface FlowPoint {
  readonly x: Float64Array;
  readonly rho: Float64Array;
  readonly g: Float64Array;
  u: number;
  logp: number;
}

export interface FlowMapParams {
  readonly eps: number;
  readonly L: number;
}

/** s ← T(s); returns log|det ∂T/∂s| (the WGSL `mixflow_forward`). */
export function mixflowForward(target: TargetDecl, s: FlowPoint, p: FlowMapParams, invMass: Float64Array): number {
  for (let l = 0; l < p.L; l++) s.logp = leapfrog(target, s.x, s.rho, s.g, p.eps, invMass);
  let before = 0;
  let after = 0;
  for (let i = 0; i < s.x.length; i++) {
    const r = s.rho[i];
    const r1 = quantile(wrap(normalCdf(r) + mixflowShift(s.x[i], s.u)));
    s.rho[i] = r1;
    before += r * r;
    after += r1 * r1;
    s.u = wrap(s.u + MIXFLOW_XI);
  }
  return 0.5 * (after - before);
}

/** s ← T⁻¹(s); returns log|det ∂T/∂s| at the new s (the WGSL `mixflow_inverse`). */
export function mixflowInverse(target: TargetDecl, s: FlowPoint, p: FlowMapParams, invMass: Float64Array): number {
  let before = 0;
  let after = 0;
  for (let i = s.x.length - 1; i >= 0; i--) {
    s.u = wrap(s.u - MIXFLOW_XI);
    const r1 = s.rho[i];
    const r = quantile(wrap(normalCdf(r1) - mixflowShift(s.x[i], s.u)));
    s.rho[i] = r;
    before += r * r;
    after += r1 * r1;
  }
  for (let l = 0; l < p.L; l++) s.logp = leapfrog(target, s.x, s.rho, s.g, -p.eps, invMass);
  return 0.5 * (after - before);
}

function logQ0(s: FlowPoint, sigma0: number): number {
  const invVar = 1 / (sigma0 * sigma0);
  let q = 0;
  for (let i = 0; i < s.x.length; i++) q += s.x[i] * s.x[i] * invVar + s.rho[i] * s.rho[i];
  return -0.5 * q - s.x.length * (Math.log(sigma0) + LOG_2PI);
}

/** Online log-sum-exp (max, Σ exp(t − max)); −∞ adds nothing, NaN or +∞ is left out (false). */
class LogSumExp {
  max = -Infinity;
  sum = 0;
  add(t: number): boolean {
    if (Number.isNaN(t) || t === Infinity) return false;
    if (t === -Infinity) return true;
    if (t > this.max) {
      this.sum = this.sum * Math.exp(this.max - t) + 1;
      this.max = t;
    } else {
      this.sum += Math.exp(t - this.max);
    }
    return true;
  }
  get value(): number {
    return this.max + Math.log(this.sum);
  }
}

const ELBO_CAP = 1e30;

const point = (d: number): FlowPoint =>
  ({ x: new Float64Array(d), rho: new Float64Array(d), g: new Float64Array(d), u: 0, logp: 0 });
function copyPoint(to: FlowPoint, from: FlowPoint): void {
  to.x.set(from.x);
  to.rho.set(from.rho);
  to.g.set(from.g);
  to.u = from.u;
  to.logp = from.logp;
}

const workFor = workCache((d: number) => d, (d: number) => ({ start: point(d), walk: point(d) }));

export const mixflow: SamplerDecl<typeof mixflowParams> = {
  id: 'mixflow',
  name: 'MixFlow (uncorrected Hamiltonian)',
  family: 'flow',
  description: 'Independent draws from a mixture of repeated Hamiltonian flow maps of N(0, σ0²), each with its ELBO term.',
  testing: {
    // Few maps: the maps are chaotic (that is how they mix), so float32 and float64 iterates of
    // one draw part after a few dozen leapfrog steps and a longer case could not be coupled.
    caseFor: (t) => ({ params: { eps: t.moveScale.eps, L: 5, flowSteps: 3 }, minAccept: 0.99 }),
    notInvariant: 'fresh draws from a variational mixture, not a Markov chain on the target: tests/statistical/mixflow.test.ts checks its ELBO',
  },
  params: mixflowParams,
  wgsl: hamiltonianWgsl + normalWgsl + wgsl,
  usesGradient: true,
  reports: ['gradEvals', 'divergent', 'elbo'],
  cpuStep(s, { target, params: p, rng, scratch, tuning, probe }) {
    const d = s.x.length;
    const { start, walk } = workFor(d);
    const N = p.flowSteps;
    start.u = rng.normalsThenUniform(start.x, scratch.four);
    const pick = rng.normalsThenUniform(start.rho, scratch.four);
    for (let i = 0; i < d; i++) start.x[i] *= p.sigma0;
    // f32 product and truncation, as in WGSL, so both engines pick the same n.
    const n = Math.min(Math.floor(Math.fround(pick * N)), N - 1);
    start.logp = target.gradLogDensity(start.x, start.g);
    const info = noInfo();
    info.gradEvals = 1 + (N - 1) * p.L;
    // Forward: s_0 → s_n = y, terms m = 0..n; cum is L_m.
    copyPoint(walk, start);
    const lse = new LogSumExp();
    let ok = lse.add(logQ0(walk, p.sigma0));
    probe?.({ kind: 'flow-map', m: 0, x: copy(walk.x) });
    let cum = 0;
    for (let m = 1; m <= n; m++) {
      cum += mixflowForward(target, walk, p, tuning.invMass);
      ok = lse.add(logQ0(walk, p.sigma0) + cum) && ok;
      probe?.({ kind: 'flow-map', m, x: copy(walk.x) });
    }
    const cumY = cum;
    // Backward: s_0 → s_{n−N+1}, terms m = −1, −2, ….
    cum = 0;
    for (let m = n + 1; m < N; m++) {
      cum -= mixflowInverse(target, start, p, tuning.invMass);
      ok = lse.add(logQ0(start, p.sigma0) + cum) && ok;
      probe?.({ kind: 'flow-map', m: n - m, x: copy(start.x) });
    }
    const logQN = lse.value - cumY - Math.log(N);
    let rr = 0;
    for (let i = 0; i < d; i++) rr += walk.rho[i] * walk.rho[i];
    const elbo = walk.logp - 0.5 * rr - 0.5 * d * LOG_2PI - logQN;
    info.elbo = elbo;
    if (!ok || !Number.isFinite(elbo)) {
      info.divergent = 1;
      if (!Number.isFinite(elbo)) info.elbo = -ELBO_CAP;
    }
    probe?.({ kind: 'flow-draw', n, of: N, x: copy(walk.x), elbo: info.elbo });
    if (Number.isFinite(walk.logp)) {
      s.x.set(walk.x);
      s.g.set(walk.g);
      s.logp = walk.logp;
    }
    return info;
  },
};
