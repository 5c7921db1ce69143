import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { GpuEngine } from '../../src/engine/gpu-engine';
import { CpuEngine } from '../../src/cpu/cpu-engine';
import { EngineError } from '../../src/engine/errors';
import type { RunConfig } from '../../src/engine/types';
import { nodeGpu } from '../support/gpu';
import { mean, variance } from '../support/stats';

let gpu: GpuEngine;
beforeAll(async () => {
  gpu = await GpuEngine.create(nodeGpu);
});
afterAll(() => gpu.dispose());

const base: RunConfig = { target: 'gaussian', sampler: 'hmc', chains: 1000, seed: 7 };

describe('GPU engine', () => {
  test('reports the adapter', () => {
    expect(gpu.description).toMatch(/\w/);
  });

  test('snapshot: pooled moments and counters agree with the read-back state', async () => {
    await gpu.configure({ ...base, params: { eps: 0.3, L: 5 } });
    gpu.run(13); // not a multiple of the 8 transitions per dispatch
    const snap = await gpu.snapshot({ shownChains: 100 });
    const pos = await gpu.readPositions();
    expect(snap.iteration).toBe(13);
    expect(snap.totals.gradEvals).toBe(1000 * 13 * 5);
    expect(snap.totals.accepted).toBeGreaterThan(0.5 * 13000);
    expect(snap.totals.accepted).toBeLessThanOrEqual(13000);
    for (let i = 0; i < 2; i++) {
      const coord = pos.subarray(i * 1000, (i + 1) * 1000);
      expect(snap.mean[i]).toBeCloseTo(mean(coord), 4);
      expect(snap.variance[i]).toBeCloseTo(variance(coord), 3);
      expect(Array.from(snap.positions.subarray(i * 100, i * 100 + 100))).toEqual(Array.from(coord.subarray(0, 100)));
    }
  });

  test('many read-backs in flight at once share the staging pool safely', async () => {
    await gpu.configure({ ...base, sampler: 'rwm' });
    const reads: Promise<unknown>[] = [];
    for (let i = 0; i < 8; i++) {
      gpu.run(2);
      reads.push(gpu.snapshot(), gpu.readPositions());
    }
    const results = await Promise.all(reads);
    expect((results[14] as { iteration: number }).iteration).toBe(16);
  });

  test('same seed, same chains: a run is reproducible', async () => {
    const runOnce = async () => {
      await gpu.configure({ ...base, sampler: 'rwm' });
      gpu.run(20);
      return gpu.readPositions();
    };
    expect(Array.from(await runOnce())).toEqual(Array.from(await runOnce()));
  });

  test('GPU and CPU consume the same random numbers: trajectories coincide for a few steps', async () => {
    for (const sampler of ['rwm', 'hmc']) {
      // Started in the typical set: from the dispersed start HMC crosses the banana's steep tails, where
      // float32 rounding grows chaotically along a trajectory.
      const cfg: RunConfig = { ...base, target: 'banana', sampler, chains: 512, init: 'exact' };
      const cpu = new CpuEngine();
      await Promise.all([gpu.configure(cfg), cpu.configure(cfg)]);
      gpu.run(5);
      cpu.run(5);
      const [a, b] = await Promise.all([gpu.readPositions(), cpu.readPositions()]);
      let close = 0;
      for (let c = 0; c < 512; c++) {
        if (Math.abs(a[c] - b[c]) < 1e-2 && Math.abs(a[512 + c] - b[512 + c]) < 1e-2) close++;
      }
      // WGSL's sin/cos are accurate to 2^-11 absolute, so the Box–Muller normals agree to ~5e-4 and
      // positions after five transitions to a few 1e-3; other random numbers would differ by O(1).
      // float32 vs float64 can flip an accept decision that sits on the boundary: rare.
      expect(close / 512, sampler).toBeGreaterThan(0.97);
    }
  });

  test('bad input: a clear EngineError, and the previous run keeps going', async () => {
    await gpu.configure(base);
    const bad: [Partial<RunConfig>, RegExp][] = [
      [{ target: 'nope' }, /Unknown target "nope"/],
      [{ sampler: 'nuts-ish' }, /Unknown sampler/],
      [{ chains: -5 }, /Number of chains/],
      [{ chains: 1e12 }, /Number of chains/],
      [{ chains: 2.5 }, /Number of chains/],
      [{ params: { eps: 0 } }, /Step size ε \(eps\) must be in \(0, 10\]/],
      [{ params: { eps: NaN } }, /finite number/],
      [{ params: { eps: 1e9 } }, /must be in/],
      [{ params: { L: 0 } }, /Leapfrog steps/],
      [{ params: { bogus: 1 } }, /no parameter "bogus"/],
      [{ seed: -1 }, /Seed/],
      [{ target: 'gaussian-nd', d: 5000 }, /Dimension d of gaussian-nd must be a whole number in \[2, 1024\], got 5000/],
    ];
    for (const [patch, message] of bad) {
      await expect(gpu.configure({ ...base, ...patch } as RunConfig)).rejects.toThrow(message);
    }
    const err = await gpu.configure({ ...base, chains: -5 }).catch((e) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect(err.field).toBe('chains');
    // Every bad setting is named at once, each with its field.
    const many = await gpu.configure({ ...base, target: 'nope', chains: -5, params: { eps: 0, L: 2.5 } }).catch((e) => e);
    expect(many.problems.map((p: { field: string }) => p.field)).toEqual(['target', 'chains', 'eps', 'L']);
    expect(many.message).toMatch(/Unknown target "nope".*; Number of chains.*; Step size.*; Leapfrog steps.*whole number/);
    gpu.run(3);
    expect((await gpu.snapshot()).iteration).toBe(3);
    expect(() => gpu.run(-1)).toThrow(EngineError);
  });

  test('a state buffer beyond the device limit is refused with the largest chain count that fits', async () => {
    const limit = gpu.device.limits.maxStorageBufferBindingSize;
    const chains = Math.min(1 << 22, Math.ceil(limit / (4 * 2)) + 1);
    if (chains * 8 <= limit) {
      // The device allows more than MAX_CHAINS in 2-D: use the dimension instead.
      await expect(gpu.configure({ ...base, target: 'gaussian-nd', d: 1024, chains: 1 << 22 })).rejects.toThrow(/at most \d+ chains fit/);
    } else {
      await expect(gpu.configure({ ...base, chains })).rejects.toThrow(/at most \d+ chains fit/);
    }
  });

  test('a NaN or infinite log-density is a divergence, never a crash', async () => {
    // HMC with a huge step on the funnel: trajectories overflow to Inf/NaN in the neck.
    await gpu.configure({ ...base, target: 'funnel', params: { eps: 4, L: 20 }, chains: 256 });
    gpu.run(10);
    const snap = await gpu.snapshot();
    expect(snap.totals.divergent).toBeGreaterThan(0);
    const pos = await gpu.readPositions();
    expect(pos.every(Number.isFinite)).toBe(true);
    const init = new Float64Array(2 * 16).fill(NaN);
    await expect(gpu.configure({ ...base, chains: 16, init })).rejects.toThrow(/must all be finite/);
  });

  test('device loss: the engine re-creates the device and resumes from its checkpoint', async () => {
    await gpu.configure({ ...base, sampler: 'rwm' });
    gpu.run(10);
    const events: string[] = [];
    const restored = new Promise<void>((resolve) => gpu.on((e) => {
      events.push(e.type);
      if (e.type === 'device-restored') resolve();
    }));
    gpu.run(1);
    const inFlight = gpu.snapshot();
    gpu.simulateDeviceLoss();
    await restored;
    expect(events).toEqual(['device-lost', 'device-restored']);
    // A read-back the loss cut short is answered from the restored run, not with an error.
    expect((await inFlight).iteration).toBe(0);
    const snap = await gpu.snapshot();
    expect(snap.iteration).toBe(0); // the checkpoint taken at configure time
    gpu.run(5);
    expect((await gpu.snapshot()).iteration).toBe(5);
  });
});
