import { CpuEngine } from '../../src/cpu/cpu-engine';
import { GpuEngine } from '../../src/engine/gpu-engine';
import type { SamplingEngine } from '../../src/engine/types';
import { nodeGpu } from './gpu';

/** Both engines, each created once per test file; every statistical test runs on both. */
export const ENGINE_KINDS = ['webgpu', 'cpu'] as const;

const engines = new Map<string, Promise<SamplingEngine>>();
export function engineOf(kind: (typeof ENGINE_KINDS)[number]): Promise<SamplingEngine> {
  let e = engines.get(kind);
  if (!e) {
    e = kind === 'webgpu' ? GpuEngine.create(nodeGpu) : Promise.resolve(new CpuEngine());
    engines.set(kind, e);
  }
  return e;
}
