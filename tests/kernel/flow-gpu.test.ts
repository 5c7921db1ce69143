import { describe, expect, test } from 'vitest';
import { flowBackward, flowConstantsWgsl, flowForward, flowLayout, initialFlowParams, newTape, type FlowShape } from '../../src/flows/realnvp';
import { wgslPrelude } from '../../src/engine/compose';
import libFlowWgsl from '../../shaders/flows/lib_flow.wgsl?raw';
import { runKernel } from '../support/kernel';
import { GpuFlowTrainer } from '../../src/flows/gpu-trainer';
import { CpuFlowTrainer, flowEstimates, type AdamSettings } from '../../src/flows/training';
import { findTarget } from '../../src/targets';
import { HostRandom } from '../../src/rng/host-random';
import { testDevice } from '../support/gpu';

/** The WGSL training kernels against the float64 reference and against finite differences of
 * their own forward pass, on random parameters. */

const ADAM: AdamSettings = { lr: 0, beta1: 0.9, beta2: 0.999, eps: 1e-8 };
const BATCH = 256;

const CASES: { target: string; d: number; shape: FlowShape }[] = [
  { target: 'banana', d: 2, shape: { d: 2, layers: 4, width: 8, depth: 2 } },
  { target: 'correlated-nd', d: 5, shape: { d: 5, layers: 3, width: 6, depth: 1 } },
];

function randomParams(shape: FlowShape, seed: number, scale: number): Float64Array {
  const rng = new HostRandom(seed, 0, 'init');
  return initialFlowParams(shape, () => rng.normal()).map(() => scale * rng.normal());
}

describe.each(CASES)('flow training kernels on $target (d = $d)', ({ target: id, d, shape }) => {
  const target = findTarget(id)!;
  const params = randomParams(shape, 5, 0.3);
  const create = async (p: Float64Array) =>
    GpuFlowTrainer.create((await testDevice()).device, { target, d, shape, batch: BATCH, seed: 9, params: p, adam: ADAM });

  test('losses and the batch-mean gradient match the float64 reference', async () => {
    const gpu = await (await create(params)).gradient(3);
    const cpu = new CpuFlowTrainer(target, shape, BATCH, 9, params, ADAM).gradient(3);
    for (let b = 0; b < BATCH; b++) {
      // float32 through exp and tanh: agreement to ~1e-3 relative.
      expect(Math.abs(gpu.losses.loss[b] - cpu.losses.loss[b])).toBeLessThan(2e-3 * (1 + Math.abs(cpu.losses.loss[b])));
      expect(Math.abs(gpu.losses.logDet[b] - cpu.losses.logDet[b])).toBeLessThan(2e-3 * (1 + Math.abs(cpu.losses.logDet[b])));
    }
    const scale = Math.max(...cpu.grads.map(Math.abs));
    for (let k = 0; k < cpu.grads.length; k++) {
      expect(Math.abs(gpu.grads[k] - cpu.grads[k]), `parameter ${k}`).toBeLessThan(2e-4 * scale + 1e-5);
    }
  });

  test('the backward pass matches central differences of the forward pass (both WGSL)', async () => {
    const trainer = await create(params);
    const { grads } = await trainer.gradient(3);
    const meanLoss = async (p: Float64Array) => {
      trainer.writeParams(p);
      const { losses } = await trainer.gradient(3);
      return losses.loss.reduce((s, v) => s + v, 0) / BATCH;
    };
    const layout = flowLayout(shape);
    // Every shift and log-scale, and a spread of MLP weights and biases.
    const picks = [...Array(layout.size).keys()].filter((k) => k >= layout.shift || k % 7 === 0);
    const h = 1e-2;
    for (const k of picks) {
      const plus = Float64Array.from(params);
      const minus = Float64Array.from(params);
      plus[k] += h;
      minus[k] -= h;
      const fd = ((await meanLoss(plus)) - (await meanLoss(minus))) / (2 * h);
      expect(Math.abs(grads[k] - fd), `parameter ${k}: ${grads[k]} vs ${fd}`).toBeLessThan(5e-3 * (1 + Math.abs(fd)));
    }
    trainer.dispose();
  });
});

test('training on banana raises the ELBO on the GPU and on the CPU reference alike', async () => {
  const target = findTarget('banana')!;
  const shape = { d: 2, layers: 6, width: 16, depth: 2 };
  const rng = new HostRandom(1, 0, 'init');
  const params = initialFlowParams(shape, () => rng.normal());
  const adam = { ...ADAM, lr: 5e-3 };
  const gpu = await GpuFlowTrainer.create((await testDevice()).device, { target, d: 2, shape, batch: 512, seed: 2, params, adam });
  const cpu = new CpuFlowTrainer(target, shape, 512, 2, params, adam);
  const before = flowEstimates((await gpu.gradient(0)).losses.loss).elbo;
  gpu.train(300);
  cpu.train(300);
  const after = flowEstimates((await gpu.gradient(10_000)).losses.loss);
  const afterCpu = flowEstimates(cpu.gradient(10_000).losses.loss);
  console.log('banana ELBO', before.toFixed(3), '→ GPU', after, 'CPU', afterCpu);
  // log Z of banana is log 4π ≈ 2.531; the identity flow's ELBO is about 1.9.
  expect(after.elbo).toBeGreaterThan(before + 0.3);
  expect(Math.abs(after.elbo - afterCpu.elbo)).toBeLessThan(0.1);
  gpu.dispose();
});

describe.each(CASES)('the per-thread flow (lib_flow.wgsl) on $target (d = $d)', ({ target: id, d, shape }) => {
  test('forward, inverse, log|det| and the pulled-back target\'s gradient match the float64 reference', async () => {
    const target = findTarget(id)!;
    const { device } = await testDevice();
    const params = randomParams(shape, 7, 0.3);
    const n = 64;
    const rng = new HostRandom(8, 0, 'init');
    const zs = Float64Array.from({ length: n * d }, () => rng.normal());
    const f32 = (v: ArrayLike<number>) => Array.from(v, (x) => `${Math.fround(x)}f`).join(', ');
    const words = 3 * d + 3;
    const code = [
      wgslPrelude(d),
      target.wgsl,
      `var<private> fp: array<f32, ${params.length}> = array<f32, ${params.length}>(${f32(params)});`,
      `var<private> zs: array<f32, ${n * d}> = array<f32, ${n * d}>(${f32(zs)});`,
      'fn flow_param(k: u32) -> f32 { return fp[k]; }',
      flowConstantsWgsl(shape),
      libFlowWgsl,
      `@group(0) @binding(0) var<storage, read_write> out: array<u32>;
       @compute @workgroup_size(64) fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
         let p = gid.x;
         if (p >= ${n}u) { return; }
         var z: array<f32, D>;
         for (var i = 0u; i < D; i = i + 1u) { z[i] = zs[p * D + i]; }
         var x: array<f32, D>;
         let ld = flow_forward(&z, &x);
         var back: array<f32, D>;
         let ld_inv = flow_inverse(&x, &back);
         for (var i = 0u; i < D; i = i + 1u) {
           out[p * ${words}u + i] = bitcast<u32>(x[i]);
           out[p * ${words}u + D + i] = bitcast<u32>(back[i]);
         }
         out[p * ${words}u + 2u * D] = bitcast<u32>(ld);
         out[p * ${words}u + 2u * D + 1u] = bitcast<u32>(ld_inv);
         var gz: array<f32, D>;
         let lpz = latent_grad_log_density(&z, &gz);
         out[p * ${words}u + 2u * D + 2u] = bitcast<u32>(lpz);
         for (var i = 0u; i < D; i = i + 1u) { out[p * ${words}u + 2u * D + 3u + i] = bitcast<u32>(gz[i]); }
       }`,
    ].join('\n');
    const out = new Float32Array((await runKernel(device, code, n, n * words)).buffer);
    const tape = newTape(shape);
    for (let p = 0; p < n; p++) {
      const z = zs.subarray(p * d, (p + 1) * d);
      const x = new Float64Array(d);
      const logDet = flowForward(params, shape, z, x, tape);
      const row = out.subarray(p * words, (p + 1) * words);
      for (let i = 0; i < d; i++) {
        expect(Math.abs(row[i] - x[i])).toBeLessThan(1e-4 * (1 + Math.abs(x[i])));
        expect(Math.abs(row[d + i] - z[i])).toBeLessThan(1e-4 * (1 + Math.abs(z[i])));
      }
      expect(Math.abs(row[2 * d] - logDet)).toBeLessThan(1e-4 * (1 + Math.abs(logDet)));
      expect(Math.abs(row[2 * d + 1] - logDet)).toBeLessThan(1e-4 * (1 + Math.abs(logDet)));
      // NeuTra's target in z: log p(f(z)) + log|det|, gradient J^T ∇log p + ∇log|det|.
      const gx = new Float64Array(d);
      const lpz = target.gradLogDensity(x, gx) + logDet;
      const gz = new Float64Array(d);
      flowBackward(params, shape, tape, gx, 1, gz);
      expect(Math.abs(row[2 * d + 2] - lpz)).toBeLessThan(1e-3 * (1 + Math.abs(lpz)));
      const gScale = Math.max(1, ...gz.map(Math.abs));
      for (let i = 0; i < d; i++) expect(Math.abs(row[2 * d + 3 + i] - gz[i]), `∂/∂z${i}`).toBeLessThan(1e-3 * gScale);
    }
  });
});
