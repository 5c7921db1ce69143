import { chainModuleSource, checkedModule } from '../../src/engine/pipelines';
import { packParams } from '../../src/engine/compose';
import { defaultParams } from '../../src/engine/params';
import { defaultTuning } from '../../src/engine/tuning';
import { RngStream, seedKey } from '../../src/rng/stream';
import type { SamplerDecl } from '../../src/samplers/types';
import type { TargetDecl } from '../../src/targets/types';

/**
 * Transitions of a sampler on a test-only target that the engines do not list (a density that
 * counts its calls, one that returns NaN): on the GPU through the sampler's real WGSL, on the CPU
 * through its `cpuStep`. The WGSL target may increment the private `evaluations` counter in
 * `log_density`; the CPU target counts in its own closure.
 */
export interface TransitionRun {
  /** Final positions, coordinate-major like the starts. */
  readonly positions: Float64Array;
  readonly logp: Float64Array;
  /** Per chain, summed over the transitions. */
  readonly densityEvals: Float64Array;
  readonly capped: Float64Array;
  readonly accepted: Float64Array;
  /** Per chain: log_density calls the target counted (GPU only; the CPU target counts itself). */
  readonly counted: Float64Array;
}

export interface TransitionSpec {
  readonly sampler: SamplerDecl;
  readonly params?: Record<string, number>;
  readonly d: number;
  /** Coordinate-major starts: coordinate i of chain c at [i * chains + c]. */
  readonly starts: Float64Array;
  readonly steps: number;
  readonly seed: number;
}

const HARNESS = /* wgsl */ `
var<private> evaluations: u32;

struct Harness {
  seed: vec2<u32>,
  n: u32,
  steps: u32,
}

@group(1) @binding(0) var<uniform> harness: Harness;
@group(1) @binding(1) var<storage, read_write> state: array<f32>;
// [n][6]: log p, density evaluations, capped, accepted, counted evaluations, unused.
@group(1) @binding(2) var<storage, read_write> report: array<f32>;

@compute @workgroup_size(64)
fn harness_main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let c = gid.x;
  let n = harness.n;
  if (c >= n) {
    return;
  }
  chain_id = c;
  var x: array<f32, D>;
  var g: array<f32, D>;
  for (var i = 0u; i < D; i = i + 1u) {
    x[i] = state[i * n + c];
  }
  var lp = log_density(&x);
  evaluations = 0u;
  var sums = vec3<u32>(0u);
  for (var k = 0u; k < harness.steps; k = k + 1u) {
    chain_iter = k;
    var rng = rng_init(harness.seed, c, k);
    let info = transition(&x, &g, &lp, &rng);
    sums = sums + vec3<u32>(info.density_evals, info.capped, info.accepted);
  }
  for (var i = 0u; i < D; i = i + 1u) {
    state[i * n + c] = x[i];
  }
  report[6u * c] = lp;
  report[6u * c + 1u] = f32(sums.x);
  report[6u * c + 2u] = f32(sums.y);
  report[6u * c + 3u] = f32(sums.z);
  report[6u * c + 4u] = f32(evaluations);
}
`;

/** GPU: `targetWgsl` defines log_density and grad_log_density (chains.wgsl needs both). */
export async function gpuTransitions(device: GPUDevice, targetWgsl: string, spec: TransitionSpec): Promise<TransitionRun> {
  const { sampler, d, starts, steps } = spec;
  const n = starts.length / d;
  const target = { wgsl: targetWgsl } as TargetDecl;
  const values = { ...defaultParams(sampler.params), ...spec.params };
  const code = chainModuleSource(target, sampler, d, values) + HARNESS;
  const module = await checkedModule(device, code, `test-target+${sampler.id}`);
  const pipeline = await device.createComputePipelineAsync({ layout: 'auto', compute: { module, entryPoint: 'harness_main' } });
  const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
  const uniform = GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST;
  const params = packParams(sampler.params, values);
  const buffers = {
    params: device.createBuffer({ size: params.byteLength, usage: uniform }),
    harness: device.createBuffer({ size: 16, usage: uniform }),
    state: device.createBuffer({ size: 4 * d * n, usage }),
    report: device.createBuffer({ size: 4 * 6 * n, usage }),
  };
  const key = seedKey(spec.seed);
  device.queue.writeBuffer(buffers.params, 0, params);
  device.queue.writeBuffer(buffers.harness, 0, Uint32Array.of(key[0], key[1], n, steps));
  device.queue.writeBuffer(buffers.state, 0, Float32Array.from(starts));
  const bind = (group: number, entries: [number, GPUBuffer][]) => device.createBindGroup({
    layout: pipeline.getBindGroupLayout(group),
    entries: entries.map(([binding, buffer]) => ({ binding, resource: { buffer } })),
  });
  const staging = device.createBuffer({ size: 4 * (d + 6) * n, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const encoder = device.createCommandEncoder();
  const pass = encoder.beginComputePass();
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, bind(0, [[1, buffers.params]]));
  pass.setBindGroup(1, bind(1, [[0, buffers.harness], [1, buffers.state], [2, buffers.report]]));
  pass.dispatchWorkgroups(Math.ceil(n / 64));
  pass.end();
  encoder.copyBufferToBuffer(buffers.state, 0, staging, 0, 4 * d * n);
  encoder.copyBufferToBuffer(buffers.report, 0, staging, 4 * d * n, 4 * 6 * n);
  device.queue.submit([encoder.finish()]);
  await staging.mapAsync(GPUMapMode.READ);
  const raw = new Float32Array(staging.getMappedRange().slice(0));
  staging.unmap();
  for (const b of [...Object.values(buffers), staging]) b.destroy();
  const column = (k: number) => Float64Array.from({ length: n }, (_, c) => raw[d * n + 6 * c + k]);
  return {
    positions: Float64Array.from(raw.subarray(0, d * n)),
    logp: column(0), densityEvals: column(1), capped: column(2), accepted: column(3), counted: column(4),
  };
}

/** CPU: the same transitions through `cpuStep` on a TargetDecl-shaped test target. */
export function cpuTransitions(target: TargetDecl, spec: TransitionSpec): TransitionRun {
  const { sampler, d, starts, steps } = spec;
  const n = starts.length / d;
  const params = { ...defaultParams(sampler.params), ...spec.params };
  const state = { x: new Float64Array(d), g: new Float64Array(d), logp: 0 };
  const scratch = { a: new Float64Array(d), b: new Float64Array(d), c: new Float64Array(d), four: new Float64Array(4) };
  const rng = new RngStream(seedKey(spec.seed), 0, 0);
  const tuning = defaultTuning(d, false);
  const positions = new Float64Array(d * n);
  const out = { logp: new Float64Array(n), densityEvals: new Float64Array(n), capped: new Float64Array(n), accepted: new Float64Array(n) };
  for (let c = 0; c < n; c++) {
    for (let i = 0; i < d; i++) state.x[i] = starts[i * n + c];
    state.logp = target.logDensity(state.x);
    for (let k = 0; k < steps; k++) {
      rng.reset(c, k);
      const info = sampler.cpuStep(state, { target, params, rng, scratch, aux: new Float64Array(0), tuning, iteration: k });
      out.densityEvals[c] += info.densityEvals;
      out.capped[c] += info.capped;
      out.accepted[c] += info.accepted;
    }
    for (let i = 0; i < d; i++) positions[i * n + c] = state.x[i];
    out.logp[c] = state.logp;
  }
  return { positions, ...out, counted: new Float64Array(n) };
}
