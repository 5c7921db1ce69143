import { describe, expect, test } from 'vitest';
import { findTarget } from '../../src/targets';
import { runWarmup } from '../../src/engine/adaptation/warmup';
import { compareToTruth } from '../support/stationarity';
import { mean } from '../support/stats';
import { engineOf, LONG_RUN_ENGINES } from '../support/engines';

/**
 * Convergence from a dispersed start with the pooled warm-up switched on (step size by dual
 * averaging, diagonal mass in Stan's windows, ChEES length for HMC): after warm-up and a short
 * sampling phase the N final states are z-tested against the truth, every coordinate, mean and
 * variance, Bonferroni at family-wise α = 0.001 (tests/support/stationarity.ts).
 */
const N = 512;

const CASES = [
  { target: 'ill-conditioned-nd', d: 100, warmup: 300, sampling: 40 },
  { target: 'correlated-nd', d: 100, warmup: 300, sampling: 40 },
] as const;

const SAMPLERS = [
  { sampler: 'hmc', params: { eps: 0.1, L: 10 } },
  // Before the metric is learned, trees on the widest coordinates hit the cap: depth 7 bounds
  // the warm-up's cost on SwiftShader (the learned metric brings trees down to depth ~3).
  { sampler: 'nuts', params: { eps: 0.1, maxDepth: 7 } },
] as const;

describe.each(LONG_RUN_ENGINES)('adaptive convergence on %s', (kind) => {
  for (const c of CASES) {
    for (const s of SAMPLERS) {
      test(`${s.sampler} with warm-up reaches the truth on ${c.target} (d = ${c.d})`, { timeout: 400_000 }, async () => {
        const engine = await engineOf(kind);
        const target = findTarget(c.target)!;
        const resolved = await engine.configure({
          target: c.target, d: c.d, sampler: s.sampler, chains: N, seed: 21, params: { ...s.params, warmup: c.warmup },
        });
        await runWarmup(engine, resolved, 10);
        engine.run(c.sampling);
        const coords = Array.from({ length: c.d }, (_, i) => i);
        expect(compareToTruth(await engine.readPositions(), c.d, coords, target.truth(c.d))).toEqual([]);
      });
    }

  }
  /**
   * funnel-nd (d = 10): no single step size fits both the neck (v ≪ 0, scale e^(v/2)) and the
   * mouth, so HMC and NUTS with a global diagonal metric do not reach the truth in this
   * (centred) parametrisation — the known pathology (Betancourt & Girolami 2013). What they must
   * do is say so: the test pins the diagnosis rather than hiding it. Divergences are counted in
   * the sampling phase (printed here and shown by the page), the chains that diverged sit deeper
   * in the neck than those that did not (they are stuck there), and the pooled mean and variance
   * of v fail the same MCSE-based z-test that the other targets pass.
   */
  test.each(SAMPLERS.map((x) => [x.sampler, x] as const))('%s with warm-up on funnel-nd reports its divergences', async (_id, s) => {
    const engine = await engineOf(kind);
    const d = 10;
    const resolved = await engine.configure({
      target: 'funnel-nd', d, sampler: s.sampler, chains: N, seed: 21,
      // HMC keeps a fixed L here: ChEES would push L to its cap chasing the mouth's scale.
      params: { ...s.params, warmup: 300, ...(s.sampler === 'hmc' ? { adaptLength: 0 } : {}) },
    });
    await runWarmup(engine, resolved, 10);
    const before = await engine.readChainReports();
    engine.run(100);
    const after = await engine.readChainReports();
    const pos = await engine.readPositions();
    const diverged: number[] = [];
    const clean: number[] = [];
    for (let c = 0; c < N; c++) (after.counters.divergent[c] > before.counters.divergent[c] ? diverged : clean).push(pos[c]);
    const total = after.counters.divergent.reduce((a, b) => a + b, 0) - before.counters.divergent.reduce((a, b) => a + b, 0);
    console.info(`${kind} ${s.sampler} funnel-nd: ${total} divergences in ${N * 100} sampling transitions, ` +
      `${diverged.length} of ${N} chains; mean v of those ${mean(diverged).toFixed(2)} vs ${mean(clean).toFixed(2)}`);
    expect(total).toBeGreaterThan(0);
    expect(mean(diverged)).toBeLessThan(mean(clean));
    expect(compareToTruth(pos, d, [0], findTarget('funnel-nd')!.truth(d))).not.toEqual([]);
  });
});
