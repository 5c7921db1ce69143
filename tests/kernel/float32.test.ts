import { describe, expect, test } from 'vitest';
import { findTarget } from '../../src/targets';
import { initialPositions } from '../../src/engine/init-state';
import { compareSamples } from '../support/stationarity';
import { engineOf } from '../support/engines';

/**
 * The statistical grid (tests/statistical/stationarity.test.ts) runs on the float64 reference,
 * and the coupling test proves each WGSL kernel runs the same chain to float32 accuracy over a
 * few transitions. What neither covers is where float32 itself can bias a chain
 * over a run: rounding that accumulates along long trajectories, a log density summed over a
 * thousand terms (its rounding then rivals the energy errors that accept or reject), and the
 * extreme curvature of a funnel's neck. Those cases run here on the WGSL kernels: chains start
 * at exact draws and must still be distributed as the target after K transitions (moments and
 * KS per marginal against fresh exact draws, family-wise α = 0.001), as in the grid.
 */
const K = 10;

interface Float32Case {
  readonly risk: string;
  readonly target: string;
  readonly d: number;
  readonly sampler: string;
  readonly params: Record<string, number>;
  /** Chains: 4096, or 2048 at d = 1000 (the test's cost is there, its power is ample). */
  readonly chains?: number;
  /** Acceptance below which the case would have no power. */
  readonly minAccept: number;
}

const CASES: readonly Float32Case[] = [
  { risk: 'd = 1000: log p and the energy summed over 1000 float32 terms', target: 'gaussian-nd', d: 1000, sampler: 'hmc', params: { eps: 0.15, L: 10, jitter: 0.2 }, chains: 2048, minAccept: 0.5 },
  { risk: 'd = 1000, scales 0.1 to 10 (an unadapted small step)', target: 'ill-conditioned-nd', d: 1000, sampler: 'mala', params: { h: 0.002 }, chains: 2048, minAccept: 0.3 },
  { risk: 'long trajectories: 200 leapfrog steps', target: 'banana', d: 2, sampler: 'hmc', params: { eps: 0.05, L: 200, jitter: 0 }, minAccept: 0.9 },
  { risk: 'deep NUTS trees (up to 2⁹ − 1 steps) on a dense correlation', target: 'correlated-nd', d: 16, sampler: 'nuts', params: { eps: 0.02, maxDepth: 9 }, minAccept: 0.9 },
  { risk: "extreme curvature: the funnel's neck (e^(v/2) from 0.01 to 100)", target: 'funnel-nd', d: 10, sampler: 'nuts', params: { eps: 0.2, maxDepth: 8 }, minAccept: 0.3 },
  { risk: "extreme curvature: HMC diverging in the funnel's neck", target: 'funnel', d: 2, sampler: 'hmc', params: { eps: 0.3, L: 10, jitter: 0.2 }, minAccept: 0.3 },
];

describe('float32 risks on the WGSL kernels: chains started exact stay exact', () => {
  test.each(CASES.map((c) => [c.sampler, c.target, c.d, c] as const))('%s on %s (d = %d)', async (_s, _t, _d, c) => {
    const engine = await engineOf('webgpu');
    const target = findTarget(c.target)!;
    const N = c.chains ?? 4096;
    await engine.configure({ target: c.target, d: c.d, sampler: c.sampler, params: { ...c.params, warmup: 0 }, chains: N, seed: 13, init: 'exact' });
    engine.run(K);
    const snap = await engine.snapshot();
    const acceptance = snap.totals.accepted / (N * K);
    const { checks, failures } = compareSamples(await engine.readPositions(), initialPositions(target, c.d, N, 97, 'exact'), c.d, c.d === 2 ? [0, 1] : [0, 1, c.d - 1]);
    console.log(`${c.sampler} on ${c.target} (d = ${c.d}; ${c.risk}): acceptance ${acceptance.toFixed(3)}, divergent ${snap.totals.divergent}, ` +
      `worst check/critical ${Math.max(...checks.map((k) => k.value / k.critical)).toFixed(2)}`);
    expect(acceptance).toBeGreaterThanOrEqual(c.minAccept);
    expect(failures).toEqual([]);
  });
});
