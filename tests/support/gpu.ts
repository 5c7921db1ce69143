import { create, globals } from 'webgpu';
import { acquireDevice, type AcquiredDevice } from '../../src/engine/device';

// Dawn for Node. In CI and on machines without a GPU, scripts/gpu-env.sh lists the CPU Vulkan
// drivers (SwiftShader, and Mesa's lavapipe where installed) and WEBGPU_ADAPTER names the one to
// use (vitest.config.ts sets it per project). A GPU test never skips: no adapter is a failure.
Object.assign(globalThis, globals);
export const adapterName = process.env.WEBGPU_ADAPTER;
export const nodeGpu: GPU = create(adapterName ? [`adapter=${adapterName}`] : []) as unknown as GPU;

let shared: Promise<AcquiredDevice> | undefined;
/** One device per test file (Dawn devices are expensive to create on SwiftShader). */
export function testDevice(): Promise<AcquiredDevice> {
  shared ??= acquireDevice(nodeGpu);
  return shared;
}
