import { unadjustedMove } from './langevin';
import type { SamplerDecl } from './types';
import { copy } from './probe';
import langevinWgsl from '../../shaders/samplers/lib_langevin.wgsl?raw';
import wgsl from '../../shaders/samplers/svgd.wgsl?raw';
import interactionWgsl from '../../shaders/flows/svgd.wgsl?raw';
import { BURNIN } from './warmup-params';

/**
 * Stein variational gradient descent (Liu & Wang 2016): the chains are N interacting particles
 * that move along
 *   φ(x_c) = (1/N) Σ_j [k(x_j, x_c) ∇log p(x_j) + ∇_{x_j} k(x_j, x_c)],   x_c ← x_c + ε φ(x_c),
 * with the RBF kernel k(x, y) = exp(−‖x − y‖² / h); the first term pulls particles uphill, the
 * second pushes them apart. A step is the interaction (the median-heuristic h every
 * `bandwidthEvery` steps, then φ of every particle into its aux vector 0: shaders/flows/svgd.wgsl,
 * and below in float64) followed by each chain's transition x ← x + ε φ (shaders/samplers/svgd.wgsl,
 * `cpuStep`). Deterministic: no random draws. Positions are coordinate-major, [i · N + c].
 */

/** The median heuristic looks at pairs of at most this many particles: over all N² pairs it
 * would cost as much as a step. */
export const BANDWIDTH_SUBSAMPLE = 512;
/** Floor of h, so coincident particles give k = 1 rather than 0/0. */
export const MIN_BANDWIDTH = 1e-8;

/** The k-th of the m particles the median heuristic looks at: spread evenly over 0..n−1 (the
 * order of particles carries no meaning, so any fixed spread will do). */
export function subsampleIndex(k: number, n: number, m: number): number {
  return k * Math.floor(n / m) + Math.min(k, n % m);
}

/**
 * Liu & Wang's median heuristic h = med² / log(N + 1), med the median distance between
 * particles: then Σ_j k(x_i, x_j) ≈ N exp(−med² / h) ≈ 1, balancing a particle's own gradient
 * against the others'. Here med is the exact lower median (the ⌊(P − 1)/2⌋-th smallest of the P
 * pairwise distances) over the min(N, 512) particles `subsampleIndex` picks; the GPU kernel
 * selects the same element. A lone particle has no pairs: h = 1 (any h gives φ = ∇log p).
 */
export function medianBandwidth(particles: Float64Array, n: number, d: number): number {
  const m = Math.min(n, BANDWIDTH_SUBSAMPLE);
  if (m < 2) return 1;
  const idx = Array.from({ length: m }, (_, k) => subsampleIndex(k, n, m));
  const r2 = new Float64Array((m * (m - 1)) / 2);
  let p = 0;
  for (let a = 0; a < m; a++) {
    for (let b = a + 1; b < m; b++) {
      let s = 0;
      for (let i = 0; i < d; i++) {
        const t = particles[i * n + idx[a]] - particles[i * n + idx[b]];
        s += t * t;
      }
      r2[p++] = s;
    }
  }
  r2.sort();
  return Math.max(r2[(r2.length - 1) >> 1] / Math.log(n + 1), MIN_BANDWIDTH);
}

/** φ of every particle with bandwidth h, from coordinate-major positions and gradients: φ_i(x_c)
 * goes to out[c · stride + i]. */
export function steinDirection(
  particles: Float64Array, grad: Float64Array, n: number, d: number, bandwidth: number, out: Float64Array, stride: number,
): void {
  const phi = new Float64Array(d);
  const invH = 1 / bandwidth;
  for (let a = 0; a < n; a++) {
    phi.fill(0);
    for (let b = 0; b < n; b++) {
      let r2 = 0;
      for (let i = 0; i < d; i++) {
        const t = particles[i * n + a] - particles[i * n + b];
        r2 += t * t;
      }
      const k = Math.exp(-r2 * invH);
      // ∇_{x_b} k(x_b, x_a) = (2/h)(x_a − x_b) k: the repulsion.
      const c = 2 * invH * k;
      for (let i = 0; i < d; i++) phi[i] += k * grad[i * n + b] + c * (particles[i * n + a] - particles[i * n + b]);
    }
    for (let i = 0; i < d; i++) out[a * stride + i] = phi[i] / n;
  }
}

const params = {
  eps: {
    label: 'Step size ε', type: 'f32', default: 3, min: 0, minExclusive: true, max: 1000,
    doc: 'x ← x + ε φ(x); φ carries a 1/N, so the step each particle takes shrinks as the particles grow in number.',
  },
  bandwidth: {
    label: 'Kernel bandwidth h (0: median heuristic)', unit: 'x units²', type: 'f32', default: 0, min: 0, max: 1e6,
    doc: 'RBF kernel k(x, y) = exp(−‖x − y‖²/h); 0 sets h = med²/log(N + 1) from the particles (Liu & Wang).',
  },
  bandwidthEvery: {
    label: 'Median heuristic every', type: 'u32', default: 10, min: 1, max: 1_000_000, unit: 'steps',
    doc: 'Steps between updates of the median-heuristic bandwidth (it looks at pairs of up to 512 particles).',
  },
  burnin: BURNIN,
} as const;

/** Stein variational gradient descent: deterministic interacting particles. */
export const svgd: SamplerDecl<typeof params> = {
  id: 'svgd',
  name: 'Stein variational GD (SVGD)',
  family: 'particles',
  description: 'The chains are particles pushed uphill by the kernel-averaged gradient and apart by the kernel: O(N²) per step, biased at finite N.',
  testing: {
    caseFor: () => ({ params: {}, minAccept: 0.99 }),
    notInvariant: 'a deterministic interacting particle system, biased at finite N: tests/statistical/svgd.test.ts checks it against the truth',
  },
  params,
  wgsl: langevinWgsl + wgsl,
  usesGradient: true,
  reports: ['gradEvals', 'divergent'],
  // φ of the latest interaction, not a momentum.
  aux: { vectors: () => 1, momentum: false },
  interaction: {
    wgsl: interactionWgsl,
    stateFloats: 1,
    // 19 steps/s on SwiftShader here (README), 1.3 at 4,096.
    defaultParticles: 1024,
    // A tile entry is one particle's position and gradient.
    tileFloats: (d) => 2 * d,
    passes: [
      {
        entry: 'svgd_bandwidth',
        grid: 'single',
        every: (p) => p.bandwidthEvery,
        cpu({ params: p, pos, chains, d, state }) {
          state[0] = p.bandwidth > 0 ? p.bandwidth : medianBandwidth(pos, chains, d);
        },
      },
      {
        entry: 'svgd_stein',
        grid: 'chains',
        cpu({ params: p, pos, grad, chains, d, aux, auxStride, state }) {
          steinDirection(pos, grad, chains, d, p.bandwidth > 0 ? p.bandwidth : state[0], aux, auxStride);
        },
      },
    ],
  },
  cpuStep(s, { target, params: p, scratch, aux, probe }) {
    const y = scratch.a;
    for (let i = 0; i < y.length; i++) y[i] = s.x[i] + p.eps * aux[i];
    probe?.({ kind: 'stein', from: copy(s.x), phi: aux.slice(0, y.length), to: copy(y) });
    return unadjustedMove(target, s, y, scratch.b, 1, probe);
  },
};
