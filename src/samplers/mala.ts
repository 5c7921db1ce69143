import { noInfo, type SamplerDecl } from './types';
import { langevinLogQ, langevinProposal } from './langevin';
import { ADAPT_METRIC, targetAccept, WARMUP } from './warmup-params';
import langevinWgsl from '../../shaders/samplers/lib_langevin.wgsl?raw';
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
  params,
  wgsl: langevinWgsl + wgsl,
  usesGradient: true,
  reports: ['accepted', 'gradEvals', 'divergent', 'acceptProb'],
  adapt: { step: 'h', metric: 'diagonal' },
  cpuStep(s, { target, params: p, rng, scratch, tuning }) {
    const { invMass } = tuning;
    const y = scratch.a;
    const gy = scratch.b;
    const u = rng.normalsThenUniform(y, scratch.four);
    langevinProposal(s.x, s.g, y, p.h, invMass);
    const lp = target.gradLogDensity(y, gy);
    const info = noInfo();
    info.gradEvals = 1;
    const logAlpha = lp - s.logp + langevinLogQ(s.x, y, gy, p.h, invMass) - langevinLogQ(y, s.x, s.g, p.h, invMass);
    if (Number.isNaN(lp) || lp === Infinity || (Number.isFinite(lp) && !Number.isFinite(logAlpha))) {
      info.divergent = 1;
      return info;
    }
    // −Inf: outside the support, rejected.
    if (!Number.isFinite(lp)) return info;
    info.acceptProb = Math.min(1, Math.exp(logAlpha));
    if (Math.log(u) < logAlpha) {
      s.x.set(y);
      s.g.set(gy);
      s.logp = lp;
      info.accepted = 1;
    }
    return info;
  },
};
