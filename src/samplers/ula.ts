import type { SamplerDecl } from './types';
import { langevinProposal, unadjustedMove } from './langevin';
import langevinWgsl from '../../shaders/samplers/lib_langevin.wgsl?raw';
import wgsl from '../../shaders/samplers/ula.wgsl?raw';
import { BURNIN } from './warmup-params';

const params = {
  h: {
    label: 'Step size h', type: 'f32', default: 0.05, min: 0, minExclusive: true, max: 10,
    doc: 'Euler step of the Langevin diffusion: the bias of the stationary law grows with h (on N(0, 1): variance 1/(1 − h/4)).',
  },
  burnin: BURNIN,
} as const;

/** The unadjusted Langevin algorithm (Roberts & Tweedie 1996): Euler–Maruyama of the Langevin
 * diffusion, no accept step. */
export const ula: SamplerDecl<typeof params> = {
  id: 'ula',
  name: 'Unadjusted Langevin (ULA)',
  family: 'langevin',
  description: 'Step along the gradient plus Gaussian noise, never reject: fast but biased by O(h).',
  testing: {
    caseFor: (t) => ({ params: { h: t.moveScale.eps ** 2 }, minAccept: 0.99 }),
    notInvariant: 'unadjusted: its law is biased by O(h); tests/statistical/langevin.test.ts measures the bias against its closed form',
  },
  params,
  wgsl: langevinWgsl + wgsl,
  usesGradient: true,
  reports: ['gradEvals', 'divergent'],
  cpuStep(s, { target, params: p, rng, scratch, tuning, probe }) {
    const y = scratch.a;
    const gy = scratch.b;
    rng.normalsThenUniform(y, scratch.four);
    langevinProposal(s.x, s.g, y, p.h, tuning.invMass, probe);
    return unadjustedMove(target, s, y, gy, 1, probe);
  },
};
