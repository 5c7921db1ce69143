import type { SamplerDecl } from './types';
import { metropolisAccept } from './metropolis';
import metropolisWgsl from '../../shaders/samplers/lib_metropolis.wgsl?raw';
import wgsl from '../../shaders/samplers/rwm.wgsl?raw';
import { BURNIN } from './warmup-params';

const params = {
  sigma: {
    label: 'Proposal scale σ', unit: 'x units', type: 'f32', default: 0.8, min: 0, minExclusive: true, max: 100,
    doc: 'Standard deviation of the Gaussian random-walk proposal in every coordinate.',
  },
  burnin: BURNIN,
} as const;

/** Random-walk Metropolis with an isotropic Gaussian proposal. */
export const rwm: SamplerDecl<typeof params> = {
  id: 'rwm',
  name: 'Random-walk Metropolis',
  family: 'baseline',
  description: 'Propose a Gaussian jump, accept with probability min(1, p(new)/p(old)).',
  testing: { caseFor: (t) => ({ params: { sigma: t.moveScale.sigma }, minAccept: 0.05 }) },
  params,
  wgsl: metropolisWgsl + wgsl,
  usesGradient: false,
  reports: ['accepted', 'densityEvals', 'divergent'],
  cpuStep(s, { target, params: p, rng, scratch, probe }) {
    const y = scratch.a;
    const u = rng.normalsThenUniform(y, scratch.four);
    for (let i = 0; i < y.length; i++) y[i] = s.x[i] + p.sigma * y[i];
    return metropolisAccept(target, s, y, u, probe);
  },
};
