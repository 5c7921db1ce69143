import { describe, expect, test } from 'vitest';
import { DualAveraging } from '../../src/engine/adaptation/dual-averaging';
import { slowWindows } from '../../src/engine/adaptation/windows';
import { DenseMoments, DiagonalMoments } from '../../src/engine/adaptation/moments';
import { cholesky } from '../../src/engine/adaptation/linalg';
import { runWarmup, Warmup } from '../../src/engine/adaptation/warmup';
import { SAMPLERS } from '../../src/samplers';
import { findTarget } from '../../src/targets';
import { ENGINE_KINDS, engineOf } from '../support/engines';
import { HostRandom } from '../../src/rng/host-random';

test('every adapt spec names parameters its sampler has', () => {
  for (const s of SAMPLERS) {
    if (!s.adapt) continue;
    const names = [s.adapt.step, s.adapt.length?.steps, s.adapt.length?.jitter, s.adapt.scale, 'warmup']
      .filter((n) => n !== undefined);
    if (s.adapt.metric !== 'none') names.push('adaptMetric');
    if (s.adapt.step) names.push('targetAccept');
    if (s.adapt.length) names.push('adaptLength');
    for (const n of names) expect(s.params, `${s.id}.${n}`).toHaveProperty(n!);
  }
});

test("Stan's windows for 1000 warm-up iterations: 75 fast, 25·2^k slow, 50 fast", () => {
  expect(slowWindows(1000)).toEqual([
    { start: 75, end: 100 }, { start: 100, end: 150 }, { start: 150, end: 250 }, { start: 250, end: 450 }, { start: 450, end: 950 },
  ]);
  // Short warm-ups scale to 15 % / 65 % / 20 %; very short ones adapt the step size only.
  expect(slowWindows(100)).toEqual([{ start: 15, end: 80 }]);
  expect(slowWindows(10)).toEqual([]);
});

test('dual averaging finds the step size whose acceptance is the target', () => {
  // A synthetic, decreasing acceptance curve a(ε) = exp(−ε²): the target 0.65 is at ε* = √(−log 0.65).
  const da = new DualAveraging(0.01, 0.65);
  let eps = 0.01;
  for (let t = 0; t < 300; t++) eps = da.update(Math.exp(-eps * eps));
  const star = Math.sqrt(-Math.log(0.65));
  expect(Math.abs(da.final - star) / star).toBeLessThan(0.05);
});

test('pooled moments: the law of total variance across rounds, and a dense factor', () => {
  const diag = new DiagonalMoments(1);
  diag.add(Float64Array.of(-1), Float64Array.of(1));
  diag.add(Float64Array.of(1), Float64Array.of(1));
  expect(diag.variance()![0]).toBeCloseTo(2, 12);
  // Dense: draws of N(0, Σ), Σ = [[4, 1.2], [1.2, 1]]: the factor of 2² Σ within MC error.
  const dense = new DenseMoments(2);
  const n = 20000;
  const pos = new Float64Array(2 * n);
  const l = cholesky(Float64Array.of(4, 1.2, 1.2, 1), 2);
  const rng = new HostRandom(5, 0, 'exact');
  for (let c = 0; c < n; c++) {
    const z0 = rng.normal();
    const z1 = rng.normal();
    pos[c] = l[0] * z0;
    pos[n + c] = l[2] * z0 + l[3] * z1;
  }
  dense.add(pos, n);
  const f = dense.factor(2)!;
  // (2L)(2L)^T = 4Σ̂: each entry of Σ̂ within 4 standard errors of Σ's (Gaussian draws:
  // SE(Σ̂ᵢⱼ) = √((ΣᵢᵢΣⱼⱼ + Σᵢⱼ²)/n), 1 % of a variance here).
  const se = (sii: number, sjj: number, sij: number) => Math.sqrt((sii * sjj + sij * sij) / n);
  expect(Math.abs((f[0] * f[0]) / 4 - 4)).toBeLessThan(4 * se(4, 4, 4));
  expect(Math.abs((f[2] * f[0]) / 4 - 1.2)).toBeLessThan(4 * se(4, 1, 1.2));
  expect(Math.abs((f[2] * f[2] + f[3] * f[3]) / 4 - 1)).toBeLessThan(4 * se(1, 1, 1));
});

describe.each(ENGINE_KINDS)('warm-up on %s', (kind) => {
  test('HMC on ill-conditioned-nd (d = 20): acceptance ≈ target, whitened step, longer trajectory', async () => {
    const engine = await engineOf(kind);
    const target = findTarget('ill-conditioned-nd')!;
    const d = 20;
    const resolved = await engine.configure({
      target: target.id, d, sampler: 'hmc', chains: 2048, seed: 4,
      params: { eps: 0.05, L: 5, warmup: 300, targetAccept: 0.65 },
    });
    const warmup = await runWarmup(engine, resolved, 5);
    expect(warmup.phase).toEqual({ kind: 'sampling' });
    engine.resetStats();
    engine.run(50);
    const s = await engine.snapshot();
    const accept = s.stats.acceptProb / (s.chains * s.statsIterations);
    // Dual averaging pooled over 2048 chains lands close to δ (the averaged iterate runs a bit
    // below the last one, hence the band).
    expect(accept).toBeGreaterThan(0.5);
    expect(accept).toBeLessThan(0.9);
    // With the learned mass the step is of the whitened unit scale, far above the 0.1 that the
    // narrowest coordinate allows without it, and ChEES has grown ε·L from 0.25.
    expect(s.params.eps).toBeGreaterThan(0.3);
    expect(s.params.eps * s.params.L).toBeGreaterThan(0.5);
    expect(s.params.jitterL).toBe(1);
  });

  test('adaptive Metropolis learns the covariance of correlated (2-D)', async () => {
    const engine = await engineOf(kind);
    const resolved = await engine.configure({
      target: 'correlated', sampler: 'adaptive-rwm', chains: 2048, seed: 5, params: { scale: 0.1, warmup: 400 },
    });
    const warmup = new Warmup(resolved);
    await runWarmup(engine, resolved, 10);
    expect(warmup.total).toBe(400);
    engine.resetStats();
    engine.run(20);
    const s = await engine.snapshot();
    expect(s.params.scale).toBe(1);
    // With (2.38²/d) Σ on a 2-D Gaussian the acceptance is ≈ 0.35 (Gelman, Roberts & Gilks 1996).
    const accept = s.totals.accepted;
    expect(accept / (s.chains * s.iteration)).toBeGreaterThan(0.2);
  });
});
