import { afterAll, describe, expect, test } from 'vitest';
import { ENGINE_KINDS, engineOf } from '../support/engines';
import { histogramBin, histogramScale, MAX_MOMENT_CHAINS, MAX_TRACE_CHAINS, momentChains } from '../../src/engine/recording';
import { EngineError } from '../../src/engine/errors';
import type { RecordSpec, Recording, RunConfig, SamplingEngine } from '../../src/engine/types';

/*
 * The recording (pooled Welford moments, integer histograms, the traced chains' ring) against the
 * same quantities computed here from the draws the ring returns. With every chain traced and a
 * window longer than the run, the ring holds every recorded draw, so the two must agree: the
 * histograms exactly (the bin formula is reproduced in float32 for the GPU), the moments to
 * float32 rounding on the GPU and float64 rounding on the CPU.
 */

const CHAINS = MAX_TRACE_CHAINS;
const spec: RecordSpec = { traceChains: CHAINS, window: 400, histogram: { coords: [0, 1], box: [-3, 3, -2, 5], bins: 24 } };

afterAll(async () => {
  for (const kind of ENGINE_KINDS) (await engineOf(kind)).dispose();
});

/** Column i of every draw in the ring, as one flat array. */
function ringColumn(r: Recording, d: number, i: number): Float64Array {
  const { rows, chains, values } = r.trace;
  const out = new Float64Array(rows * chains);
  for (let k = 0; k < rows * chains; k++) out[k] = values[k * (d + 1) + i];
  return out;
}

function moments(x: Float64Array): { mean: number; variance: number } {
  const mean = x.reduce((a, b) => a + b, 0) / x.length;
  return { mean, variance: x.reduce((a, v) => a + (v - mean) ** 2, 0) / (x.length - 1) };
}

/** The histograms from the ring's draws, binning as the engine does (in float32 for the GPU). */
function histogramsOf(r: Recording, d: number, f32: boolean) {
  const round = f32 ? Math.fround : (v: number) => v;
  const { coords, box, bins } = r.spec.histogram;
  const h1 = [new Uint32Array(bins), new Uint32Array(bins)];
  const h2 = new Uint32Array(bins * bins);
  const a = ringColumn(r, d, coords[0]);
  const b = ringColumn(r, d, coords[1]);
  // float32 on the GPU: (v − lo)·scale rounded at each operation, as the kernel computes it.
  const binOf = (v: number, lo: number, hi: number) => {
    const scale = round(histogramScale(lo, hi, bins));
    return histogramBin(round(v), round(lo), scale, bins) < 0 ? -1 : Math.floor(round(round(round(v) - round(lo)) * scale));
  };
  for (let k = 0; k < a.length; k++) {
    const i = binOf(a[k], box[0], box[1]);
    const j = binOf(b[k], box[2], box[3]);
    if (i >= 0) h1[0][i]++;
    if (j >= 0) h1[1][j]++;
    if (i >= 0 && j >= 0) h2[j * bins + i]++;
  }
  return { h1, h2 };
}

describe.each(ENGINE_KINDS)('recording on %s', (kind) => {
  const relTol = kind === 'webgpu' ? 2e-5 : 1e-12;

  test.each([
    ['banana', 'hmc', { eps: 0.2, L: 8 }],
    ['mixture', 'rwm', {}],
  ] as const)('%s with %s: pooled moments and histograms equal those of the ring\'s draws', async (target, sampler, params) => {
    const engine = await engineOf(kind);
    const cfg: RunConfig = { target, sampler, params, chains: CHAINS, seed: 5 };
    await engine.configure(cfg);
    engine.run(30); // warm-up: not recorded
    engine.record(spec);
    engine.run(7);
    engine.run(150);
    engine.run(43);
    const s = await engine.snapshot({ traceSince: 0 });
    const r = s.recording!;
    expect(r.start).toBe(30);
    expect(r.draws).toBe(200);
    expect(r.trace).toMatchObject({ from: 30, rows: 200, chains: CHAINS });
    for (let i = 0; i < 2; i++) {
      const m = moments(ringColumn(r, 2, i));
      expect(Math.abs(r.mean[i] - m.mean)).toBeLessThan(relTol * Math.sqrt(m.variance) * 10);
      expect(Math.abs(r.variance[i] / m.variance - 1)).toBeLessThan(relTol * 10);
    }
    const { h1, h2 } = histogramsOf(r, 2, kind === 'webgpu');
    expect(Array.from(r.hist1[0])).toEqual(Array.from(h1[0]));
    expect(Array.from(r.hist1[1])).toEqual(Array.from(h1[1]));
    expect(Array.from(r.hist2)).toEqual(Array.from(h2));
    // Most draws land in the box (the test would pass vacuously on empty histograms).
    expect(h2.reduce((a, b) => a + b, 0)).toBeGreaterThan(0.5 * CHAINS * 200);
    // The ring's last row is the chains' current state.
    const pos = await engine.readPositions();
    for (let c = 0; c < CHAINS; c++) {
      expect(r.trace.values[(199 * CHAINS + c) * 3]).toBeCloseTo(pos[c], 5);
    }
  });

  test('per-chain moments of the viewed coordinates equal each chain\'s ring draws; chains read are capped', async () => {
    const engine = await engineOf(kind);
    const d = 5;
    await engine.configure({ target: 'gaussian-nd', d, sampler: 'hmc', params: { eps: 0.3, L: 5 }, chains: CHAINS, seed: 9 });
    engine.run(10);
    engine.record({ ...spec, histogram: { ...spec.histogram, coords: [3, 1] } });
    engine.run(120);
    const r = (await engine.snapshot({ traceSince: 0, chainMoments: [3, 1] })).recording!;
    const m = r.chainMoments!;
    expect(m).toMatchObject({ coords: [3, 1], chains: CHAINS, draws: 120 });
    [3, 1].forEach((i, k) => {
      for (let c = 0; c < CHAINS; c++) {
        const x = Float64Array.from({ length: 120 }, (_, row) => r.trace.values[(row * CHAINS + c) * (d + 1) + i]);
        const want = moments(x);
        expect(Math.abs(m.mean[k * CHAINS + c] - want.mean)).toBeLessThan(relTol * 10 * Math.sqrt(want.variance));
        expect(Math.abs(m.variance[k * CHAINS + c] / want.variance - 1)).toBeLessThan(relTol * 100);
      }
    });
    // Not asked: not read.
    expect((await engine.snapshot({ traceSince: 0 })).recording!.chainMoments).toBeUndefined();
    expect(momentChains(1 << 20, 2)).toBe(MAX_MOMENT_CHAINS);
    expect(momentChains(1 << 20, 1000)).toBeLessThan(MAX_MOMENT_CHAINS);
    expect(momentChains(100, 2)).toBe(100);
  });

  test('energies: the ring\'s last energy is each chain\'s reported last energy', async () => {
    const engine = await engineOf(kind);
    await engine.configure({ target: 'gaussian', sampler: 'hmc', params: { eps: 0.3, L: 5 }, chains: 16, seed: 2 });
    engine.record({ ...spec, traceChains: 16 });
    engine.run(12);
    const r = (await engine.snapshot({ traceSince: 0 })).recording!;
    const reports = await engine.readChainReports();
    for (let c = 0; c < 16; c++) expect(r.trace.values[(11 * 16 + c) * 3 + 2]).toBeCloseTo(reports.stats.energy[c], 4);
    expect(reports.stats.energy.some((e) => e !== 0)).toBe(true);
  });

  test('the ring is read incrementally, wraps, and keeps the newest window', async () => {
    const engine = await engineOf(kind);
    await engine.configure({ target: 'gaussian', sampler: 'rwm', chains: 100, seed: 3 });
    engine.record({ ...spec, traceChains: 4, window: 50 });
    engine.run(30);
    const a = (await engine.snapshot({ traceSince: 0 })).recording!.trace;
    engine.run(40);
    const b = (await engine.snapshot({ traceSince: 30 })).recording!.trace;
    const whole = (await engine.snapshot({ traceSince: 0 })).recording!.trace;
    expect([a.from, a.rows, b.from, b.rows]).toEqual([0, 30, 30, 40]);
    // Only the last 50 rows are left: 20…69, across the wrap.
    expect([whole.from, whole.rows]).toEqual([20, 50]);
    const row = 4 * 3;
    expect(Array.from(whole.values.subarray(0, 10 * row))).toEqual(Array.from(a.values.subarray(20 * row, 30 * row)));
    expect(Array.from(whole.values.subarray(10 * row))).toEqual(Array.from(b.values));
    // Without traceSince no rows come back; record(null) stops recording.
    expect((await engine.snapshot()).recording!.trace.rows).toBe(0);
    engine.record(null);
    expect((await engine.snapshot()).recording).toBeUndefined();
  });

  test('a bad spec is refused naming the field, and the run goes on', async () => {
    const engine: SamplingEngine = await engineOf(kind);
    await engine.configure({ target: 'gaussian', sampler: 'rwm', chains: 10, seed: 3 });
    const bad: [Partial<RecordSpec> | { histogram: RecordSpec['histogram'] }, string][] = [
      [{ traceChains: 0 }, 'traceChains'],
      [{ traceChains: 65 }, 'traceChains'],
      [{ window: 1 }, 'window'],
      [{ histogram: { ...spec.histogram, bins: 0 } }, 'bins'],
      [{ histogram: { ...spec.histogram, coords: [0, 2] } }, 'coords'],
      [{ histogram: { ...spec.histogram, box: [1, 1, 0, 1] } }, 'box'],
      [{ histogram: { ...spec.histogram, box: [0, NaN, 0, 1] } }, 'box'],
    ];
    for (const [patch, field] of bad) {
      let err: unknown;
      try {
        engine.record({ ...spec, ...patch });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(EngineError);
      expect((err as EngineError).field).toBe(field);
    }
    engine.run(3);
    expect((await engine.snapshot()).iteration).toBe(3);
  });
});

test('per-chain moments: the WebGPU engine returns those of the CPU reference (same draws up to float32)', async () => {
  const cfg: RunConfig = { target: 'banana', sampler: 'hmc', params: { eps: 0.15, L: 6 }, chains: 2048, seed: 4 };
  const read = async (kind: (typeof ENGINE_KINDS)[number]) => {
    const engine = await engineOf(kind);
    await engine.configure(cfg);
    engine.record({ ...spec, traceChains: 4 });
    engine.run(40);
    return (await engine.snapshot({ chainMoments: [0, 1] })).recording!.chainMoments!;
  };
  const [gpu, cpu] = [await read('webgpu'), await read('cpu')];
  expect(gpu).toMatchObject({ coords: [0, 1], chains: 2048, draws: 40 });
  expect(cpu).toMatchObject({ coords: [0, 1], chains: 2048, draws: 40 });
  // Trajectories coincide until float32 flips an accept decision: nearly every chain agrees.
  let close = 0;
  for (let j = 0; j < gpu.mean.length; j++) {
    if (Math.abs(gpu.mean[j] - cpu.mean[j]) < 1e-3 && Math.abs(gpu.variance[j] / cpu.variance[j] - 1) < 1e-2) close++;
  }
  expect(close / gpu.mean.length).toBeGreaterThan(0.95);
});
