import type { SamplerDecl } from './types';
import { langevinProposal, unadjustedMove } from './langevin';
import langevinWgsl from '../../shaders/samplers/lib_langevin.wgsl?raw';
import wgsl from '../../shaders/samplers/annealed.wgsl?raw';

const params = {
  sigmaMax: {
    label: 'Largest noise σ_max', unit: 'x units', type: 'f32', default: 5, min: 0, minExclusive: true, max: 1000,
    doc: 'Noise scale of the first level: about the spread of the whole target, so its modes merge into one.',
  },
  sigmaMin: {
    label: 'Smallest noise σ_min', unit: 'x units', type: 'f32', default: 0.05, min: 0, minExclusive: true, max: 1000,
    doc: 'Noise scale of the last level (kept after the schedule ends): small against the width of a mode.',
  },
  levels: {
    label: 'Noise levels K', type: 'u32', default: 10, min: 2, max: 1000,
    doc: 'Number of noise scales, geometrically spaced from σ_max down to σ_min.',
  },
  stepsPerLevel: {
    label: 'Steps per level T', type: 'u32', default: 100, min: 1, max: 1_000_000,
    doc: 'Langevin steps at each noise scale before moving to the next.',
  },
  eps: {
    label: 'Base step ε', type: 'f32', default: 1e-3, min: 0, minExclusive: true, max: 10,
    doc: 'Step at σ_min; level k steps α_k = ε·σ_k²/σ_min², so every level steps ε/σ_min² (default 0.4) of its noise variance.',
  },
} as const;

/** Annealed Langevin dynamics (Song & Ermon 2019, "Generative Modeling by Estimating Gradients of
 * the Data Distribution", Algorithm 1) with the closed-form Gaussian-smoothed score of the target.
 * Mirrors shaders/samplers/annealed.wgsl. */
export const annealed: SamplerDecl<typeof params> = {
  id: 'annealed',
  name: 'Annealed Langevin dynamics',
  family: 'langevin',
  description: 'Langevin steps on the target blurred by noise that shrinks level by level: modes get their mass while they still overlap.',
  testing: {
    caseFor: (t) => ({ params: { eps: t.moveScale.eps / 4, levels: 5, stepsPerLevel: 4 }, minAccept: 0.99 }),
    notInvariant: 'a schedule, not a stationary chain: tests/statistical/annealed.test.ts checks its final law',
  },
  params,
  wgsl: langevinWgsl + wgsl,
  // The cached g is the unsmoothed gradient; each step computes the smoothed score itself.
  usesGradient: false,
  needsSmoothedScore: true,
  reports: ['gradEvals', 'divergent'],
  check: (p) => p.sigmaMin < p.sigmaMax
    ? null
    : `Annealed Langevin needs σ_min < σ_max (the noise shrinks), got σ_min = ${p.sigmaMin} ≥ σ_max = ${p.sigmaMax}`,
  cpuStep(s, { target, params: p, rng, scratch, tuning, iteration, probe }) {
    const y = scratch.a;
    const score = scratch.b;
    const gy = scratch.c;
    const level = Math.min(Math.floor(iteration / p.stepsPerLevel), p.levels - 1);
    const sigma = p.sigmaMax * (p.sigmaMin / p.sigmaMax) ** (level / (p.levels - 1));
    probe?.({ kind: 'anneal', level, levels: p.levels, sigma });
    rng.normalsThenUniform(y, scratch.four);
    target.smoothedGradLogDensity!(s.x, sigma * sigma, score);
    langevinProposal(s.x, score, y, p.eps * (sigma / p.sigmaMin) ** 2, tuning.invMass, probe);
    // Two evaluations: the smoothed score, then the target's own log p and gradient at y.
    return unadjustedMove(target, s, y, gy, 2, probe);
  },
};
