import { create, globals } from 'webgpu';
import { acquireDevice, type AcquiredDevice } from '../../src/engine/device';

// Dawn for Node. In CI and on machines without a GPU, scripts/gpu-env.sh points Vulkan at
// SwiftShader (shipped with Debian's chromium). A GPU test never skips: no adapter is a failure.
Object.assign(globalThis, globals);
export const nodeGpu: GPU = create([]) as unknown as GPU;

let shared: Promise<AcquiredDevice> | undefined;
/** One device per test file (Dawn devices are expensive to create on SwiftShader). */
export function testDevice(): Promise<AcquiredDevice> {
  shared ??= acquireDevice(nodeGpu);
  return shared;
}
