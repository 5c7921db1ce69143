import type { SamplerDecl } from './types';
import wgsl from '../../shaders/samplers/hmc.wgsl?raw';

/** Energy error above which a trajectory is called divergent (Stan's threshold). */
export const MAX_ENERGY_ERROR = 1000;

const params = {
  eps: {
    label: 'Step size ε', type: 'f32', default: 0.25, min: 0, minExclusive: true, max: 10,
    doc: 'Leapfrog step size: larger moves further per gradient but raises the energy error.',
  },
  L: {
    label: 'Leapfrog steps L', type: 'u32', default: 10, min: 1, max: 1024,
    doc: 'Leapfrog steps per transition: trajectory length is ε·L, cost is L gradients.',
  },
} as const;

/** Static HMC with identity mass matrix (Neal 2011, "MCMC using Hamiltonian dynamics"). */
export const hmc: SamplerDecl<typeof params> = {
  id: 'hmc',
  name: 'Hamiltonian Monte Carlo',
  family: 'hamiltonian',
  description: 'Kick with a random momentum, follow L leapfrog steps, accept on the energy error.',
  params,
  wgsl,
  usesGradient: true,
  reports: ['accepted', 'gradEvals', 'divergent'],
  cpuStep(s, { target, params: p, rng, scratch }) {
    const d = s.x.length;
    const q = scratch.a;
    const gq = scratch.b;
    const mom = scratch.c;
    q.set(s.x);
    gq.set(s.g);
    const u = rng.normalsThenUniform(mom, scratch.four);
    let k0 = 0;
    for (let i = 0; i < d; i++) k0 += mom[i] * mom[i];
    let lp = s.logp;
    for (let l = 0; l < p.L; l++) {
      for (let i = 0; i < d; i++) {
        mom[i] += 0.5 * p.eps * gq[i];
        q[i] += p.eps * mom[i];
      }
      lp = target.gradLogDensity(q, gq);
      for (let i = 0; i < d; i++) mom[i] += 0.5 * p.eps * gq[i];
    }
    let k1 = 0;
    for (let i = 0; i < d; i++) k1 += mom[i] * mom[i];
    const energyError = -lp + 0.5 * k1 - (-s.logp + 0.5 * k0);
    const info = { accepted: 0, gradEvals: p.L, densityEvals: 0, divergent: 0 };
    if (!Number.isFinite(energyError) || energyError > MAX_ENERGY_ERROR) {
      info.divergent = 1;
      return info;
    }
    if (Math.log(u) < -energyError) {
      s.x.set(q);
      s.g.set(gq);
      s.logp = lp;
      info.accepted = 1;
    }
    return info;
  },
};
