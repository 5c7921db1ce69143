// The engines own a flow sampler's training (trainFlow): the page, the worker and the tests drive
// it through the SamplingEngine contract on either engine.
import { describe, expect, test } from 'vitest';
import { EngineError } from '../../src/engine/errors';
import type { GpuEngine } from '../../src/engine/gpu-engine';
import { flowSamples, SHOWN_FLOW_SAMPLES, trainingSeed, untrainedFlow } from '../../src/flows/flow-run';
import { flowLayout } from '../../src/flows/realnvp';
import { ENGINE_KINDS, engineOf } from '../support/engines';

const BANANA_LOG_Z = Math.log(4 * Math.PI);
const RUN = { target: 'banana', sampler: 'flow-imh', chains: 1024, seed: 5, params: { trainBatch: 256, lr: 0.01 } } as const;
const SHAPE = { d: 2, layers: 6, width: 16, depth: 2 };

describe.each(ENGINE_KINDS)('trainFlow on %s', (kind) => {
  test('rounds raise the ELBO towards log Z, the chains get the trained flow, the draws shown are the flow\'s', async () => {
    const engine = await engineOf(kind);
    await engine.configure(RUN);
    const first = await engine.trainFlow(10);
    const later = await engine.trainFlow(90);
    expect(first.stopped).toBeUndefined();
    const [a, b] = [first.point!, later.point!];
    console.log(`${kind}: ELBO after 10 iterations ${a.elbo.toFixed(3)}, after 100 ${b.elbo.toFixed(3)} ` +
      `(log Z ${BANANA_LOG_Z.toFixed(3)}), IS log Z ${b.logZ.toFixed(3)} ± ${b.logZSe.toFixed(3)}, IS-ESS ${b.essFraction.toFixed(2)}`);
    // Each ELBO is a batch mean of 256 losses, with its standard error.
    expect(b.elbo - a.elbo).toBeGreaterThan(4 * Math.hypot(a.elboSe, b.elboSe));
    expect(b.elbo).toBeLessThan(BANANA_LOG_Z + 4 * b.logZSe);
    expect(Math.abs(b.logZ - BANANA_LOG_Z)).toBeLessThan(4 * b.logZSe + 0.01);
    expect(later.shown).toBe(SHOWN_FLOW_SAMPLES);
    expect(later.samples.length).toBe(2 * SHOWN_FLOW_SAMPLES);
    expect(later.samples.every(Number.isFinite)).toBe(true);
    // The flow the draws come from moved away from the untrained one.
    const untrained = flowSamples(untrainedFlow(SHAPE, RUN.seed), SHAPE, SHOWN_FLOW_SAMPLES, RUN.seed);
    expect(later.samples).not.toEqual(untrained);
    if (kind === 'webgpu') {
      const gpu = engine as GpuEngine;
      expect(gpu.gpuState()?.chains).toBe(SHOWN_FLOW_SAMPLES);
      engine.run(1);
      expect(gpu.gpuState()?.chains).toBe(RUN.chains);
    }
    // With the trained flow as proposal, most independence proposals are accepted.
    engine.resetStats();
    engine.run(20);
    const s = await engine.snapshot();
    expect(s.stats.acceptProb / (s.chains * s.statsIterations)).toBeGreaterThan(0.5);
  });

  test('samplers without a flow refuse to train; a bad iteration count is rejected', async () => {
    const engine = await engineOf(kind);
    await engine.configure({ target: 'banana', sampler: 'hmc', chains: 16, seed: 1 });
    await expect(engine.trainFlow(5)).rejects.toThrow(/has no flow to train/);
    await engine.configure(RUN);
    await expect(engine.trainFlow(-1)).rejects.toBeInstanceOf(EngineError);
  });
});

test('GPU and CPU train the same flow from the same draws (float32 vs float64)', async () => {
  const rounds = await Promise.all(ENGINE_KINDS.map(async (kind) => {
    const engine = await engineOf(kind);
    await engine.configure(RUN);
    return (await engine.trainFlow(30)).point!;
  }));
  const [gpu, cpu] = rounds;
  console.log(`after 30 iterations: ELBO GPU ${gpu.elbo.toFixed(5)}, CPU ${cpu.elbo.toFixed(5)}`);
  // Same base draws, same Adam steps: they differ by float32 rounding carried through 30 steps,
  // far below the batch's own Monte Carlo error (logZSe ≈ 0.03 here).
  expect(Math.abs(gpu.elbo - cpu.elbo)).toBeLessThan(0.1 * cpu.logZSe);
});

test('a training batch whose activations exceed the device\'s buffer limit is rejected, naming trainBatch', async () => {
  const engine = (await engineOf('webgpu')) as GpuEngine;
  const limit = Math.min(engine.device.limits.maxStorageBufferBindingSize, engine.device.limits.maxBufferSize);
  const shape = { d: 50, layers: 16, width: 64, depth: 4 };
  // Activation floats per particle: every coupling layer's input and its dense layers' outputs.
  const perParticle = 4 * flowLayout(shape).dense.reduce((sum, mlp) => sum + shape.d + mlp.reduce((r, s) => r + s.rows, 0), 0);
  const batch = Math.min(65536, Math.ceil((limit + 1) / perParticle));
  expect(batch * perParticle, 'the largest batch must exceed this device\'s limit').toBeGreaterThan(limit);
  const bad = engine.configure({
    target: 'gaussian-nd', d: 50, sampler: 'flow-imh', chains: 16, seed: 1,
    params: { flowLayers: 16, flowWidth: 64, flowDepth: 4, trainBatch: batch },
  });
  await expect(bad).rejects.toThrow(EngineError);
  await expect(bad).rejects.toMatchObject({ field: 'trainBatch' });
  expect(trainingSeed(1)).not.toBe(1);
});
