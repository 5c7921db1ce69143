import { describe, expect, test } from 'vitest';
import { initialFlowParams, type FlowShape } from '../../src/flows/realnvp';
import { GpuFlowTrainer } from '../../src/flows/gpu-trainer';
import { CpuFlowTrainer, FlowTraining, type AdamSettings, type FlowTrainer } from '../../src/flows/training';
import { findTarget } from '../../src/targets';
import type { TargetDecl } from '../../src/targets/types';
import { EngineError } from '../../src/engine/errors';
import { HostRandom } from '../../src/rng/host-random';
import { ENGINE_KINDS, engineOf } from '../support/engines';
import { testDevice } from '../support/gpu';

const SHAPE: FlowShape = { d: 2, layers: 6, width: 16, depth: 2 };
const ADAM: AdamSettings = { lr: 5e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8 };
const BATCH = 512;
/** Banana's normaliser: ∫ exp(−x²/8 − (y − (x² − 4)/4)²/2) = √(8π) · √(2π) = 4π. */
const BANANA_LOG_Z = Math.log(4 * Math.PI);

function initial(): Float64Array {
  const rng = new HostRandom(1, 0, 'init');
  return initialFlowParams(SHAPE, () => rng.normal());
}

async function trainerOn(kind: (typeof ENGINE_KINDS)[number], target: TargetDecl, adam = ADAM): Promise<FlowTrainer> {
  return kind === 'webgpu'
    ? GpuFlowTrainer.create((await testDevice()).device, { target, d: 2, shape: SHAPE, batch: BATCH, seed: 2, params: initial(), adam })
    : new CpuFlowTrainer(target, SHAPE, BATCH, 2, initial(), adam);
}

describe.each(ENGINE_KINDS)('flow training on %s', (kind) => {
  test('banana: the ELBO comes within 0.1 nats of log Z, importance-weight ESS above 50 %', async () => {
    const training = new FlowTraining(await trainerOn(kind, findTarget('banana')!), initial());
    for (let r = 0; r < 4; r++) await training.round(100);
    const last = training.history.at(-1)!;
    console.log(kind, 'banana after', last.iteration, 'iterations: ELBO', last.elbo.toFixed(4), 'log Z', last.logZ.toFixed(4),
      '±', last.logZSe.toFixed(4), '(true', BANANA_LOG_Z.toFixed(4), ') IS-ESS', last.essFraction.toFixed(3));
    expect(training.stopped).toBeUndefined();
    expect(BANANA_LOG_Z - last.elbo).toBeLessThan(0.1);
    expect(BANANA_LOG_Z - last.elbo).toBeGreaterThan(-4 * last.logZSe);
    expect(last.essFraction).toBeGreaterThan(0.5);
    // log Z by importance sampling, against the known value, within 4 of its standard errors.
    expect(Math.abs(last.logZ - BANANA_LOG_Z)).toBeLessThan(4 * last.logZSe);
  });

  test('a NaN loss stops training with a message and keeps the last good flow', async () => {
    const nan: TargetDecl = {
      ...findTarget('banana')!,
      id: 'nan-density',
      // The bit pattern depends on x, so no compiler folds it (a constant NaN does not compile).
      wgsl: `fn log_density(x: ptr<function, array<f32, D>>) -> f32 { return bitcast<f32>(0x7fc00000u + u32(abs((*x)[0]) * 0.0)); }
fn grad_log_density(x: ptr<function, array<f32, D>>, g: ptr<function, array<f32, D>>) -> f32 { return log_density(x); }`,
      logDensity: () => NaN,
      gradLogDensity: () => NaN,
    };
    const trainer = await trainerOn(kind, nan);
    const training = new FlowTraining(trainer, initial());
    expect(await training.round(10)).toBeUndefined();
    expect(training.stopped).toMatch(/Training stopped at iteration 10: the loss is not a number \(512 of 512 particles non-finite\)/);
    // The initial parameters, as the engine stores them (float32 on the GPU).
    const kept = Array.from(initial(), (v) => (kind === 'cpu' ? v : Math.fround(v)));
    expect(Array.from(await trainer.readParams())).toEqual(kept);
    expect(await training.round(10)).toBeUndefined();
  });
});

test('learning rates out of range are rejected with the parameter named', async () => {
  for (const kind of ENGINE_KINDS) {
    const engine = await engineOf(kind);
    for (const lr of [0, -1, 5, NaN]) {
      const attempt = engine.configure({ target: 'banana', sampler: 'flow-imh', params: { lr }, chains: 64, seed: 1 });
      await expect(attempt).rejects.toThrow(EngineError);
      await expect(attempt).rejects.toThrow(/Learning rate \(lr\)/);
    }
  }
});
