import type { SamplerDecl } from './types';
import { metropolisAccept } from './metropolis';
import { ADAPT_METRIC, WARMUP } from './warmup-params';
import metropolisWgsl from '../../shaders/samplers/lib_metropolis.wgsl?raw';
import wgsl from '../../shaders/samplers/adaptive-rwm.wgsl?raw';
import { haarioFactor } from '../engine/adaptation/linalg';

const params = {
  scale: {
    label: 'Proposal scale', type: 'f32', default: 0.8, min: 0, minExclusive: true, max: 100,
    doc: 'Multiplies the proposal factor: the proposal sd before adaptation; warm-up sets it to 1 with the factor of 2.38²/d · Σ.',
  },
  warmup: WARMUP,
  adaptMetric: ADAPT_METRIC,
} as const;

/** Adaptive Metropolis (Haario, Saksman & Tamminen 2001): the Gaussian random walk with proposal
 * covariance (2.38²/d) Σ, Σ the running covariance of the chains during warm-up (pooled across
 * chains), frozen afterwards so the sampling phase is an exact Metropolis chain. */
export const adaptiveRwm: SamplerDecl<typeof params> = {
  id: 'adaptive-rwm',
  name: 'Adaptive Metropolis (Haario)',
  family: 'baseline',
  description: 'Random walk whose proposal covariance is learned from the chains in warm-up, scaled by 2.38²/d.',
  // Tested with the factor warm-up would reach; 2.38²/d is optimal for Gaussians, and the heavy-tailed
  // and multimodal targets accept ~1 % with it.
  testing: {
    caseFor: (t, d) => {
      const truth = t.truth(d);
      return { params: { scale: truth.cov ? 1 : 0.5 }, tuning: { dense: haarioFactor(truth, d) }, minAccept: 0.01 };
    },
  },
  params,
  wgsl: metropolisWgsl + wgsl,
  usesGradient: false,
  reports: ['accepted', 'densityEvals', 'divergent'],
  adapt: { metric: 'dense', scale: 'scale' },
  cpuStep(s, { target, params: p, rng, scratch, tuning, probe }) {
    const d = s.x.length;
    const z = scratch.a;
    const y = scratch.b;
    const factor = tuning.dense!;
    const u = rng.normalsThenUniform(z, scratch.four);
    for (let i = 0; i < d; i++) {
      let sum = 0;
      for (let j = 0; j <= i; j++) sum += factor[i * d + j] * z[j];
      y[i] = s.x[i] + p.scale * sum;
    }
    return metropolisAccept(target, s, y, u, probe);
  },
};
