import { createGpuEngine } from '../engine/gpu-engine';
import type { SamplingEngine } from '../engine/types';
import { ShardedEngine } from '../cpu/sharded-engine';
import { WorkerShard } from '../cpu/worker-shard';
import type { GpuStateSource } from '../render/types';

export interface StartedEngine {
  readonly engine: SamplingEngine;
  /** Why WebGPU could not be used, when the CPU fallback runs instead. */
  readonly fallbackReason: string | null;
}

/** WebGPU where there is an adapter; otherwise the CPU reference in Web Workers. */
export async function startEngine(): Promise<StartedEngine> {
  let reason = 'this browser has no navigator.gpu';
  if (navigator.gpu) {
    try {
      return { engine: await createGpuEngine(navigator.gpu), fallbackReason: null };
    } catch (e) {
      reason = e instanceof Error ? e.message : String(e);
    }
  }
  return startCpuEngine(reason);
}

/** Workers for the CPU engine: one per core the browser reports, within reason. */
const MAX_WORKERS = 16;

/** The CPU reference sharded over Web Workers, because of `reason` (WebGPU's absence or
 * failure). */
export async function startCpuEngine(reason: string): Promise<StartedEngine> {
  const workers = Math.max(1, Math.min(MAX_WORKERS, navigator.hardwareConcurrency || 1));
  const shards = await Promise.all(Array.from({ length: workers }, () => WorkerShard.start()));
  return { engine: new ShardedEngine(shards), fallbackReason: reason };
}

/** Whether the engine exposes its chain buffer for the WebGPU renderer. */
export function hasGpuState(engine: SamplingEngine): engine is SamplingEngine & GpuStateSource {
  return 'gpuState' in engine && typeof engine.gpuState === 'function';
}
