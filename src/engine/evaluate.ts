import evaluateWgsl from '../../shaders/engine/evaluate.wgsl?raw';
import type { TargetDecl } from '../targets/types';
import { WORKGROUP_SIZE, wgslPrelude } from './compose';
import { EngineError } from './errors';
import { checkedModule } from './pipelines';

export interface TargetEvaluation {
  /** log_density at each point. */
  readonly logp: Float64Array;
  /** ∇log p, n×d point-major. */
  readonly grad: Float64Array;
  /** The log p that grad_log_density returned (the contract says it equals `logp`). */
  readonly logpFromGrad: Float64Array;
}

/** Pipelines per device, keyed by dimension and target source (edited targets get their own). */
const pipelines = new WeakMap<GPUDevice, Map<string, Promise<GPUComputePipeline>>>();

function evaluatePipeline(device: GPUDevice, target: TargetDecl, d: number): Promise<GPUComputePipeline> {
  let cache = pipelines.get(device);
  if (!cache) pipelines.set(device, (cache = new Map()));
  const key = `${d}\n${target.wgsl}`;
  let p = cache.get(key);
  if (!p) {
    const label = `evaluate ${target.id} (d = ${d})`;
    p = checkedModule(device, [wgslPrelude(d), target.wgsl, evaluateWgsl].join('\n'), label).then((module) =>
      device.createComputePipelineAsync({ label, layout: 'auto', compute: { module, entryPoint: 'evaluate' } }));
    p.catch(() => cache.delete(key));
    cache.set(key, p);
  }
  return p;
}

/**
 * Evaluates `target`'s WGSL (float32) at n points of dimension d (`points`: n×d, point-major):
 * log p and ∇log p, read back as float64.
 */
export async function evaluateTarget(
  device: GPUDevice,
  target: TargetDecl,
  d: number,
  points: Float64Array,
): Promise<TargetEvaluation> {
  if (!Number.isInteger(d) || d < 1) throw new EngineError(`dimension must be a positive integer, got ${d}`);
  if (points.length % d !== 0) throw new EngineError(`${points.length} coordinates are not a whole number of ${d}-D points`);
  const n = points.length / d;
  if (n === 0) return { logp: new Float64Array(0), grad: new Float64Array(0), logpFromGrad: new Float64Array(0) };
  const gradBytes = n * d * 4;
  if (gradBytes > device.limits.maxStorageBufferBindingSize) {
    throw new EngineError(`${n} points of dimension ${d} exceed the device's storage buffer size`);
  }
  const pipeline = await evaluatePipeline(device, target, d);

  const pointBuf = device.createBuffer({ size: gradBytes, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
  device.queue.writeBuffer(pointBuf, 0, new Float32Array(points));
  const logpBuf = device.createBuffer({ size: n * 8, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
  const gradBuf = device.createBuffer({ size: gradBytes, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
  const readBuf = device.createBuffer({ size: n * 8 + gradBytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  try {
    const bindGroup = device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries: [
        { binding: 0, resource: { buffer: pointBuf } },
        { binding: 1, resource: { buffer: logpBuf } },
        { binding: 2, resource: { buffer: gradBuf } },
      ],
    });
    const groups = Math.ceil(n / WORKGROUP_SIZE);
    const gx = Math.min(groups, device.limits.maxComputeWorkgroupsPerDimension);
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(gx, Math.ceil(groups / gx));
    pass.end();
    encoder.copyBufferToBuffer(logpBuf, 0, readBuf, 0, n * 8);
    encoder.copyBufferToBuffer(gradBuf, 0, readBuf, n * 8, gradBytes);
    device.queue.submit([encoder.finish()]);

    await readBuf.mapAsync(GPUMapMode.READ);
    const out = new Float32Array(readBuf.getMappedRange().slice(0));
    readBuf.unmap();
    const logp = new Float64Array(n);
    const logpFromGrad = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      logp[i] = out[2 * i];
      logpFromGrad[i] = out[2 * i + 1];
    }
    return { logp, grad: Float64Array.from(out.subarray(2 * n)), logpFromGrad };
  } finally {
    pointBuf.destroy();
    logpBuf.destroy();
    gradBuf.destroy();
    readBuf.destroy();
  }
}
