import { describe, expect, test } from 'vitest';
import { TARGETS } from '../src/targets';
import { dimensionOf, type TargetDecl } from '../src/targets/types';
import { initialPositions } from '../src/engine/init-state';
import { hmc } from '../src/samplers/hmc';
import { RngStream, seedKey } from '../src/rng/stream';
import { compareSamples } from './support/stationarity';
import { ENGINE_KINDS, engineOf } from './support/engines';

/**
 * Stationarity: N chains start at exact draws, run K transitions, and their states must still be
 * distributed as the target: compared with N fresh exact draws (moments and KS per marginal,
 * family-wise α = 0.001). Chains are independent, so the N final states are iid under the null.
 */
const N = 4096;
const K = 20;
const D_ND = 10;

/** Step sizes that make moves of a sensible size on each target (any value is valid: the
 * transitions are exact whatever the step; a useful one gives the test power). */
const TUNING: Record<string, { eps: number; L: number; sigma: number }> = {
  gaussian: { eps: 0.3, L: 10, sigma: 1 },
  correlated: { eps: 0.1, L: 10, sigma: 0.3 },
  banana: { eps: 0.2, L: 10, sigma: 1 },
  funnel: { eps: 0.2, L: 10, sigma: 1 },
  donut: { eps: 0.05, L: 10, sigma: 0.15 },
  mixture: { eps: 0.2, L: 10, sigma: 0.8 },
  squiggle: { eps: 0.1, L: 10, sigma: 0.5 },
  'eight-modes': { eps: 0.1, L: 10, sigma: 0.3 },
  'gaussian-nd': { eps: 0.3, L: 10, sigma: 0.6 },
  'ill-conditioned-nd': { eps: 0.05, L: 20, sigma: 0.05 },
  'correlated-nd': { eps: 0.1, L: 10, sigma: 0.2 },
  'funnel-nd': { eps: 0.1, L: 10, sigma: 0.3 },
  'banana-nd': { eps: 0.2, L: 10, sigma: 0.5 },
  'mixture-nd': { eps: 0.3, L: 10, sigma: 0.5 },
};

const exactTargets = TARGETS.filter((t) => t.exact);
const coordsOf = (d: number) => (d === 2 ? [0, 1] : [0, 1, d - 1]);

describe.each(ENGINE_KINDS)('stationarity on %s', (kind) => {
  for (const sampler of ['rwm', 'hmc'] as const) {
    test.each(exactTargets.map((t) => [t.id, t] as const))(`${sampler} keeps %s invariant`, async (_id, target) => {
      const engine = await engineOf(kind);
      const d = dimensionOf(target, D_ND);
      const tune = TUNING[target.id];
      expect(tune, `tuning for ${target.id}`).toBeDefined();
      const params = sampler === 'hmc' ? { eps: tune.eps, L: tune.L } : { sigma: tune.sigma };
      await engine.configure({ target: target.id, d, sampler, params, chains: N, seed: 11, init: 'exact' });
      engine.run(K);
      const after = await engine.readPositions();
      const fresh = initialPositions(target, d, N, 99, 'exact');
      const snap = await engine.snapshot();
      // The test has power only if chains moved.
      expect(snap.totals.accepted / (N * K)).toBeGreaterThan(0.05);
      const { failures } = compareSamples(after, fresh, d, coordsOf(d));
      expect(failures).toEqual([]);
    });
  }
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
  for (let c = 0; c < N; c++) {
    state.x[0] = start[c];
    state.x[1] = start[N + c];
    state.logp = tempered.gradLogDensity(state.x, state.g);
    for (let t = 0; t < K; t++) {
      rng.reset(c, t);
      hmc.cpuStep(state, { target: tempered, params: { eps: 0.3, L: 10 }, rng, scratch });
    }
    start[c] = state.x[0];
    start[N + c] = state.x[1];
  }
  const { failures } = compareSamples(start, initialPositions(base, 2, N, 99, 'exact'), 2, [0, 1]);
  expect(failures.length).toBeGreaterThan(0);
});
