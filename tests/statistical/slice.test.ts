import { describe, expect, test } from 'vitest';
import { EngineError } from '../../src/engine/errors';
import { initialPositions } from '../../src/engine/init-state';
import { findSampler } from '../../src/samplers';
import { findTarget } from '../../src/targets';
import type { TargetDecl } from '../../src/targets/types';
import { compareSamples } from '../support/stationarity';
import { ENGINE_KINDS, engineOf, STATISTICAL_ENGINES } from '../support/engines';
import { testDevice } from '../support/gpu';
import { cpuTransitions, gpuTransitions, type TransitionRun, type TransitionSpec } from '../support/transitions';

/** Every slice sampler and bracket variant. */
const VARIANTS = [
  { sampler: 'slice', params: {} },
  { sampler: 'slice', params: { doubling: 1 } },
  { sampler: 'hit-and-run', params: {} },
  { sampler: 'hit-and-run', params: { doubling: 1 } },
  { sampler: 'elliptical', params: { s: 2 } },
  { sampler: 'polar-slice', params: {} },
] as const;
const label = (v: (typeof VARIANTS)[number]) => `${v.sampler}${'doubling' in v.params ? ' (doubling)' : ''}`;

const D = 5;
const CHAINS = 256;

/** A test target in both languages: WGSL (which may count its calls in `evaluations`) and a
 * TypeScript twin. `logDensity` of the twin is what the CPU transitions call. */
function testTarget(logDensity: (x: Float64Array) => number): TargetDecl {
  return {
    ...findTarget('gaussian-nd')!,
    logDensity,
    gradLogDensity: () => {
      throw new Error('slice samplers do not use gradients');
    },
  };
}

const gaussianLogDensity = (x: Float64Array) => -0.5 * x.reduce((s, v) => s + v * v, 0);

/** A unit Gaussian, and the test targets built on it. */
const GAUSSIAN_WGSL = /* wgsl */ `
fn unit_gaussian(x: ptr<function, array<f32, D>>) -> f32 {
  var s = 0.0;
  for (var i = 0u; i < D; i = i + 1u) {
    s = s + (*x)[i] * (*x)[i];
  }
  return -0.5 * s;
}

fn grad_log_density(x: ptr<function, array<f32, D>>, g: ptr<function, array<f32, D>>) -> f32 {
  return log_density(x);
}
`;

/** Counts its calls (the harness reads `evaluations`). */
const COUNTING_WGSL = GAUSSIAN_WGSL + /* wgsl */ `
fn log_density(x: ptr<function, array<f32, D>>) -> f32 {
  evaluations = evaluations + 1u;
  return unit_gaussian(x);
}
`;

/** NaN where x0 > 0.5, +Inf where x1 > 1 (both outside every slice), a unit Gaussian elsewhere.
 * The bit patterns depend on x so that no compiler folds them (a constant NaN does not compile). */
const BAD_WGSL = GAUSSIAN_WGSL + /* wgsl */ `
fn log_density(x: ptr<function, array<f32, D>>) -> f32 {
  let runtime_zero = u32(abs((*x)[0]) * 0.0);
  if ((*x)[0] > 0.5) {
    return bitcast<f32>(0x7fc00000u + runtime_zero);
  }
  if ((*x)[1] > 1.0) {
    return bitcast<f32>(0x7f800000u + runtime_zero);
  }
  return unit_gaussian(x);
}
`;
const badLogDensity = (x: Float64Array) => (x[0] > 0.5 ? NaN : x[1] > 1 ? Infinity : gaussianLogDensity(x));

const spec = (v: (typeof VARIANTS)[number], starts: Float64Array, steps: number): TransitionSpec => ({
  sampler: findSampler(v.sampler)!, params: v.params, d: D, starts, steps, seed: 21,
});

describe('density evaluations are counted exactly', () => {
  const starts = initialPositions(findTarget('gaussian-nd')!, D, CHAINS, 4, 'exact');

  test.each(VARIANTS.map((v) => [label(v), v] as const))('%s on the GPU: reported = calls the target counted', async (_l, v) => {
    const { device } = await testDevice();
    const run = await gpuTransitions(device, COUNTING_WGSL, spec(v, starts, 4));
    expect(run.counted.reduce((a, b) => a + b)).toBeGreaterThan(4 * CHAINS);
    expect(Array.from(run.densityEvals)).toEqual(Array.from(run.counted));
  });

  test.each(VARIANTS.map((v) => [label(v), v] as const))('%s on the CPU: reported = calls the target counted', (_l, v) => {
    let calls = 0;
    const counting = testTarget((x) => {
      calls++;
      return gaussianLogDensity(x);
    });
    // One chain at a time, so each chain's count is its own.
    for (let c = 0; c < 16; c++) {
      const one = Float64Array.from({ length: D }, (_, i) => starts[i * CHAINS + c]);
      calls = 0;
      const run = cpuTransitions(counting, spec(v, one, 4));
      // cpuTransitions evaluates the start once before the transitions.
      expect(run.densityEvals[0]).toBe(calls - 1);
    }
  });
});

describe.each(ENGINE_KINDS)('evaluations per transition on %s', (kind) => {
  test('mean and max are reported, and the max restarts with the stats', async () => {
    const engine = await engineOf(kind);
    const chains = 512;
    await engine.configure({ target: 'banana', sampler: 'hit-and-run', chains, seed: 3, init: 'exact' });
    let previous: Float64Array = new Float64Array(chains);
    // The most evaluations any chain made in each transition, from the per-chain counters.
    const stepMax: number[] = [];
    for (let t = 0; t < 6; t++) {
      if (t === 3) engine.resetStats();
      engine.run(1);
      const { counters } = await engine.readChainReports();
      stepMax.push(Math.max(...counters.densityEvals.map((e, c) => e - previous[c])));
      previous = counters.densityEvals;
    }
    const snap = await engine.snapshot();
    const total = previous.reduce((a, b) => a + b);
    expect(snap.totals.densityEvals).toBe(total);
    // Stats were reset before transition 3: the max covers transitions 3..5 only.
    expect(snap.stats.maxDensityEvals).toBe(Math.max(...stepMax.slice(3)));
    const { stats } = await engine.readChainReports();
    expect(Math.max(...stats.maxDensityEvals)).toBe(snap.stats.maxDensityEvals);
    expect(total / (chains * 6)).toBeGreaterThan(2);
  });
});

describe.each(ENGINE_KINDS)('caps on %s', (kind) => {
  // One shrinkage proposal: most updates are capped. A capped hit-and-run or elliptical
  // transition keeps the whole state.
  test.each([['hit-and-run', { maxShrink: 1, w: 20 }], ['elliptical', { maxShrink: 1, s: 20 }]] as const)(
    '%s: a capped transition keeps its state and is counted', async (sampler, params) => {
      const engine = await engineOf(kind);
      const chains = 1024;
      await engine.configure({ target: 'donut', sampler, params, chains, seed: 5, init: 'exact' });
      const before = await engine.readPositions();
      engine.run(1);
      const after = await engine.readPositions();
      const { counters } = await engine.readChainReports();
      const snap = await engine.snapshot();
      expect(snap.totals.capped).toBe(counters.capped.reduce((a, b) => a + b));
      expect(snap.totals.capped).toBeGreaterThan(chains / 4);
      expect(snap.totals.capped + snap.totals.accepted).toBe(chains);
      for (let c = 0; c < chains; c++) {
        const moved = after[c] !== before[c] || after[chains + c] !== before[chains + c];
        expect(moved).toBe(counters.capped[c] === 0);
      }
    });
});

describe.each(STATISTICAL_ENGINES)('capped updates on %s', (kind) => {
  // Cutting long shrinkage paths off keeps each sampler exact: with a cap of 2 a large share of
  // updates is capped and the target is still invariant.
  test.each([
    ['slice', { maxShrink: 2, w: 4 }], ['hit-and-run', { maxShrink: 2, w: 4, doubling: 1 }],
    ['elliptical', { maxShrink: 2, s: 3 }], ['polar-slice', { maxShrink: 2, w: 4 }],
  ] as const)('%s with a shrinkage cap of 2 keeps banana invariant', async (sampler, params) => {
    const engine = await engineOf(kind);
    const target = findTarget('banana')!;
    const n = 4096;
    const steps = 10;
    await engine.configure({ target: target.id, sampler, params, chains: n, seed: 6, init: 'exact' });
    engine.run(steps);
    const snap = await engine.snapshot();
    expect(snap.totals.capped / (n * steps)).toBeGreaterThan(0.05);
    const { failures } = compareSamples(await engine.readPositions(), initialPositions(target, 2, n, 97, 'exact'), 2, [0, 1]);
    expect(failures).toEqual([]);
  });
});

/** The bracket variants the main stationarity suite does not run (it steps out coordinate-wise
 * and doubles along random directions), on the awkward targets. */
describe.each(STATISTICAL_ENGINES)('other bracket variants on %s', (kind) => {
  test.each([
    ['slice', 'funnel', { doubling: 1, w: 1 }], ['slice', 'mixture-nd', { doubling: 1, w: 1 }],
    ['hit-and-run', 'donut', { w: 0.3 }], ['hit-and-run', 'eight-modes', { w: 0.6 }],
  ] as const)('%s %s with %o keeps the target invariant', async (sampler, targetId, params) => {
    const engine = await engineOf(kind);
    const target = findTarget(targetId)!;
    const d = target.dimension.kind === 'fixed' ? target.dimension.d : 10;
    const n = 4096;
    await engine.configure({ target: targetId, d, sampler, params, chains: n, seed: 7, init: 'exact' });
    engine.run(10);
    const coords = d === 2 ? [0, 1] : [0, 1, d - 1];
    const { failures } = compareSamples(await engine.readPositions(), initialPositions(target, d, n, 96, 'exact'), d, coords);
    expect(failures).toEqual([]);
  });
});

describe.each(ENGINE_KINDS)('a target with its own Gaussian prior on %s', (kind) => {
  test('elliptical slice on ill-conditioned-nd: one evaluation per transition (the likelihood is flat)', async () => {
    const engine = await engineOf(kind);
    await engine.configure({ target: 'ill-conditioned-nd', d: 10, sampler: 'elliptical', chains: 1024, seed: 2, init: 'dispersed' });
    engine.run(10);
    const snap = await engine.snapshot();
    // In float32, log L = log p + ½ Σ (x_i/s_i)² cancels terms of up to 10⁴ (x = 10, s = 0.1 at
    // the dispersed start): rounding leaves it flat to ~10⁻³, so a level a hair under it can
    // reject the first point on the ellipse. In float64 it is flat to 10⁻¹².
    const transitions = 1024 * 10;
    if (kind === 'cpu') {
      expect(snap.totals.densityEvals).toBe(transitions);
      expect(snap.stats.maxDensityEvals).toBe(1);
    } else {
      expect(snap.totals.densityEvals).toBeLessThan(1.01 * transitions);
    }
    // Without a prior of its own, the isotropic N(0, s²I) prior leaves a likelihood to slice.
    await engine.configure({ target: 'gaussian-nd', d: 10, sampler: 'elliptical', params: { s: 2 }, chains: 1024, seed: 2 });
    engine.run(10);
    expect((await engine.snapshot()).stats.maxDensityEvals).toBeGreaterThan(1);
  });
});

describe('bad input', () => {
  test.each([
    ['slice', { w: 0 }, /Initial width w \(w\) must be in \(0, 1000\], got 0/],
    ['hit-and-run', { w: -1 }, /\(w\) must be in \(0/],
    ['slice', { maxShrink: 0 }, /Max shrinkage steps \(maxShrink\) must be in \[1, 10000\], got 0/],
    ['polar-slice', { maxSteps: 0 }, /Max steps m \(maxSteps\) must be in \[1, 1000\], got 0/],
    ['hit-and-run', { doubling: 2 }, /Doubling \(doubling\) must be in \[0, 1\], got 2/],
    ['elliptical', { s: 0 }, /Prior scale s \(s\) must be in \(0/],
    ['elliptical', { maxShrink: 0.5 }, /\(maxShrink\) must be a whole number/],
  ] as const)('%s with %o: a clear message', async (sampler, params, message) => {
    for (const kind of ENGINE_KINDS) {
      const engine = await engineOf(kind);
      const attempt = engine.configure({ target: 'banana', sampler, params, chains: 64, seed: 1 });
      await expect(attempt).rejects.toThrow(EngineError);
      await expect(attempt).rejects.toThrow(message);
    }
  });

  describe.each(['webgpu', 'cpu'] as const)('non-finite densities on %s', (kind) => {
    const run = async (v: (typeof VARIANTS)[number], starts: Float64Array, steps: number): Promise<TransitionRun> =>
      kind === 'webgpu'
        ? gpuTransitions((await testDevice()).device, BAD_WGSL, spec(v, starts, steps))
        : cpuTransitions(testTarget(badLogDensity), spec(v, starts, steps));

    test.each(VARIANTS.map((v) => [label(v), v] as const))('%s: NaN and +Inf regions are never entered, nothing hangs', async (_l, v) => {
      // Starts in the finite region, a third of its mass next to the NaN edge.
      const n = 512;
      const starts = initialPositions(findTarget('gaussian-nd')!, D, n, 9, 'exact').map((x, k) => (k < 2 * n ? Math.min(x, 0.4) : x));
      const result = await run(v, starts, 10);
      expect(result.positions.every(Number.isFinite)).toBe(true);
      expect(result.logp.every(Number.isFinite)).toBe(true);
      for (let c = 0; c < n; c++) {
        expect(result.positions[c]).toBeLessThanOrEqual(0.5);
        expect(result.positions[n + c]).toBeLessThanOrEqual(1);
      }
    });

    test.each(VARIANTS.map((v) => [label(v), v] as const))('%s: a chain whose density is NaN is capped and keeps its state', async (_l, v) => {
      const n = 64;
      // x0 = 2 (NaN there): no level can be drawn under a NaN density.
      const starts = Float64Array.from({ length: D * n }, (_, k) => (k < n ? 2 : 0.1));
      const steps = 3;
      const result = await run(v, starts, steps);
      expect(Array.from(result.capped)).toEqual(Array(n).fill(steps));
      expect(result.positions.every(Number.isFinite)).toBe(true);
      expect(Array.from(result.positions.subarray(0, n))).toEqual(Array(n).fill(2));
    });
  });
});
