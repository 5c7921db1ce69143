import interactionWgsl from '../../shaders/engine/interaction.wgsl?raw';
import runWgsl from '../../shaders/engine/run.wgsl?raw';
import { paramsStruct, WORKGROUP_SIZE, wgslPrelude } from './compose';
import { EngineError } from './errors';
import { checkedModule, dispatchSize } from './pipelines';
import type { ParamSchema, ParamValues } from './params';
import type { Resolved } from './config';
import { interactionPassDue, type InteractionDecl, type SamplerDecl } from '../samplers/types';

/** Entries of the interaction's workgroup-memory tile: a workgroup's worth, fewer where that many
 * would not fit the device's workgroup memory. Throws EngineError naming d where not even one
 * fits. */
export function interactionTile(
  limits: Pick<GPUSupportedLimits, 'maxComputeWorkgroupStorageSize'>, sampler: SamplerDecl, d: number,
): number {
  const entryBytes = (dim: number) => 4 * sampler.interaction!.tileFloats(dim);
  const bytes = limits.maxComputeWorkgroupStorageSize;
  const tile = Math.min(WORKGROUP_SIZE, Math.floor(bytes / entryBytes(d)));
  if (tile < 1) {
    let most = d;
    while (most > 0 && entryBytes(most) > bytes) most--;
    throw new EngineError(
      `${sampler.name}: at d = ${d} one particle takes ${entryBytes(d)} bytes of workgroup memory, over this ` +
        `device's ${bytes}: d can be at most ${most}`,
      'd',
    );
  }
  return tile;
}

/** The chain-state buffers an interaction binds. */
export interface InteractionBuffers {
  readonly run: GPUBuffer;
  readonly params: GPUBuffer;
  readonly pos: GPUBuffer;
  readonly grad: GPUBuffer;
  readonly aux: GPUBuffer;
}

/** A run's interaction on the GPU: its pipelines, bound to the run's buffers, and its state. */
export class GpuInteraction {
  /** Whether a pass has run since the build (the state buffer starts empty). */
  private primed = false;

  private constructor(
    private readonly decl: InteractionDecl<ParamSchema>,
    private readonly pipelines: readonly GPUComputePipeline[],
    private readonly group: GPUBindGroup,
    /** `stateFloats` floats (interaction_state). */
    readonly state: GPUBuffer,
    private readonly chains: number,
    private readonly maxPerDim: number,
  ) {}

  /** Compiles the interaction of `config`'s sampler and binds it to `buffers`; checks the
   * device's workgroup memory first (EngineError naming d). */
  static async create(device: GPUDevice, config: Resolved, buffers: InteractionBuffers): Promise<GpuInteraction> {
    const { samplerDecl: sampler, targetDecl: target, d, chains } = config;
    const decl = sampler.interaction!;
    const tile = interactionTile(device.limits, sampler, d);
    const code = [
      wgslPrelude(d), paramsStruct(sampler.params), `const TILE: u32 = ${tile}u;`, target.wgsl, runWgsl, interactionWgsl, decl.wgsl,
    ].join('\n');
    const module = await checkedModule(device, code, `${target.id}+${sampler.id}-interaction`);
    const entry = (binding: number, type: GPUBufferBindingType): GPUBindGroupLayoutEntry =>
      ({ binding, visibility: GPUShaderStage.COMPUTE, buffer: { type } });
    const layout = device.createBindGroupLayout({
      entries: [entry(0, 'uniform'), entry(1, 'uniform'), entry(2, 'read-only-storage'), entry(3, 'read-only-storage'),
        entry(4, 'storage'), entry(5, 'storage')],
    });
    const pipelineLayout = device.createPipelineLayout({ bindGroupLayouts: [layout] });
    const pipelines = await Promise.all(decl.passes.map((pass) =>
      device.createComputePipelineAsync({ layout: pipelineLayout, compute: { module, entryPoint: pass.entry } })));
    const state = device.createBuffer({
      label: 'interaction-state', size: Math.max(16, 4 * decl.stateFloats),
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
    });
    const b = buffers;
    const group = device.createBindGroup({
      layout,
      entries: [b.run, b.params, b.pos, b.grad, b.aux, state].map((buffer, binding) => ({ binding, resource: { buffer } })),
    });
    return new GpuInteraction(decl, pipelines, group, state, chains, device.limits.maxComputeWorkgroupsPerDimension);
  }

  /** Encodes the passes due before transition `iteration`. Leaves its own bind group set. */
  encode(pass: GPUComputePassEncoder, params: ParamValues, iteration: number): void {
    pass.setBindGroup(0, this.group);
    this.decl.passes.forEach((p, k) => {
      if (!interactionPassDue(p, params, iteration, !this.primed)) return;
      pass.setPipeline(this.pipelines[k]);
      if (p.grid === 'single') pass.dispatchWorkgroups(1);
      else pass.dispatchWorkgroups(...dispatchSize(this.chains, WORKGROUP_SIZE, this.maxPerDim));
    });
    this.primed = true;
  }

  destroy(): void {
    this.state.destroy();
  }
}
