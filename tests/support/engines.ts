import { CpuEngine } from '../../src/cpu/cpu-engine';
import { GpuEngine } from '../../src/engine/gpu-engine';
import type { SamplingEngine } from '../../src/engine/types';
import { nodeGpu } from './gpu';

/** Both engines, each created once per test file. */
export const ENGINE_KINDS = ['webgpu', 'cpu'] as const;
export type EngineKind = (typeof ENGINE_KINDS)[number];

/**
 * Where a statistical test runs. The grid of short runs (stationarity: many pipelines, a few
 * transitions each) runs on the float64 reference: exact arithmetic and no shader compiles. Long
 * runs (convergence from a dispersed start, thousands of transitions) run on the WGSL kernels,
 * which are tens of times faster there even on a CPU Vulkan driver and keep float32 in the
 * test. The kernel project's coupling test proves the two engines run the same chains, and its
 * float32.test.ts runs the float32 risks of the short-run grid on the GPU.
 * STATISTICAL_ENGINES=webgpu,cpu runs every statistical test on both (cheap on a real GPU).
 */
function statisticalEngines(preferred: EngineKind): readonly EngineKind[] {
  const listed = process.env.STATISTICAL_ENGINES?.split(',') ?? [preferred];
  for (const k of listed) {
    if (!(ENGINE_KINDS as readonly string[]).includes(k)) throw new Error(`STATISTICAL_ENGINES: unknown engine '${k}' (webgpu, cpu)`);
  }
  return listed as EngineKind[];
}
export const STATISTICAL_ENGINES = statisticalEngines('cpu');
export const LONG_RUN_ENGINES = statisticalEngines('webgpu');

const engines = new Map<string, Promise<SamplingEngine>>();
export function engineOf(kind: EngineKind): Promise<SamplingEngine> {
  let e = engines.get(kind);
  if (!e) {
    e = kind === 'webgpu' ? GpuEngine.create(nodeGpu) : Promise.resolve(new CpuEngine());
    engines.set(kind, e);
  }
  return e;
}
