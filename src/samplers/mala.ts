import type { SamplerDecl } from './types';
import { malaStep } from './langevin';
import { ADAPT_METRIC, targetAccept, WARMUP } from './warmup-params';
import metropolisWgsl from '../../shaders/samplers/lib_metropolis.wgsl?raw';
import langevinWgsl from '../../shaders/samplers/lib_langevin.wgsl?raw';
import malaWgsl from '../../shaders/samplers/lib_mala.wgsl?raw';
import wgsl from '../../shaders/samplers/mala.wgsl?raw';

const params = {
  h: {
    label: 'Step size h', type: 'f32', default: 0.1, min: 0, minExclusive: true, max: 10,
    doc: 'Langevin step: the proposal moves (h/2)·∇log p plus noise of variance h per coordinate.',
  },
  warmup: WARMUP,
  targetAccept: targetAccept(0.574),
  adaptMetric: ADAPT_METRIC,
} as const;

/** Metropolis-adjusted Langevin (Roberts & Tweedie 1996; Roberts & Rosenthal 1998 for the 0.574
 * optimum): the ULA move as a proposal, corrected by Metropolis–Hastings. */
export const mala: SamplerDecl<typeof params> = {
  id: 'mala',
  name: 'Metropolis-adjusted Langevin (MALA)',
  family: 'langevin',
  description: 'A gradient-guided Gaussian proposal, accepted with the asymmetric Metropolis–Hastings ratio.',
  testing: { caseFor: (t) => ({ params: { h: (1.5 * t.moveScale.eps) ** 2 }, minAccept: 0.05 }) },
  params,
  wgsl: metropolisWgsl + langevinWgsl + malaWgsl + wgsl,
  usesGradient: true,
  reports: ['accepted', 'gradEvals', 'divergent', 'acceptProb'],
  adapt: { step: 'h', metric: 'diagonal' },
  cpuStep(s, { target, params: p, rng, scratch, tuning, probe }) {
    return malaStep(target, s, rng, scratch, p.h, tuning.invMass, probe);
  },
};
