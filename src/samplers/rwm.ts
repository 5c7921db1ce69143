import type { SamplerDecl } from './types';
import wgsl from '../../shaders/samplers/rwm.wgsl?raw';

const params = {
  sigma: {
    label: 'Proposal scale σ', type: 'f32', default: 0.8, min: 0, minExclusive: true, max: 100,
    doc: 'Standard deviation of the Gaussian random-walk proposal in every coordinate.',
  },
} as const;

/** Random-walk Metropolis with an isotropic Gaussian proposal. */
export const rwm: SamplerDecl<typeof params> = {
  id: 'rwm',
  name: 'Random-walk Metropolis',
  family: 'baseline',
  description: 'Propose a Gaussian jump, accept with probability min(1, p(new)/p(old)).',
  params,
  wgsl,
  usesGradient: false,
  reports: ['accepted', 'densityEvals', 'divergent'],
  cpuStep(s, { target, params: p, rng, scratch }) {
    const d = s.x.length;
    const y = scratch.a;
    const u = rng.normalsThenUniform(y, scratch.four);
    for (let i = 0; i < d; i++) y[i] = s.x[i] + p.sigma * y[i];
    const lp = target.logDensity(y);
    const info = { accepted: 0, gradEvals: 0, densityEvals: 1, divergent: 0 };
    if (Number.isNaN(lp) || lp === Infinity) {
      info.divergent = 1;
      return info;
    }
    if (Math.log(u) < lp - s.logp) {
      s.x.set(y);
      s.logp = lp;
      info.accepted = 1;
    }
    return info;
  },
};
