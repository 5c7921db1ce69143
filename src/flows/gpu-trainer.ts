import trainWgsl from '../../shaders/flows/train.wgsl?raw';
import { wgslPrelude } from '../engine/compose';
import { EngineError } from '../engine/errors';
import { checkedModule, dispatchSize } from '../engine/pipelines';
import { StagingPool } from '../engine/readback';
import { seedKey } from '../rng/stream';
import type { TargetDecl } from '../targets/types';
import { flowLayout, type FlowShape } from './realnvp';
import type { AdamSettings, FlowTrainer, ParticleLosses } from './training';

interface Plan {
  /** The WGSL `layers` table: every dense layer's offsets, coupling layer by coupling layer. */
  readonly layers: Uint32Array<ArrayBuffer>;
  /** Floats of acts (and of deltas, which shares its offsets). */
  readonly actsFloats: number;
  /** The widest dense layer (private arrays in the kernel). */
  readonly maxRows: number;
}

/** Offsets of every coupling layer's saved input and every dense layer's output in `acts`. */
function plan(shape: FlowShape, batch: number): Plan {
  const layout = flowLayout(shape);
  const words: number[] = [];
  let acts = 0;
  const alloc = (rows: number) => {
    const at = acts;
    acts += rows * batch;
    return at;
  };
  layout.dense.forEach((mlp, k) => {
    let input = alloc(shape.d);
    mlp.forEach((s, l) => {
      const output = alloc(s.rows);
      words.push(s.w, s.b, s.rows, s.cols, input, output, k, l);
      input = output;
    });
  });
  return { layers: Uint32Array.from(words), actsFloats: acts, maxRows: Math.max(2 * shape.d, shape.width) };
}

/** Every layer's activations for the whole batch live in one buffer: say how large a batch fits
 * where it does not. */
function checkLimits(device: GPUDevice, p: Plan, batch: number): void {
  const limit = Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize);
  const bytes = 4 * p.actsFloats;
  if (bytes <= limit) return;
  const perParticle = bytes / batch;
  throw new EngineError(
    `Flow training: a batch of ${batch} keeps ${(bytes / 2 ** 20).toFixed(0)} MiB of activations, over this device's limit of ` +
      `${(limit / 2 ** 20).toFixed(0)} MiB per buffer: with this flow at most ${Math.floor(limit / perParticle)} particles fit — ` +
      'lower the batch, the width or the number of layers',
    'trainBatch',
  );
}

export interface GpuTrainerConfig {
  readonly target: TargetDecl;
  readonly d: number;
  readonly shape: FlowShape;
  readonly batch: number;
  readonly seed: number;
  readonly params: Float64Array;
  readonly adam: AdamSettings;
}

/**
 * Trains a RealNVP flow on the GPU by reverse KL: every iteration draws `batch` base samples,
 * pushes them through the flow, evaluates the target's log-density and gradient, back-propagates
 * and takes one Adam step, all in one submit with nothing read back.
 */
export class GpuFlowTrainer implements FlowTrainer {
  private readonly buffers: Record<'train' | 'layers' | 'params' | 'grads' | 'acts' | 'deltas' | 'ends' | 'particle' | 'moments', GPUBuffer>;
  private readonly group: GPUBindGroup;
  private readonly staging: StagingPool;
  private readonly nParams: number;
  private iteration = 0;

  private constructor(
    private readonly device: GPUDevice, private readonly config: GpuTrainerConfig,
    private readonly pipelines: { particle: GPUComputePipeline; params: GPUComputePipeline }, layout: GPUBindGroupLayout, p: Plan,
  ) {
    const { d, batch, shape } = config;
    this.nParams = flowLayout(shape).size;
    const storage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
    const make = (label: string, floats: number, usage = storage) =>
      device.createBuffer({ label, size: Math.max(16, Math.ceil(floats) * 4), usage });
    this.buffers = {
      train: make('flow-train', 14, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST),
      layers: make('flow-layers', p.layers.length),
      params: make('flow-params', this.nParams),
      grads: make('flow-grads', this.nParams),
      acts: make('flow-acts', p.actsFloats),
      deltas: make('flow-deltas', p.actsFloats),
      ends: make('flow-ends', 2 * d * batch),
      particle: make('flow-particles', 5 * batch),
      moments: make('flow-adam', 2 * this.nParams),
    };
    const b = this.buffers;
    device.queue.writeBuffer(b.layers, 0, p.layers);
    device.queue.writeBuffer(b.params, 0, Float32Array.from(config.params));
    this.group = device.createBindGroup({
      layout,
      entries: [b.train, b.layers, b.params, b.grads, b.acts, b.deltas, b.ends, b.particle, b.moments]
        .map((buffer, binding) => ({ binding, resource: { buffer } })),
    });
    this.staging = new StagingPool(device);
  }

  static async create(device: GPUDevice, config: GpuTrainerConfig): Promise<GpuFlowTrainer> {
    const p = plan(config.shape, config.batch);
    checkLimits(device, p, config.batch);
    const code = [wgslPrelude(config.d), `const MAX_ROWS: u32 = ${p.maxRows}u;`, config.target.wgsl, trainWgsl].join('\n');
    const module = await checkedModule(device, code, `flow-train+${config.target.id}`);
    const entry = (binding: number, type: GPUBufferBindingType): GPUBindGroupLayoutEntry =>
      ({ binding, visibility: GPUShaderStage.COMPUTE, buffer: { type } });
    const layout = device.createBindGroupLayout({
      entries: [entry(0, 'uniform'), entry(1, 'read-only-storage'), ...[2, 3, 4, 5, 6, 7, 8].map((k) => entry(k, 'storage'))],
    });
    const pipelineLayout = device.createPipelineLayout({ bindGroupLayouts: [layout] });
    const [particle, params] = await Promise.all(['particle_pass', 'param_update'].map((entryPoint) =>
      device.createComputePipelineAsync({ layout: pipelineLayout, compute: { module, entryPoint } })));
    return new GpuFlowTrainer(device, config, { particle, params }, layout, p);
  }

  get iterations(): number {
    return this.iteration;
  }

  /** `n` training iterations (forward, backward, Adam), one submit each. */
  train(n: number): void {
    for (let i = 0; i < n; i++) {
      this.submit(this.iteration, true);
      this.iteration++;
    }
  }

  /** Forward and backward at base draws `iteration` without updating: the batch-mean gradient
   * and every particle's loss terms (tests). */
  async gradient(iteration: number): Promise<{ grads: Float64Array; losses: ParticleLosses }> {
    this.submit(iteration, false);
    const grads = Float64Array.from(new Float32Array(await this.read(this.buffers.grads, this.nParams)));
    return { grads, losses: await this.readLosses() };
  }

  /** The last iteration's per-particle loss terms. */
  async readLosses(): Promise<ParticleLosses> {
    const n = this.config.batch;
    const raw = Float64Array.from(new Float32Array(await this.read(this.buffers.particle, 5 * n)));
    return {
      logDet: raw.subarray(0, n), logBase: raw.subarray(n, 2 * n), logP: raw.subarray(2 * n, 3 * n),
      loss: raw.subarray(3 * n, 4 * n), valid: raw.subarray(4 * n),
    };
  }

  async readParams(): Promise<Float64Array> {
    return Float64Array.from(new Float32Array(await this.read(this.buffers.params, this.nParams)));
  }

  writeParams(params: Float64Array): void {
    this.device.queue.writeBuffer(this.buffers.params, 0, Float32Array.from(params));
  }

  dispose(): void {
    for (const b of Object.values(this.buffers)) b.destroy();
    this.staging.destroy();
  }

  private read(buffer: GPUBuffer, floats: number): Promise<ArrayBuffer> {
    return this.staging.read(4 * floats, (encoder, staging) => encoder.copyBufferToBuffer(buffer, 0, staging, 0, 4 * floats));
  }

  private submit(iteration: number, update: boolean): void {
    const { config, device } = this;
    const layout = flowLayout(config.shape);
    const key = seedKey(config.seed);
    const train = new ArrayBuffer(56);
    new Uint32Array(train, 0, 10).set([key[0], key[1], config.batch, iteration, this.nParams, layout.shift, layout.logScale,
      config.shape.layers, config.shape.depth, update ? 1 : 0]);
    new Float32Array(train, 40, 4).set([config.adam.lr, config.adam.beta1, config.adam.beta2, config.adam.eps]);
    device.queue.writeBuffer(this.buffers.train, 0, train);
    const encoder = device.createCommandEncoder({ label: 'flow-train' });
    const pass = encoder.beginComputePass({ label: 'flow-train' });
    pass.setBindGroup(0, this.group);
    const maxPerDim = device.limits.maxComputeWorkgroupsPerDimension;
    pass.setPipeline(this.pipelines.particle);
    pass.dispatchWorkgroups(...dispatchSize(config.batch, 64, maxPerDim));
    pass.setPipeline(this.pipelines.params);
    pass.dispatchWorkgroups(...dispatchSize(this.nParams, 64, maxPerDim));
    pass.end();
    device.queue.submit([encoder.finish()]);
  }
}
