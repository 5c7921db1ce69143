import { describe, expect, test } from 'vitest';
import { EngineError } from '../../src/engine/errors';
import { resolveConfig } from '../../src/engine/config';
import { initialPositions } from '../../src/engine/init-state';
import { findTarget } from '../../src/targets';
import type { RunConfig, SamplingEngine } from '../../src/engine/types';
import { compareSamples } from '../support/stationarity';
import { normalQuantile } from '../support/stats';
import { ENGINE_KINDS, engineOf } from '../support/engines';

const N = 4096;

async function runOn(engine: SamplingEngine, config: RunConfig, iterations: number) {
  await engine.configure(config);
  engine.run(iterations);
  return { pos: await engine.readPositions(), reports: await engine.readChainReports() };
}

/** Upper α-quantile of χ²(k) by Wilson–Hilferty: at α = 0.001 it is about 2% high for k = 2, 3
 * (16.55 vs 16.27 at k = 3), so the test is slightly conservative. */
function chiSquareCritical(alpha: number, k: number): number {
  const z = -normalQuantile(alpha);
  const c = 2 / (9 * k);
  return k * (1 - c + z * Math.sqrt(c)) ** 3;
}

/** Two-sample χ² on histograms of equal totals: Σ (a − b)² / (a + b) over bins, k − 1 degrees of
 * freedom; bins with fewer than 10 draws in all are pooled with their neighbour first. */
function chiSquareTwoSample(a: number[], b: number[]): { stat: number; df: number } {
  const bins: [number, number][] = [];
  let pa = 0;
  let pb = 0;
  for (let i = 0; i < a.length; i++) {
    pa += a[i];
    pb += b[i];
    if (pa + pb >= 10) {
      bins.push([pa, pb]);
      pa = pb = 0;
    }
  }
  if (pa + pb > 0 && bins.length > 0) {
    bins[bins.length - 1][0] += pa;
    bins[bins.length - 1][1] += pb;
  }
  const stat = bins.reduce((s, [x, y]) => s + (x - y) ** 2 / (x + y), 0);
  return { stat, df: bins.length - 1 };
}

const histogram = (depths: Float64Array, maxDepth: number) => {
  const h = Array<number>(maxDepth + 1).fill(0);
  for (const v of depths) h[v]++;
  return h;
};

test('GPU and CPU agree: same random numbers, same trees for most chains', async () => {
  const d = 10;
  const config: RunConfig = { target: 'gaussian-nd', d, sampler: 'nuts', params: { warmup: 0 }, chains: N, seed: 5, init: 'exact' };
  const gpu = await runOn(await engineOf('webgpu'), config, 3);
  const cpu = await runOn(await engineOf('cpu'), config, 3);
  const { failures } = compareSamples(gpu.pos, cpu.pos, d, [0, 1, d - 1]);
  expect(failures).toEqual([]);
  let sameDepth = 0;
  let sameSteps = 0;
  let close = 0;
  for (let c = 0; c < N; c++) {
    if (gpu.reports.stats.treeDepth[c] === cpu.reports.stats.treeDepth[c]) sameDepth++;
    if (gpu.reports.counters.gradEvals[c] === cpu.reports.counters.gradEvals[c]) sameSteps++;
    let far = 0;
    for (let i = 0; i < d; i++) far = Math.max(far, Math.abs(gpu.pos[i * N + c] - cpu.pos[i * N + c]));
    if (far < 1e-2) close++;
  }
  // float32 vs float64 can flip a U-turn or merge decision that sits on its boundary: rare.
  expect(sameDepth / N).toBeGreaterThan(0.95);
  expect(sameSteps / N).toBeGreaterThan(0.95);
  expect(close / N).toBeGreaterThan(0.95);
});

test('tree depth histograms on gaussian-nd (d = 100) match between WGSL and CPU', async () => {
  // ε = 0.2 puts ~31 steps in a period, near 2^5: whether a span of 31 or 63 steps reads as a U-turn
  // hangs on small terms, so depths spread over 4…maxDepth (other ε give one depth for all chains).
  const maxDepth = 6;
  const config: RunConfig = {
    target: 'gaussian-nd', d: 100, sampler: 'nuts', params: { eps: 0.2, maxDepth, warmup: 0 }, chains: N, seed: 21, init: 'exact',
  };
  const hists: number[][] = [];
  for (const kind of ENGINE_KINDS) {
    const engine = await engineOf(kind);
    // Different seeds: two independent samples, so the χ² test has its nominal level. One transition:
    // the chains start stationary, so every transition's depths have the same distribution.
    await engine.configure({ ...config, seed: config.seed + hists.length });
    engine.run(1);
    const { counters, stats } = await engine.readChainReports();
    for (let c = 0; c < N; c++) {
      const depth = stats.treeDepth[c];
      const steps = counters.gradEvals[c];
      expect(depth).toBeGreaterThanOrEqual(1);
      expect(depth).toBeLessThanOrEqual(maxDepth);
      // depth − 1 complete doublings, then at least one step of the last.
      expect(steps).toBeGreaterThanOrEqual(2 ** (depth - 1));
      expect(steps).toBeLessThanOrEqual(2 ** depth - 1);
    }
    hists.push(histogram(stats.treeDepth, maxDepth));
  }
  const { stat, df } = chiSquareTwoSample(hists[0], hists[1]);
  expect(df).toBeGreaterThanOrEqual(2);
  expect(stat).toBeLessThan(chiSquareCritical(0.001, df));
});

describe.each(ENGINE_KINDS)('on %s', (kind) => {
  test('bad input names the field: max depth beyond the cap, zero depth, zero step', async () => {
    const engine = await engineOf(kind);
    const base: RunConfig = { target: 'gaussian', sampler: 'nuts', chains: 64, seed: 1 };
    for (const [params, field] of [[{ maxDepth: 13 }, 'maxDepth'], [{ maxDepth: 0 }, 'maxDepth'], [{ eps: 0 }, 'eps']] as const) {
      const error = await engine.configure({ ...base, params }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EngineError);
      expect((error as EngineError).problems.map((p) => p.field)).toEqual([field]);
      expect((error as EngineError).message).toContain(field);
    }
  });

  // Steps large enough that leaves' weights differ (mean acceptance ~0.6 and ~0.9, some divergences on
  // the banana): a wrong multinomial or merge rule shows up here.
  test.each([['gaussian', 1.6], ['banana', 0.7]] as const)('keeps %s invariant', async (id, eps) => {
    const engine = await engineOf(kind);
    const target = findTarget(id)!;
    const K = 10;
    await engine.configure({ target: id, sampler: 'nuts', params: { eps, warmup: 0 }, chains: N, seed: 11, init: 'exact' });
    engine.run(K);
    const snap = await engine.snapshot();
    expect(snap.totals.accepted / (N * K)).toBeGreaterThan(0.5);
    const { failures } = compareSamples(await engine.readPositions(), initialPositions(target, 2, N, 99, 'exact'), 2, [0, 1]);
    expect(failures).toEqual([]);
  });
});

/** NUTS keeps 2 × maxDepth checkpoint vectors of d per chain: past the device's buffer limit the
 * configuration is refused with the largest chain count that fits at that d. */
test('checkpoint arrays past the buffer limit: a clear message with the chains that fit', () => {
  const limit = 128 * 2 ** 20;
  const config = { target: 'gaussian-nd', d: 1000, sampler: 'nuts', chains: 4096, seed: 1 };
  expect(() => resolveConfig(config, { maxStorageBytes: limit }))
    .toThrow(/20 vectors of d per chain for No-U-Turn Sampler \(NUTS\).*at d = 1000 at most 1677 chains fit/);
  // 1677 × 1000 × 20 × 4 bytes ≤ 128 MiB: accepted.
  expect(resolveConfig({ ...config, chains: 1677 }, { maxStorageBytes: limit }).auxVectors).toBe(20);
  // Fewer checkpoints, more chains.
  expect(() => resolveConfig({ ...config, params: { maxDepth: 5 } }, { maxStorageBytes: limit }))
    .toThrow(/at most 3355 chains fit/);
});
