import { describe, expect, test } from 'vitest';
import { findTarget } from '../../src/targets';
import { dimensionOf } from '../../src/targets/types';
import { compareToTruth } from '../support/stationarity';
import { engineOf, LONG_RUN_ENGINES } from '../support/engines';

/**
 * Convergence from a dispersed start: after the warm-up the N final states (one per independent
 * chain) are iid draws from the target up to a bias far below their MCSE; pooled means and
 * variances are z-tested against the truth (family-wise α = 0.001).
 */
const N = 4096;

// HMC trajectory lengths εL stay away from multiples of π on the unit-scale Gaussians: at εL ≈ π
// leapfrog maps x to ≈ -x and the chains barely mix.

const CASES = [
  { target: 'gaussian', d: 2, rwm: { sigma: 1.5, iters: 400 }, hmc: { eps: 0.2, L: 8, iters: 100 } },
  { target: 'correlated', d: 2, rwm: { sigma: 0.35, iters: 1500 }, hmc: { eps: 0.15, L: 10, iters: 300 } },
  { target: 'banana', d: 2, rwm: { sigma: 1.2, iters: 2000 }, hmc: { eps: 0.2, L: 12, iters: 300 } },
  { target: 'gaussian-nd', d: 50, rwm: { sigma: 0.34, iters: 2000 }, hmc: { eps: 0.25, L: 10, iters: 200 } },
] as const;

describe.each(LONG_RUN_ENGINES)('convergence on %s', (kind) => {
  for (const c of CASES) {
    for (const sampler of ['rwm', 'hmc'] as const) {
      test(`${sampler} reaches the truth on ${c.target}`, async () => {
        const engine = await engineOf(kind);
        const target = findTarget(c.target)!;
        const d = dimensionOf(target, c.d);
        const { iters, ...params } = c[sampler];
        await engine.configure({ target: c.target, d, sampler, params, chains: N, seed: 3, init: 'dispersed' });
        engine.run(iters);
        const pos = await engine.readPositions();
        const coords = d === 2 ? [0, 1] : Array.from({ length: d }, (_, i) => i);
        expect(compareToTruth(pos, d, coords, target.truth(d))).toEqual([]);
      });
    }
  }
});
