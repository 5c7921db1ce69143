import { EngineError } from './errors';

export interface AcquiredDevice {
  readonly adapter: GPUAdapter;
  readonly device: GPUDevice;
  /** e.g. "SwiftShader (google, CPU emulation)". */
  readonly description: string;
}

/** Limits we raise to what the adapter offers: large chain-state buffers need them. */
const NEGOTIATED_LIMITS = [
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeWorkgroupsPerDimension',
  'maxStorageBuffersPerShaderStage',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupStorageSize',
] as const;

export function describeAdapter(info: GPUAdapterInfo | undefined): string {
  if (!info) return 'WebGPU adapter';
  const arch = info.architecture || '';
  const vendor = info.vendor || 'unknown vendor';
  const software = /swiftshader/i.test(arch) || /swiftshader/i.test(info.description ?? '');
  const name = software ? 'SwiftShader' : info.description || arch || vendor;
  return `${name} (${vendor}${software ? ', CPU emulation' : arch ? `, ${arch}` : ''})`;
}

/** Adapter and device with limits negotiated up to the adapter's. Throws EngineError when
 * WebGPU is unavailable, so callers can fall back to the CPU engine. */
export async function acquireDevice(gpu: GPU | undefined): Promise<AcquiredDevice> {
  if (!gpu) throw new EngineError('WebGPU is not available in this environment');
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new EngineError('No WebGPU adapter was found');
  const requiredLimits: Record<string, number> = {};
  for (const name of NEGOTIATED_LIMITS) {
    const v = adapter.limits[name];
    if (typeof v === 'number') requiredLimits[name] = v;
  }
  const device = await adapter.requestDevice({ requiredLimits });
  return { adapter, device, description: describeAdapter(adapter.info) };
}

/** Waits between attempts to re-acquire a lost device: right after a loss the browser may have no
 * adapter to give while its GPU process restarts. */
const REACQUIRE_DELAYS_MS = [250, 1000, 4000];

/** acquireDevice, retried after a device loss. */
export async function reacquireDevice(gpu: GPU): Promise<AcquiredDevice> {
  for (const delay of REACQUIRE_DELAYS_MS) {
    try {
      return await acquireDevice(gpu);
    } catch {
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
  return acquireDevice(gpu);
}
