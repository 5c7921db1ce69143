import { noInfo, type SamplerDecl } from './types';
import { bounded, ENERGY_CAP, kineticEnergy, leapfrog, MAX_ENERGY_ERROR, scaleMomentum } from './hamiltonian';
import { copy } from './probe';
import { ADAPT_LENGTH, ADAPT_METRIC, targetAccept, WARMUP } from './warmup-params';
import hamiltonianWgsl from '../../shaders/samplers/lib_hamiltonian.wgsl?raw';
import wgsl from '../../shaders/samplers/hmc.wgsl?raw';

export const hmcParams = {
  eps: {
    label: 'Step size ε', type: 'f32', default: 0.25, min: 0, minExclusive: true, max: 10,
    doc: 'Leapfrog step size: larger moves further per gradient but raises the energy error.',
  },
  L: {
    label: 'Leapfrog steps L', type: 'u32', default: 10, min: 1, max: 1024,
    doc: 'Leapfrog steps per transition: trajectory length is ε·L, cost is L gradients.',
  },
  jitter: {
    label: 'Step-size jitter', type: 'f32', default: 0, min: 0, max: 0.9,
    doc: 'Each transition draws ε uniformly from ε·[1 − j, 1 + j], breaking periodic orbits.',
  },
  jitterL: {
    label: 'Jitter L', type: 'u32', default: 0, min: 0, max: 1,
    doc: '1: each transition draws its number of steps uniformly from 1..L (needed by ChEES).',
  },
  warmup: WARMUP,
  targetAccept: targetAccept(0.9),
  adaptMetric: ADAPT_METRIC,
  adaptLength: ADAPT_LENGTH,
} as const;

/** HMC (Neal 2011, "MCMC using Hamiltonian dynamics") with a diagonal mass matrix. */
export const hmc: SamplerDecl<typeof hmcParams> = {
  id: 'hmc',
  name: 'Hamiltonian Monte Carlo',
  family: 'hamiltonian',
  description: 'Kick with a random momentum, follow L leapfrog steps, accept on the energy error.',
  testing: { caseFor: (t) => ({ params: { eps: t.moveScale.eps, L: 10, jitter: 0.2, jitterL: 1 }, minAccept: 0.05 }) },
  params: hmcParams,
  wgsl: hamiltonianWgsl + wgsl,
  usesGradient: true,
  reports: ['accepted', 'gradEvals', 'divergent', 'acceptProb', 'energy', 'energyError'],
  adapt: { step: 'eps', metric: 'diagonal', length: { steps: 'L', jitter: 'jitterL' } },
  cpuStep(s, { target, params: p, rng, scratch, tuning, probe }) {
    const d = s.x.length;
    const { invMass, center } = tuning;
    const q = scratch.a;
    const gq = scratch.b;
    const mom = scratch.c;
    q.set(s.x);
    gq.set(s.g);
    const u = rng.normalsThenUniform(mom, scratch.four);
    const jit = rng.uniform4(scratch.four);
    scaleMomentum(mom, invMass);
    const eps = p.eps * (1 + p.jitter * (2 * jit[0] - 1));
    const steps = p.jitterL !== 0 ? 1 + Math.min(Math.floor(jit[1] * p.L), p.L - 1) : p.L;
    const h0 = -s.logp + kineticEnergy(mom, invMass);
    probe?.({ kind: 'momentum', x: copy(q), p: copy(mom), energy: h0 });
    let lp = s.logp;
    for (let l = 0; l < steps; l++) {
      lp = leapfrog(target, q, mom, gq, eps, invMass);
      probe?.({ kind: 'leapfrog', x: copy(q), p: copy(mom), energy: -lp + kineticEnergy(mom, invMass), step: l + 1, steps });
    }
    const h1 = -lp + kineticEnergy(mom, invMass);
    const dh = h1 - h0;
    const info = noInfo();
    info.gradEvals = steps;
    info.energy = bounded(h0, ENERGY_CAP);
    info.energyError = bounded(dh, ENERGY_CAP);
    if (!Number.isFinite(dh) || dh > MAX_ENERGY_ERROR) {
      info.divergent = 1;
      probe?.({ kind: 'decision', accepted: false, divergent: true, energyError: dh });
      return info;
    }
    const a = Math.min(1, Math.exp(-dh));
    info.acceptProb = a;
    let s1 = 0;
    let s0 = 0;
    let sp = 0;
    for (let i = 0; i < d; i++) {
      const d1 = q[i] - center[i];
      const d0 = s.x[i] - center[i];
      s1 += (d1 * d1) / invMass[i];
      s0 += (d0 * d0) / invMass[i];
      sp += d1 * mom[i];
    }
    info.chees = bounded(a * eps * steps * (s1 - s0) * sp, ENERGY_CAP);
    if (Math.log(u) < -dh) {
      s.x.set(q);
      s.g.set(gq);
      s.logp = lp;
      info.accepted = 1;
      info.energy = bounded(h1, ENERGY_CAP);
    }
    probe?.({ kind: 'decision', accepted: info.accepted === 1, divergent: false, logAlpha: -dh, logU: Math.log(u), energyError: dh });
    return info;
  },
};
