import { describe, expect, test } from 'vitest';
import { TARGETS } from '../../src/targets';
import { dimensionOf, type TargetDecl } from '../../src/targets/types';
import { initialPositions } from '../../src/engine/init-state';
import { hmc } from '../../src/samplers/hmc';
import { RngStream, seedKey } from '../../src/rng/stream';
import { defaultParams } from '../../src/engine/params';
import { defaultTuning } from '../../src/engine/tuning';
import { compareSamples, DIAGONAL_MASS, STATIONARITY } from '../support/stationarity';
import { engineOf, STATISTICAL_ENGINES } from '../support/engines';
import { SAMPLERS } from '../../src/samplers';

/**
 * Stationarity: N chains start at exact draws, run K transitions, and their states must still be
 * distributed as the target: compared with N fresh exact draws (moments and KS per marginal,
 * family-wise α = 0.001). Chains are independent, so the N final states are iid under the null.
 */
const { chains: N, transitions: K } = STATIONARITY;
const D_ND = 10;

const exactTargets = TARGETS.filter((t) => t.exact);
const coordsOf = (d: number) => (d === 2 ? [0, 1] : [0, 1, d - 1]);

/** Every sampler that keeps its target invariant, with the case its declaration gives
 * (SamplerDecl.testing); the others say why not, and which test covers them. */
const invariantSamplers = SAMPLERS.filter((s) => !s.testing.notInvariant);

test('every sampler is in the grid or says why not', () => {
  for (const s of SAMPLERS) expect(invariantSamplers.includes(s) || s.testing.notInvariant!.length > 0, s.id).toBe(true);
  expect(exactTargets.length).toBeGreaterThan(0);
});

describe.each(STATISTICAL_ENGINES)('stationarity on %s', (kind) => {
  for (const sampler of invariantSamplers) {
    test.each(exactTargets.map((t) => [t.id, t] as const))(`${sampler.id} keeps %s invariant`, async (_id, target) => {
      const engine = await engineOf(kind);
      const d = dimensionOf(target, D_ND);
      const c = sampler.testing.caseFor(target, d);
      await engine.configure({ target: target.id, d, sampler: sampler.id, params: c.params, chains: N, seed: 11, init: 'exact' });
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

  // The metric paths (DIAGONAL_MASS).
  test.each(DIAGONAL_MASS.cases)(
    `%s with a diagonal mass matrix keeps ${DIAGONAL_MASS.target} invariant`, async (sampler, params) => {
      const engine = await engineOf(kind);
      const target = TARGETS.find((t) => t.id === DIAGONAL_MASS.target)!;
      const d = DIAGONAL_MASS.d;
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
