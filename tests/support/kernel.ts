import { checkedModule } from '../../src/engine/pipelines';

/** Runs a one-off test kernel `main` over `threads` invocations (workgroup 64) with one
 * read_write storage buffer `out` of `outWords` u32 words at binding 0, and returns it. */
export async function runKernel(device: GPUDevice, code: string, threads: number, outWords: number): Promise<Uint32Array> {
  const module = await checkedModule(device, code, 'test-kernel');
  const pipeline = await device.createComputePipelineAsync({ layout: 'auto', compute: { module, entryPoint: 'main' } });
  const bytes = outWords * 4;
  const out = device.createBuffer({ size: bytes, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
  const staging = device.createBuffer({ size: bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const encoder = device.createCommandEncoder();
  const pass = encoder.beginComputePass();
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: out } }] }));
  pass.dispatchWorkgroups(Math.ceil(threads / 64));
  pass.end();
  encoder.copyBufferToBuffer(out, 0, staging, 0, bytes);
  device.queue.submit([encoder.finish()]);
  await staging.mapAsync(GPUMapMode.READ);
  const result = new Uint32Array(staging.getMappedRange().slice(0));
  staging.unmap();
  out.destroy();
  staging.destroy();
  return result;
}
