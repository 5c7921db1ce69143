import { GpuEngine } from '../src/engine/gpu-engine';
import { CpuEngine } from '../src/cpu/cpu-engine';
import { nodeGpu } from '../tests/support/gpu';

/** The two engines a benchmark compares: WebGPU (Dawn, whatever adapter exists) and the CPU
 * reference, in the same process. */
export interface Engines {
  readonly gpu: GpuEngine;
  readonly cpu: CpuEngine;
}

export async function createEngines(): Promise<Engines> {
  return { gpu: await GpuEngine.create(nodeGpu), cpu: new CpuEngine() };
}
