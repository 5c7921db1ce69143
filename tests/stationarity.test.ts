import { describe, expect, test } from 'vitest';
import { TARGETS } from '../src/targets';
import { dimensionOf, type TargetDecl } from '../src/targets/types';
import { initialPositions } from '../src/engine/init-state';
import { hmc } from '../src/samplers/hmc';
import { RngStream, seedKey } from '../src/rng/stream';
import { defaultParams } from '../src/engine/params';
import { defaultTuning } from '../src/engine/tuning';
import type { Tuning } from '../src/engine/types';
import { compareSamples } from './support/stationarity';
import { ENGINE_KINDS, engineOf } from './support/engines';
import { cholesky } from '../src/engine/adaptation/linalg';

/**
 * Stationarity: N chains start at exact draws, run K transitions, and their states must still be
 * distributed as the target: compared with N fresh exact draws (moments and KS per marginal,
 * family-wise α = 0.001). Chains are independent, so the N final states are iid under the null.
 */
const N = 4096;
const K = 20;
const D_ND = 10;

/** A step scale that makes moves of a sensible size on each target (any value is valid for the
 * exact samplers; a useful one gives the test power). */
const SCALE: Record<string, { eps: number; sigma: number }> = {
  gaussian: { eps: 0.3, sigma: 1 },
  correlated: { eps: 0.1, sigma: 0.3 },
  banana: { eps: 0.2, sigma: 1 },
  funnel: { eps: 0.2, sigma: 1 },
  donut: { eps: 0.05, sigma: 0.15 },
  mixture: { eps: 0.2, sigma: 0.8 },
  squiggle: { eps: 0.1, sigma: 0.5 },
  'eight-modes': { eps: 0.1, sigma: 0.3 },
  'gaussian-nd': { eps: 0.3, sigma: 0.6 },
  'ill-conditioned-nd': { eps: 0.05, sigma: 0.05 },
  'correlated-nd': { eps: 0.1, sigma: 0.2 },
  'funnel-nd': { eps: 0.1, sigma: 0.3 },
  'banana-nd': { eps: 0.2, sigma: 0.5 },
  'mixture-nd': { eps: 0.3, sigma: 0.5 },
};

/** Adaptive Metropolis is tested with the factor warm-up would reach: L L^T = (2.38²/d) Σ, Σ the
 * true covariance (diagonal where only variances are known). */
function haarioFactor(target: TargetDecl, d: number): Float64Array {
  const truth = target.truth(d);
  const cov = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) cov[i * d + j] = truth.cov ? truth.cov[i][j] : i === j ? truth.variance[i] : 0;
  }
  const l = cholesky(cov, d);
  for (let k = 0; k < l.length; k++) l[k] *= 2.38 / Math.sqrt(d);
  return l;
}

interface Case {
  readonly params: Record<string, number>;
  /** Transitions (default K). */
  readonly steps?: number;
  readonly tuning?: Tuning;
  /** Samplers without an accept step "accept" every move; their power comes from the step. */
  readonly minAccept: number;
}

/** Per sampler: the parameters (from the target's scale) and tuning it is tested with. */
const CASES: Record<string, (target: TargetDecl, d: number) => Case> = {
  rwm: (t) => ({ params: { sigma: SCALE[t.id].sigma }, minAccept: 0.05 }),
  // 2.38²/d is optimal for Gaussians; the heavy-tailed and multimodal targets accept ~1 % with it.
  'adaptive-rwm': (t, d) => ({
    params: { scale: t.truth(d).cov ? 1 : 0.5 }, tuning: { dense: haarioFactor(t, d) }, minAccept: 0.01,
  }),
  mala: (t) => ({ params: { h: (1.5 * SCALE[t.id].eps) ** 2 }, minAccept: 0.05 }),
  // No accept step: the position law is biased by O(h²) (none on Gaussians with BAOAB). At
  // h = ε/2 over K steps from exact draws that bias is far below what 4096 chains resolve; the
  // ULA bias test shows the unadjusted bias where it is large.
  kinetic: (t) => ({ params: { h: SCALE[t.id].eps / 2, gamma: 1 }, minAccept: 0.99 }),
  hmc: (t) => ({ params: { eps: SCALE[t.id].eps, L: 10, jitter: 0.2, jitterL: 1 }, minAccept: 0.05 }),
  nuts: (t) => ({ params: { eps: SCALE[t.id].eps, maxDepth: 6 }, minAccept: 0.05 }),
  // Slice samplers move on every transition that is not capped (none is here: minAccept 1).
  // Coordinate-wise slice steps out, hit-and-run doubles; a sweep moves far, so fewer steps do.
  slice: (t) => ({ params: { w: 2 * SCALE[t.id].sigma }, steps: 5, minAccept: 1 }),
  'hit-and-run': (t) => ({ params: { w: 2 * SCALE[t.id].sigma, doubling: 1, maxSteps: 10 }, minAccept: 1 }),
  // A prior twice the unit scale, so the likelihood is never flat (ill-conditioned-nd declares its
  // own prior: there elliptical slice draws exactly).
  elliptical: () => ({ params: { s: 2 }, minAccept: 1 }),
  'polar-slice': (t) => ({ params: { w: 2 * SCALE[t.id].sigma }, minAccept: 1 }),
};

const exactTargets = TARGETS.filter((t) => t.exact);
const coordsOf = (d: number) => (d === 2 ? [0, 1] : [0, 1, d - 1]);

describe.each(ENGINE_KINDS)('stationarity on %s', (kind) => {
  for (const [sampler, caseOf] of Object.entries(CASES)) {
    test.each(exactTargets.map((t) => [t.id, t] as const))(`${sampler} keeps %s invariant`, async (_id, target) => {
      const engine = await engineOf(kind);
      const d = dimensionOf(target, D_ND);
      const c = caseOf(target, d);
      await engine.configure({ target: target.id, d, sampler, params: c.params, chains: N, seed: 11, init: 'exact' });
      if (c.tuning) engine.tune(c.tuning);
      const steps = c.steps ?? K;
      engine.run(steps);
      const after = await engine.readPositions();
      const fresh = initialPositions(target, d, N, 99, 'exact');
      const snap = await engine.snapshot();
      // The test has power only if chains moved.
      expect(snap.totals.accepted / (N * steps)).toBeGreaterThanOrEqual(c.minAccept);
      const { failures } = compareSamples(after, fresh, d, coordsOf(d));
      expect(failures).toEqual([]);
    });
  }

  // The metric paths: a diagonal mass matrix equal to the true variances (what warm-up aims at)
  // whitens ill-conditioned-nd, so a unit-scale step moves every coordinate. Kinetic Langevin runs
  // BAOAB here, exact on Gaussians whatever h (OBABO's position variance would be 1/(1 − h²/4)).
  test.each([['hmc', { eps: 0.5, L: 6 }], ['nuts', { eps: 0.5 }], ['mala', { h: 0.6 }], ['kinetic', { h: 0.4, gamma: 0.5, scheme: 0 }]] as const)(
    '%s with a diagonal mass matrix keeps ill-conditioned-nd invariant', async (sampler, params) => {
      const engine = await engineOf(kind);
      const target = TARGETS.find((t) => t.id === 'ill-conditioned-nd')!;
      const d = D_ND;
      await engine.configure({ target: target.id, d, sampler, params, chains: N, seed: 12, init: 'exact' });
      engine.tune({ invMass: Float64Array.from(target.truth(d).variance) });
      engine.run(K);
      const snap = await engine.snapshot();
      expect(snap.totals.accepted / (N * K)).toBeGreaterThan(0.3);
      const { failures } = compareSamples(await engine.readPositions(), initialPositions(target, d, N, 98, 'exact'), d, [0, d - 1]);
      expect(failures).toEqual([]);
    });
});

/** A transition that is wrong on purpose (HMC exact for p^0.8, not p) must be caught: the test
 * can fail. */
test('the stationarity check rejects a sampler of the wrong distribution', () => {
  const base = TARGETS.find((t) => t.id === 'gaussian')!;
  const tempered: TargetDecl = {
    ...base,
    logDensity: (x) => 0.8 * base.logDensity(x),
    gradLogDensity: (x, g) => {
      const lp = base.gradLogDensity(x, g);
      for (let i = 0; i < g.length; i++) g[i] *= 0.8;
      return 0.8 * lp;
    },
  };
  const start = initialPositions(base, 2, N, 11, 'exact');
  const state = { x: new Float64Array(2), g: new Float64Array(2), logp: 0 };
  const scratch = { a: new Float64Array(2), b: new Float64Array(2), c: new Float64Array(2), four: new Float64Array(4) };
  const rng = new RngStream(seedKey(11), 0, 0);
  const params = { ...defaultParams(hmc.params), eps: 0.3, L: 10 };
  for (let c = 0; c < N; c++) {
    state.x[0] = start[c];
    state.x[1] = start[N + c];
    state.logp = tempered.gradLogDensity(state.x, state.g);
    for (let t = 0; t < K; t++) {
      rng.reset(c, t);
      hmc.cpuStep(state, { target: tempered, params, rng, scratch, aux: new Float64Array(0), tuning: defaultTuning(2, false), iteration: t });
    }
    start[c] = state.x[0];
    start[N + c] = state.x[1];
  }
  const { failures } = compareSamples(start, initialPositions(base, 2, N, 99, 'exact'), 2, [0, 1]);
  expect(failures.length).toBeGreaterThan(0);
});
