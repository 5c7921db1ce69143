import { test } from 'vitest';
import { acquireDevice } from '../src/engine/device';
import { GpuFlowTrainer } from '../src/flows/gpu-trainer';
import { initialFlowParams, type FlowShape } from '../src/flows/realnvp';
import { CpuFlowTrainer, FlowTraining, type AdamSettings, type FlowTrainer } from '../src/flows/training';
import { findTarget } from '../src/targets';
import { HostRandom } from '../src/rng/host-random';
import { nodeGpu } from '../tests/support/gpu';
import { MIN_SECONDS } from './measure';
import { printTable, saveSection, sci, times } from './report';

/** RealNVP training on banana: iterations/s at batch 4,096, WebGPU vs the CPU reference, and the
 * time (and iterations) to an ELBO within 0.1 nats of log Z = log 4π. */

const SHAPE: FlowShape = { d: 2, layers: 6, width: 16, depth: 2 };
const ADAM: AdamSettings = { lr: 5e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8 };
const BATCH = 4096;
const LOG_Z = Math.log(4 * Math.PI);
const ROUND = 25;

function initial(): Float64Array {
  const rng = new HostRandom(1, 0, 'init');
  return initialFlowParams(SHAPE, () => rng.normal());
}

/** Iterations/s over at least MIN_SECONDS (a read-back closes each timed block). */
async function rate(trainer: FlowTrainer): Promise<number> {
  trainer.train(1);
  await trainer.readLosses();
  for (let n = 2; ; n *= 2) {
    const t0 = performance.now();
    trainer.train(n);
    await trainer.readLosses();
    const seconds = (performance.now() - t0) / 1000;
    if (seconds >= MIN_SECONDS || n >= 1 << 16) return n / seconds;
  }
}

/** Rounds of ROUND iterations until the batch's ELBO is within 0.1 of log Z. */
async function timeToElbo(trainer: FlowTrainer): Promise<{ seconds: number; iterations: number; elbo: number }> {
  const training = new FlowTraining(trainer, initial());
  const t0 = performance.now();
  for (;;) {
    const point = await training.round(ROUND);
    if (!point) throw new Error(training.stopped);
    if (LOG_Z - point.elbo < 0.1 || point.iteration >= 5000) {
      return { seconds: (performance.now() - t0) / 1000, iterations: point.iteration, elbo: point.elbo };
    }
  }
}

test('flow training on banana: iterations/s and time to ELBO within 0.1 nats of log Z', async () => {
  const { device, description } = await acquireDevice(nodeGpu);
  const target = findTarget('banana')!;
  const make = async (kind: 'webgpu' | 'cpu'): Promise<FlowTrainer> => kind === 'webgpu'
    ? GpuFlowTrainer.create(device, { target, d: 2, shape: SHAPE, batch: BATCH, seed: 1, params: initial(), adam: ADAM })
    : new CpuFlowTrainer(target, SHAPE, BATCH, 1, initial(), ADAM);
  const rows = [];
  for (const kind of ['webgpu', 'cpu'] as const) {
    const itersPerSec = await rate(await make(kind));
    const reach = await timeToElbo(await make(kind));
    rows.push({ engine: kind, itersPerSec, ...reach });
  }
  device.destroy();
  printTable(`RealNVP training on banana (${SHAPE.layers} couplings, MLP ${SHAPE.width} × ${SHAPE.depth}, batch ${BATCH}, Adam lr ${ADAM.lr})`,
    description, ['engine', 'iterations/s', 'particle-gradients/s', 's to ELBO ≥ log Z − 0.1', 'iterations', 'ELBO then'],
    rows.map((r) => [r.engine, r.itersPerSec.toFixed(1), sci(r.itersPerSec * BATCH), r.seconds.toFixed(1), r.iterations, r.elbo.toFixed(3)]));
  console.log(`WebGPU / CPU iterations/s: ${times(rows[0].itersPerSec / rows[1].itersPerSec)}`);
  saveSection('flowTraining', description, {
    benchmark: `RealNVP reverse-KL training on banana, shape ${JSON.stringify(SHAPE)}, batch ${BATCH}, Adam lr ${ADAM.lr}; ` +
      `time to an ELBO within 0.1 of log 4π checked every ${ROUND} iterations`,
    rows,
  });
});
