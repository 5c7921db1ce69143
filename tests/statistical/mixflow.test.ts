import { afterAll, describe, expect, test } from 'vitest';
import { EngineError } from '../../src/engine/errors';
import type { GpuEngine } from '../../src/engine/gpu-engine';
import { checkedModule, chainModuleSource } from '../../src/engine/pipelines';
import { packParams } from '../../src/engine/compose';
import { defaultParams } from '../../src/engine/params';
import type { SamplingEngine } from '../../src/engine/types';
import { HostRandom } from '../../src/rng/host-random';
import { mixflow, mixflowForward, mixflowInverse, type FlowPoint } from '../../src/samplers/mixflow';
import { logNormalPdf, normalCdf, normalQuantile } from '../../src/samplers/normal';
import { findTarget } from '../../src/targets';
import { ENGINE_KINDS, engineOf } from '../support/engines';
import { mean, variance, zCritical } from '../support/stats';

// MixFlow (src/samplers/mixflow.ts): each transition is a fresh draw y ~ q_N with its ELBO term in
// the per-chain `elbo` stat. Statistical checks use the standard error of the per-chain means of
// those terms (draws are independent within and across chains), at a family-wise level 1e-3 over
// every z-test in this file (Bonferroni).
//
// Measured (1024 chains × 8 draws, seed 9, defaults ε 0.2, L 5, σ0 1; banana's log Z = log 4π =
// 2.5310), ELBO ± SE, WebGPU (SwiftShader, f32) / CPU reference (float64):
//   banana N = 1:    1.8819 ± 0.0113 / 1.8820 ± 0.0113   (gap to log Z 0.649: q0 = N(0, I) alone)
//   banana N = 10:   2.2997 ± 0.0062 / 2.2996 ± 0.0062   (gap 0.231)
//   banana N = 100:  2.4972 ± 0.0029 / 2.4935 ± 0.0028   (gap 0.034 / 0.038)
//   gaussian N = 100: 1.8377 ± 0.0001 / 1.8378 ± 0.0001 (log Z = log 2π = 1.8379)
// (Scratch, 2048 × 8, seed 21: banana N = 300 2.5159 / 2.5177 ± 0.0014, gap 0.014; GPU − CPU
// paired per chain at N = 10, 100, 300: 0.0001 ± 0.0009, −0.0004 ± 0.0025, −0.0017 ± 0.0018 — no
// f32 bias; past ~10 maps the f32 and float64 walks decorrelate, as chaotic maps do.)

const CHAINS = 1024;
const DRAWS = 8;
// Per engine: N = 1 closed form, four ELBO ≤ log Z, N = 100 above N = 1; then GPU vs CPU.
const Z_TESTS = 2 * (1 + 4 + 1) + 1;
const Z = zCritical(1e-3, Z_TESTS);
const F32_EPS = 2 ** -23;
const F64_EPS = 2 ** -52;

/** Per-chain mean ELBO terms since the last reset, their mean and standard error. */
async function elboOf(engine: SamplingEngine, draws: number): Promise<{ elbo: number; se: number; perChain: Float64Array }> {
  const perChain = (await engine.readChainReports()).stats.elbo.map((v) => v / draws);
  return { elbo: mean(perChain), se: Math.sqrt(variance(perChain) / perChain.length), perChain };
}

describe.each(ENGINE_KINDS)('MixFlow on %s', (kind) => {
  /**
   * With N = 1 no map is applied: y = s_0 ~ q0 and the ρ terms cancel, so each term is
   * log π(x) − log N(x; 0, σ0² I) exactly, and the ELBO is E_q0[log π − log q0]. On gaussian
   * (π ∝ e^(−|x|²/2), d = 2, log Z = log 2π), with q0 = N(0, σ0² I):
   *   ELBO = log 2π + (d/2)(1 − σ0² + log σ0²) = log Z − KL(q0 ‖ π).
   */
  test('N = 1: each term is log π − log q0, and the ELBO is the closed form of N(0, σ0²I) against gaussian', async () => {
    const engine = await engineOf(kind);
    const sigma0 = 1.5;
    const d = 2;
    await engine.configure({ target: 'gaussian', sampler: 'mixflow', params: { flowSteps: 1, sigma0 }, chains: CHAINS, seed: 5 });
    engine.run(1);
    // One draw per chain: the chain sits at its x, and its ELBO term is a function of x alone.
    const [x, reports] = await Promise.all([engine.readPositions(), engine.readChainReports()]);
    let worst = 0;
    for (let c = 0; c < CHAINS; c++) {
      const r2 = x[c] ** 2 + x[CHAINS + c] ** 2;
      const logPi = -0.5 * r2;
      const logQ0 = -0.5 * r2 / sigma0 ** 2 - d * Math.log(sigma0) - (d / 2) * Math.log(2 * Math.PI);
      const scale = 1 + Math.abs(logPi) + Math.abs(logQ0);
      worst = Math.max(worst, Math.abs(reports.stats.elbo[c] - (logPi - logQ0)) / scale);
    }
    // f32: a few ulps of the terms' magnitudes (float64: rounding).
    expect(worst).toBeLessThan(16 * F32_EPS);
    expect(reports.counters.gradEvals.every((g) => g === 1)).toBe(true);

    engine.resetStats();
    expect((await engine.snapshot()).stats.elbo).toBe(0);
    engine.run(DRAWS);
    const { elbo, se } = await elboOf(engine, DRAWS);
    const exact = Math.log(2 * Math.PI) + (d / 2) * (1 - sigma0 ** 2 + Math.log(sigma0 ** 2));
    expect(Math.abs(elbo - exact), `ELBO ${elbo} ± ${se} vs ${exact}`).toBeLessThan(Z * se);
    const snap = await engine.snapshot();
    expect(snap.statsIterations).toBe(DRAWS);
    expect(snap.stats.elbo / (CHAINS * DRAWS)).toBeCloseTo(elbo, 4);
    expect(snap.totals.divergent).toBe(0);
  });

  test('bad MixFlow settings are rejected with messages naming them', async () => {
    const engine = await engineOf(kind);
    const reject = async (params: Record<string, number>, field: string, text: RegExp) => {
      const e = await engine.configure({ target: 'banana', sampler: 'mixflow', params, chains: 16, seed: 1 }).catch((err: unknown) => err);
      expect(e).toBeInstanceOf(EngineError);
      expect((e as EngineError).problems.map((p) => p.field)).toContain(field);
      expect((e as EngineError).message).toMatch(text);
    };
    await reject({ eps: 0 }, 'eps', /Step size ε \(eps\) must be in \(0, 10\], got 0/);
    await reject({ eps: -0.1 }, 'eps', /got -0\.1/);
    await reject({ flowSteps: 0 }, 'flowSteps', /Flow maps N \(flowSteps\) must be in \[1, 2000\], got 0/);
    await reject({ flowSteps: 2.5 }, 'flowSteps', /whole number/);
    await reject({ sigma0: 0 }, 'sigma0', /Initial scale σ0 \(sigma0\) must be in \(0, 100\], got 0/);
    await reject({ sigma0: -1 }, 'sigma0', /got -1/);
    await reject({ L: 0 }, 'L', /Leapfrog steps L \(L\)/);
  });
});

describe('the mixture ELBO', () => {
  const results = new Map<string, { elbo: number; se: number }>();
  const key = (kind: string, target: string, n: number) => `${kind} ${target} N=${n}`;

  afterAll(() => {
    // The numbers in the header come from here.
    console.log([...results].map(([k, r]) => `${k}: ${r.elbo.toFixed(4)} ± ${r.se.toFixed(4)}`).join('\n'));
  });

  test.each(ENGINE_KINDS)('on %s: below log Z on gaussian and banana, growing with N on banana', async (kind) => {
    const engine = await engineOf(kind);
    for (const [target, ns] of [['banana', [1, 10, 100]], ['gaussian', [100]]] as const) {
      const logZ = findTarget(target)!.logZ!(2);
      for (const n of ns) {
        await engine.configure({ target, sampler: 'mixflow', params: { flowSteps: n }, chains: CHAINS, seed: 9 });
        engine.run(DRAWS);
        const r = await elboOf(engine, DRAWS);
        results.set(key(kind, target, n), r);
        expect(r.elbo, `${target} N = ${n}: ELBO ${r.elbo} ± ${r.se} vs log Z ${logZ}`).toBeLessThan(logZ + Z * r.se);
        const snap = await engine.snapshot();
        expect(snap.totals.divergent).toBe(0);
        expect(snap.totals.gradEvals).toBe(CHAINS * DRAWS * (1 + (n - 1) * mixflow.params.L.default));
      }
    }
    const one = results.get(key(kind, 'banana', 1))!;
    const hundred = results.get(key(kind, 'banana', 100))!;
    expect(hundred.elbo - one.elbo).toBeGreaterThan(Z * Math.hypot(one.se, hundred.se));
  });

  test('WebGPU and the CPU reference agree on banana at N = 100', () => {
    const gpu = results.get(key('webgpu', 'banana', 100));
    const cpu = results.get(key('cpu', 'banana', 100));
    expect(gpu && cpu).toBeTruthy();
    expect(Math.abs(gpu!.elbo - cpu!.elbo)).toBeLessThan(Z * Math.hypot(gpu!.se, cpu!.se));
  });
});

/** Typical flow points on banana, draws from π̄: x from the exact sampler, ρ ~ N(0, I),
 * u ~ U(0, 1), rounded to f32 so the WGSL kernel and the float64 map start from the same point.
 * (Far off the ridge the leapfrog steps of size 0.2 are unstable and amplify rounding by orders of
 * magnitude per step; q_N puts no mass there.) */
function randomPoints(count: number): FlowPoint[] {
  const target = findTarget('banana')!;
  const d = 2;
  return Array.from({ length: count }, (_, c) => {
    const rng = new HostRandom(77, c, 'exact');
    const x = new Float64Array(d);
    target.exact!(rng, x);
    const p: FlowPoint = {
      x: x.map(Math.fround),
      rho: Float64Array.from({ length: d }, () => Math.fround(rng.normal())),
      g: new Float64Array(d), u: Math.fround(rng.uniform()), logp: 0,
    };
    p.logp = target.gradLogDensity(p.x, p.g);
    return p;
  });
}

const clonePoint = (p: FlowPoint): FlowPoint =>
  ({ x: Float64Array.from(p.x), rho: Float64Array.from(p.rho), g: Float64Array.from(p.g), u: p.u, logp: p.logp });

/** Largest coordinate difference between two points (x, ρ and u). */
function distance(a: FlowPoint, b: FlowPoint): number {
  let m = Math.abs(a.u - b.u);
  for (let i = 0; i < a.x.length; i++) m = Math.max(m, Math.abs(a.x[i] - b.x[i]), Math.abs(a.rho[i] - b.rho[i]));
  return m;
}

type FlowMap = typeof mixflowForward;
/** The map the invertibility tests use: the sampler's default ε and L. */
const MAP = { eps: mixflow.params.eps.default, L: mixflow.params.L.default };

/** [x, ρ, u, log det] after one map from s (float64). */
function apply(s: FlowPoint, map: FlowMap): number[] {
  const t = clonePoint(s);
  const j = map(findTarget('banana')!, t, MAP, new Float64Array(t.x.length).fill(1));
  return [...t.x, ...t.rho, t.u, j];
}

/** The point with state v = [x, ρ, u, …] (gradient recomputed). */
function pointOf(v: number[], like: FlowPoint): FlowPoint {
  const d = like.x.length;
  const p: FlowPoint = { x: Float64Array.from(v.slice(0, d)), rho: Float64Array.from(v.slice(d, 2 * d)), g: new Float64Array(d), u: v[2 * d], logp: 0 };
  p.logp = findTarget('banana')!.gradLogDensity(p.x, p.g);
  return p;
}

/** Σ_k |∂map(s)_m/∂s_k| · w_k for every output m, by central differences in float64. */
function sensitivity(s: FlowPoint, map: FlowMap, w: number[]): number[] {
  const v = [...s.x, ...s.rho, s.u];
  const out = new Array<number>(v.length + 1).fill(0);
  v.forEach((vk, k) => {
    const h = 1e-6 * (1 + Math.abs(vk));
    const at = (delta: number) => apply(pointOf(v.map((x, i) => (i === k ? x + delta : x)), s), map);
    const plus = at(h);
    const minus = at(-h);
    plus.forEach((_, m) => { out[m] += (Math.abs(plus[m] - minus[m]) / (2 * h)) * w[k]; });
  });
  return out;
}

const add = (a: number[], b: number[]) => a.map((v, i) => v + b[i]);

describe('the flow map T is invertible', () => {
  const banana = findTarget('banana')!;
  const p = MAP;
  const ones = new Float64Array(2).fill(1);

  test('float64: Φ⁻¹(Φ(x)) = x, and T⁻¹(T(s)) = s with opposite log-determinants', () => {
    // Φ(x) is relatively accurate below 0 but only to ulp(1) = 2^-52 above (it is 1 − tiny there),
    // which Φ⁻¹ turns into 2^-52/φ(x).
    let worstQ = 0;
    for (let x = -8; x <= 8; x += 1 / 64) {
      const cond = 1 + Math.abs(x) + (x > 0 ? 1 / Math.exp(logNormalPdf(x)) : 0);
      worstQ = Math.max(worstQ, Math.abs(normalQuantile(normalCdf(x)) - x) / (F64_EPS * cond));
    }
    expect(worstQ).toBeLessThan(16);
    let worst = 0;
    let worstJ = 0;
    let worst10 = 0;
    for (const s of randomPoints(512)) {
      const t = clonePoint(s);
      const j = mixflowForward(banana, t, p, ones);
      const back = clonePoint(t);
      const jInv = mixflowInverse(banana, back, p, ones);
      worst = Math.max(worst, distance(back, s));
      worstJ = Math.max(worstJ, Math.abs(j - jInv));
      // Ten maps and back: rounding grows with the maps' sensitivity (MixFlows are chaotic: Xu &
      // Campbell 2023, "Embracing the chaos"), so this is reported, not bounded.
      const far = clonePoint(s);
      for (let k = 0; k < 10; k++) mixflowForward(banana, far, p, ones);
      for (let k = 0; k < 10; k++) mixflowInverse(banana, far, p, ones);
      worst10 = Math.max(worst10, distance(far, s));
    }
    // Measured: Φ⁻¹Φ 6.4 ulps × cond; one map 1.2e-13 (log-det 6.0e-13); ten maps 1.4e-8.
    console.log(`float64: Φ⁻¹Φ ${worstQ.toFixed(2)} ulps × cond; round trips: one map ${worst.toExponential(2)} (log-det ${worstJ.toExponential(2)}), ten maps ${worst10.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-10);
    expect(worstJ).toBeLessThan(1e-10);
  });

  test('WGSL: the kernel\'s T matches the float64 map, and its T⁻¹ undoes it', async () => {
    const gpu = (await engineOf('webgpu')) as GpuEngine;
    const device = gpu.device;
    const d = 2;
    const points = randomPoints(1024);
    const n = points.length;
    const values = { ...defaultParams(mixflow.params), ...p };
    // Per point: in [x, ρ, u], then T(s) [x, ρ, u, log det], then T⁻¹(T(s)) [x, ρ, u, log det].
    const IN = 2 * d + 1;
    const OUT = 2 * d + 2;
    const stride = IN + 2 * OUT;
    const harness = /* wgsl */ `
@group(1) @binding(0) var<storage, read_write> io: array<f32>;

fn harness_store(at: u32, x: ptr<function, array<f32, D>>, rho: ptr<function, array<f32, D>>, u: f32, j: f32) {
  for (var i = 0u; i < D; i = i + 1u) {
    io[at + i] = (*x)[i];
    io[at + D + i] = (*rho)[i];
  }
  io[at + 2u * D] = u;
  io[at + 2u * D + 1u] = j;
}

@compute @workgroup_size(64)
fn harness_main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let c = gid.x;
  if (c >= ${n}u) {
    return;
  }
  let base = c * ${stride}u;
  var x: array<f32, D>;
  var rho: array<f32, D>;
  var g: array<f32, D>;
  for (var i = 0u; i < D; i = i + 1u) {
    x[i] = io[base + i];
    rho[i] = io[base + D + i];
  }
  var u = io[base + 2u * D];
  var lp = grad_log_density(&x, &g);
  let j = mixflow_forward(&x, &rho, &g, &u, &lp);
  harness_store(base + ${IN}u, &x, &rho, u, j);
  let j_inv = mixflow_inverse(&x, &rho, &g, &u, &lp);
  harness_store(base + ${IN + OUT}u, &x, &rho, u, j_inv);
}
`;
    const code = chainModuleSource(banana, mixflow, d, values) + harness;
    const module = await checkedModule(device, code, 'mixflow-harness');
    const pipeline = await device.createComputePipelineAsync({ layout: 'auto', compute: { module, entryPoint: 'harness_main' } });
    const io = new Float32Array(n * stride);
    points.forEach((s, c) => {
      io.set(s.x, c * stride);
      io.set(s.rho, c * stride + d);
      io[c * stride + 2 * d] = s.u;
    });
    const paramsBytes = packParams(mixflow.params, values);
    const buffer = (size: number, usage: number) => device.createBuffer({ size, usage });
    const paramsBuf = buffer(paramsBytes.byteLength, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
    const tuningBuf = buffer(4 * 2 * d, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST);
    const ioBuf = buffer(io.byteLength, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST);
    const staging = buffer(io.byteLength, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);
    device.queue.writeBuffer(paramsBuf, 0, paramsBytes);
    device.queue.writeBuffer(tuningBuf, 0, Float32Array.from([1, 1, 0, 0]));
    device.queue.writeBuffer(ioBuf, 0, io);
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries: [{ binding: 1, resource: { buffer: paramsBuf } }, { binding: 9, resource: { buffer: tuningBuf } }],
    }));
    pass.setBindGroup(1, device.createBindGroup({ layout: pipeline.getBindGroupLayout(1), entries: [{ binding: 0, resource: { buffer: ioBuf } }] }));
    pass.dispatchWorkgroups(Math.ceil(n / 64));
    pass.end();
    encoder.copyBufferToBuffer(ioBuf, 0, staging, 0, io.byteLength);
    device.queue.submit([encoder.finish()]);
    await staging.mapAsync(GPUMapMode.READ);
    const out = new Float32Array(staging.getMappedRange().slice(0));
    staging.unmap();
    for (const b of [paramsBuf, tuningBuf, ioBuf, staging]) b.destroy();

    /** Outputs [x, ρ, u, log det] of a map read back from the kernel. */
    const read = (c: number, at: number): number[] => Array.from(out.subarray(c * stride + at, c * stride + at + OUT));
    // f32 error budgets from float64 sensitivities: an output moves by Σ_k |∂out/∂in_k| δ_k when
    // the inputs move by δ_k, and the refreshment adds its own rounding: its sum wraps in [0, 1),
    // so p' is known to ~ulp(1) and ρ' = Φ⁻¹(p') to ~ulp(1)/φ(ρ') (log det: |ρ'| times that).
    const own = (v: number[]) => {
      const rho = v.slice(d, 2 * d);
      const cond = rho.map((r) => 1 / Math.exp(logNormalPdf(r)));
      return [...v.slice(0, d).map((x) => 1 + Math.abs(x)), ...cond, 1, 1 + rho.reduce((a, r, i) => a + Math.abs(r) * cond[i], 0)];
    };
    let worstMap = 0;
    let worstBack = 0;
    points.forEach((s, c) => {
      const cpu = apply(s, mixflowForward);
      const fwd = read(c, IN);
      const back = read(c, IN + OUT);
      // T: f32 rounding of the input (weights 1 + |s_k|: relative, and absolute for the values
      // near 0 the leapfrog adds to), carried through T, plus T's own rounding.
      const inputs = [...s.x, ...s.rho, s.u];
      const budgetT = add(sensitivity(s, mixflowForward, inputs.map((v) => 1 + Math.abs(v))), own(cpu));
      budgetT.forEach((b, m) => { worstMap = Math.max(worstMap, Math.abs(fwd[m] - cpu[m]) / (F32_EPS * b)); });
      // T⁻¹(T(s)): T's error budget carried through T⁻¹, plus T⁻¹'s own rounding; vs s.
      const t = pointOf(cpu, s);
      const budgetBack = add(sensitivity(t, mixflowInverse, budgetT.slice(0, 2 * d + 1)), own([...inputs, 0]));
      const expected = [...inputs, fwd[2 * d + 1]];
      budgetBack.forEach((b, m) => { worstBack = Math.max(worstBack, Math.abs(back[m] - expected[m]) / (F32_EPS * b)); });
    });
    console.log(`WGSL, in f32 ulps of the error budget: T vs float64 ${worstMap.toFixed(2)}, T⁻¹∘T vs the identity ${worstBack.toFixed(2)}`);
    expect(worstMap).toBeLessThan(8);
    expect(worstBack).toBeLessThan(8);
  });
});
