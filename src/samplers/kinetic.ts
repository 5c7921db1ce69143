import { noInfo, type SamplerDecl } from './types';
import { bounded, ENERGY_CAP, kineticEnergy, leapfrog, scaleMomentum } from './hamiltonian';
import { copy } from './probe';
import hamiltonianWgsl from '../../shaders/samplers/lib_hamiltonian.wgsl?raw';
import wgsl from '../../shaders/samplers/kinetic.wgsl?raw';
import { BURNIN } from './warmup-params';

const params = {
  h: {
    label: 'Step size h', type: 'f32', default: 0.1, min: 0, minExclusive: true, max: 10,
    doc: 'Integrator step: the position marginal is biased by O(h²) (exact on Gaussians with BAOAB).',
  },
  gamma: {
    label: 'Friction γ', type: 'f32', default: 1, min: 0, minExclusive: true, max: 1000,
    doc: 'Momentum damping: small γ moves ballistically like HMC, large γ diffuses like overdamped Langevin.',
  },
  scheme: {
    label: 'Splitting (0 BAOAB, 1 OBABO)', type: 'u32', default: 0, min: 0, max: 1,
    doc: 'Order of the kick (B), drift (A) and Ornstein–Uhlenbeck (O) sub-steps.',
  },
  burnin: BURNIN,
} as const;

/** O step: p ← c p + √(1 − c²) M^(1/2) z. */
function ornsteinUhlenbeck(p: Float64Array, z: Float64Array, c: number, invMass: Float64Array): void {
  const s = Math.sqrt(1 - c * c);
  for (let i = 0; i < p.length; i++) p[i] = c * p[i] + (s * z[i]) / Math.sqrt(invMass[i]);
}

/** Underdamped Langevin dynamics by a splitting integrator, without an accept step. */
export const kinetic: SamplerDecl<typeof params> = {
  id: 'kinetic',
  name: 'Kinetic Langevin (BAOAB / OBABO)',
  family: 'langevin',
  description: 'Position and a persistent momentum with friction and noise: HMC-like moves, no rejections, O(h²) bias.',
  // No accept step: the position law is biased by O(h²) (none on Gaussians with BAOAB). At h = ε/2 over
  // the grid's transitions from exact draws that bias is far below what 4096 chains resolve.
  testing: { caseFor: (t) => ({ params: { h: t.moveScale.eps / 2, gamma: 1 }, minAccept: 0.99 }) },
  params,
  wgsl: hamiltonianWgsl + wgsl,
  usesGradient: true,
  reports: ['gradEvals', 'divergent', 'energy'],
  aux: { vectors: () => 1, momentum: true },
  cpuStep(s, { target, params: pr, rng, scratch, tuning, aux, probe }) {
    const { invMass } = tuning;
    const d = s.x.length;
    // Whitened in aux (see kinetic.wgsl).
    const p = aux.subarray(0, d);
    scaleMomentum(p, invMass);
    const z = scratch.a;
    const q = scratch.b;
    const gq = scratch.c;
    rng.normalsThenUniform(z, scratch.four);
    q.set(s.x);
    gq.set(s.g);
    const h = pr.h;
    probe?.({ kind: 'momentum', x: copy(q), p: copy(p), energy: -s.logp + kineticEnergy(p, invMass) });
    const sub = probe && ((name: 'B' | 'A' | 'O' | 'BAB', x: Float64Array) => probe({ kind: 'substep', name, x: copy(x), p: copy(p) }));
    let lp: number;
    if (pr.scheme === 0) {
      for (let i = 0; i < d; i++) {
        p[i] += 0.5 * h * gq[i];
        q[i] += 0.5 * h * invMass[i] * p[i];
      }
      // The loop above fuses B and A (A leaves p alone): B ends at the start position.
      sub?.('B', s.x);
      sub?.('A', q);
      ornsteinUhlenbeck(p, z, Math.exp(-pr.gamma * h), invMass);
      sub?.('O', q);
      for (let i = 0; i < d; i++) q[i] += 0.5 * h * invMass[i] * p[i];
      sub?.('A', q);
      lp = target.gradLogDensity(q, gq);
      for (let i = 0; i < d; i++) p[i] += 0.5 * h * gq[i];
      sub?.('B', q);
    } else {
      const c = Math.exp(-0.5 * pr.gamma * h);
      ornsteinUhlenbeck(p, z, c, invMass);
      sub?.('O', q);
      lp = leapfrog(target, q, p, gq, h, invMass);
      sub?.('BAB', q);
      // The first normals are spent: draw the second set into the same scratch.
      rng.normalsThenUniform(z, scratch.four);
      ornsteinUhlenbeck(p, z, c, invMass);
      sub?.('O', q);
    }
    const info = noInfo();
    info.gradEvals = 1;
    if (Number.isFinite(lp) && gq.every(Number.isFinite) && p.every(Number.isFinite)) {
      s.x.set(q);
      s.g.set(gq);
      s.logp = lp;
      info.accepted = 1;
    } else {
      info.divergent = 1;
      p.set(z);
      scaleMomentum(p, invMass);
    }
    probe?.({ kind: 'decision', accepted: info.accepted === 1, divergent: info.divergent === 1 });
    info.energy = bounded(-s.logp + kineticEnergy(p, invMass), ENERGY_CAP);
    for (let i = 0; i < d; i++) p[i] *= Math.sqrt(invMass[i]);
    return info;
  },
};
