import chainsWgsl from '../../shaders/engine/chains.wgsl?raw';
import runWgsl from '../../shaders/engine/run.wgsl?raw';
import reduceWgsl from '../../shaders/engine/reduce.wgsl?raw';
import restartWgsl from '../../shaders/engine/restart.wgsl?raw';
import mathWgsl from '../../shaders/lib/math.wgsl?raw';
import { paramsStruct, wgslPrelude } from './compose';
import { EngineError } from './errors';
import { REDUCE_CONSTANTS_WGSL } from './snapshot';
import { RECORD_CONSTANTS_WGSL } from './recording';
import type { TargetDecl } from '../targets/types';
import type { SamplerDecl } from '../samplers/types';
import type { ParamValues } from './params';
import { flowConstantsWgsl } from '../flows/realnvp';

/** Throws EngineError with the compiler's messages when a composed module does not compile. */
export async function checkedModule(device: GPUDevice, code: string, label: string): Promise<GPUShaderModule> {
  const module = device.createShaderModule({ code, label });
  const info = await module.getCompilationInfo();
  const errors = info.messages.filter((m) => m.type === 'error');
  if (errors.length > 0) {
    const lines = code.split('\n');
    const detail = errors
      .map((m) => `${label}:${m.lineNum}:${m.linePos}: ${m.message}\n  ${lines[m.lineNum - 1] ?? ''}`)
      .join('\n');
    throw new EngineError(`WGSL compilation failed for ${label}:\n${detail}`);
  }
  return module;
}

/** What a target without a Gaussian prior of its own supplies, so samplers can branch on it. */
const NO_GAUSSIAN_PRIOR = 'const HAS_GAUSSIAN_PRIOR = false;\nfn gaussian_prior_std(i: u32) -> f32 {\n  return 1.0;\n}';

/** The chain module: prelude, target, sampler, params struct and the chain kernels; a flow
 * sampler's flow shape (from `params`) as constants. */
export function chainModuleSource(target: TargetDecl, sampler: SamplerDecl, d: number, params: ParamValues): string {
  const prior = target.gaussianPriorStd ? 'const HAS_GAUSSIAN_PRIOR = true;' : NO_GAUSSIAN_PRIOR;
  const flow = sampler.flow ? flowConstantsWgsl(sampler.flow(params, d)) : '';
  return [wgslPrelude(d), paramsStruct(sampler.params), target.wgsl, prior, flow, sampler.wgsl, RECORD_CONSTANTS_WGSL, runWgsl, chainsWgsl].join('\n');
}

export interface ChainPipelines {
  readonly layout: GPUBindGroupLayout;
  readonly init: GPUComputePipeline;
  readonly step: GPUComputePipeline;
}

export async function createChainPipelines(
  device: GPUDevice, target: TargetDecl, sampler: SamplerDecl, d: number, params: ParamValues,
): Promise<ChainPipelines> {
  const module = await checkedModule(device, chainModuleSource(target, sampler, d, params), `${target.id}+${sampler.id}`);
  const uniform = (binding: number): GPUBindGroupLayoutEntry =>
    ({ binding, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'uniform' } });
  const storage = (binding: number): GPUBindGroupLayoutEntry =>
    ({ binding, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'storage' } });
  const readOnly: GPUBindGroupLayoutEntry =
    { binding: 9, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'read-only-storage' } };
  const layout = device.createBindGroupLayout({
    entries: [uniform(0), uniform(1), ...[2, 3, 4, 5, 6, 7, 8].map(storage), readOnly, uniform(10)],
  });
  const pipelineLayout = device.createPipelineLayout({ bindGroupLayouts: [layout] });
  const [init, step] = await Promise.all([
    device.createComputePipelineAsync({ layout: pipelineLayout, compute: { module, entryPoint: 'init_chains' } }),
    device.createComputePipelineAsync({ layout: pipelineLayout, compute: { module, entryPoint: 'step_chains' } }),
  ]);
  return { layout, init, step };
}

export interface ReducePipelines {
  readonly blocks: GPUComputePipeline;
  readonly columns: GPUComputePipeline;
}

export async function createReducePipelines(device: GPUDevice): Promise<ReducePipelines> {
  const module = await checkedModule(device, [mathWgsl, REDUCE_CONSTANTS_WGSL, RECORD_CONSTANTS_WGSL, reduceWgsl].join('\n'), 'reduce');
  const [blocks, columns] = await Promise.all([
    device.createComputePipelineAsync({ layout: 'auto', compute: { module, entryPoint: 'reduce_blocks' } }),
    device.createComputePipelineAsync({ layout: 'auto', compute: { module, entryPoint: 'reduce_columns' } }),
  ]);
  return { blocks, columns };
}

/** Workgroup size of shaders/engine/restart.wgsl. */
export const RESTART_WORKGROUP = 64;

/** Warm-up's copy of donor chains' state onto stranded ones (independent of target and d). */
export async function createRestartPipeline(device: GPUDevice): Promise<GPUComputePipeline> {
  const module = await checkedModule(device, restartWgsl, 'restart');
  return device.createComputePipelineAsync({ layout: 'auto', compute: { module, entryPoint: 'restart_chains' } });
}

/** Workgroup counts for `threads` threads, folded into y past the per-dimension limit. */
export function dispatchSize(threads: number, workgroupSize: number, maxPerDim: number): [number, number] {
  const groups = Math.max(1, Math.ceil(threads / workgroupSize));
  const x = Math.min(groups, maxPerDim);
  return [x, Math.ceil(groups / x)];
}
