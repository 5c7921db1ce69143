import { createGpuEngine } from '../engine/gpu-engine';
import type { SamplingEngine } from '../engine/types';
import { WorkerEngine } from '../cpu/worker-engine';
import type { GpuStateSource } from '../render/types';

export interface StartedEngine {
  readonly engine: SamplingEngine;
  /** Why WebGPU could not be used, when the CPU fallback runs instead. */
  readonly fallbackReason: string | null;
}

/** WebGPU where there is an adapter; otherwise the CPU reference in a Web Worker. */
export async function startEngine(): Promise<StartedEngine> {
  let reason = 'this browser has no navigator.gpu';
  if (navigator.gpu) {
    try {
      return { engine: await createGpuEngine(navigator.gpu), fallbackReason: null };
    } catch (e) {
      reason = e instanceof Error ? e.message : String(e);
    }
  }
  return { engine: await WorkerEngine.start(), fallbackReason: reason };
}

/** Whether the engine exposes its chain buffer for the WebGPU renderer. */
export function hasGpuState(engine: SamplingEngine): engine is SamplingEngine & GpuStateSource {
  return 'gpuState' in engine && typeof engine.gpuState === 'function';
}
