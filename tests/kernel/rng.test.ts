import { beforeAll, describe, expect, test } from 'vitest';
import { philox4x32_10 } from '../../src/rng/philox';
import { RngStream, u32ToUnit } from '../../src/rng/stream';
import { wgslPrelude } from '../../src/engine/compose';
import { testDevice } from '../support/gpu';
import { runKernel } from '../support/kernel';
import { correlation, ksCritical, ksStatistic, mean, normalCdf, centralMoment, zCritical } from '../support/stats';

const hex = (a: Uint32Array) => [...a].map((x) => x.toString(16).padStart(8, '0')).join(' ');

describe('Philox-4x32-10 in TypeScript', () => {
  // Known-answer vectors of Random123 (kat_vectors: philox4x32 10 rounds).
  test.each([
    [[0, 0, 0, 0], [0, 0], '6627e8d5 e169c58d bc57ac4c 9b00dbd8'],
    [[0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff], '408f276d 41c83b0e a20bc7c6 6d5451fd'],
    [[0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], [0xa4093822, 0x299f31d0], 'd16cfe09 94fdcceb 5001e420 24126ea1'],
  ])('KAT %#', (ctr, key, expected) => {
    const out = philox4x32_10(ctr[0], ctr[1], ctr[2], ctr[3], key[0], key[1], new Uint32Array(4));
    expect(hex(out)).toBe(expected);
  });
});

// Counters spread over all four words, keys over both, so every path of mulhi is exercised.
const N = 8192;
const counterOf = (i: number) => [i, (i * 2654435761) >>> 0, (i >>> 3) ^ 0xdeadbeef, (~i) >>> 0] as const;
const keyOf = (i: number) => [(i * 40503) >>> 0, 0x9e3779b9 ^ i] as const;

describe('Philox and draws in WGSL', () => {
  let device: GPUDevice;
  beforeAll(async () => {
    device = (await testDevice()).device;
  });

  test('WGSL Philox gives the same integers as the TypeScript implementation', async () => {
    const code = `${wgslPrelude(2)}
@group(0) @binding(0) var<storage, read_write> out: array<vec4<u32>>;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= ${N}u) { return; }
  let ctr = vec4<u32>(i, i * 2654435761u, (i >> 3u) ^ 0xdeadbeefu, ~i);
  let key = vec2<u32>(i * 40503u, 0x9e3779b9u ^ i);
  out[i] = philox4x32_10(ctr, key);
}`;
    const gpu = await runKernel(device, code, N, 4 * N);
    const cpu = new Uint32Array(4 * N);
    const block = new Uint32Array(4);
    for (let i = 0; i < N; i++) {
      const c = counterOf(i);
      const k = keyOf(i);
      cpu.set(philox4x32_10(c[0], c[1], c[2], c[3], k[0], k[1], block), 4 * i);
    }
    let mismatches = 0;
    for (let i = 0; i < cpu.length; i++) if (cpu[i] !== gpu[i]) mismatches++;
    expect(mismatches).toBe(0);
  });

  // Each thread t = chain + CH * iter draws one uniform block and one normal block from its
  // (seed, chain, iteration) stream, exactly as samplers do.
  const CHAINS = 256;
  const ITERS = 64;
  const seed = [12345, 0x5eed5eed] as const;
  async function draws(): Promise<{ u: Float32Array; z: Float32Array }> {
    const threads = CHAINS * ITERS;
    const code = `${wgslPrelude(2)}
@group(0) @binding(0) var<storage, read_write> out: array<vec4<f32>>;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let t = gid.x;
  if (t >= ${threads}u) { return; }
  var rng = rng_init(vec2<u32>(${seed[0]}u, ${seed[1]}u), t % ${CHAINS}u, t / ${CHAINS}u);
  out[2u * t] = uniform4(&rng);
  out[2u * t + 1u] = normal4(&rng);
}`;
    const raw = new Float32Array((await runKernel(device, code, threads, 8 * threads)).buffer);
    const u = new Float32Array(4 * threads);
    const z = new Float32Array(4 * threads);
    for (let t = 0; t < threads; t++) {
      u.set(raw.subarray(8 * t, 8 * t + 4), 4 * t);
      z.set(raw.subarray(8 * t + 4, 8 * t + 8), 4 * t);
    }
    return { u, z };
  }

  test('WGSL uniform and normal draws match the TypeScript stream', async () => {
    const { u, z } = await draws();
    const rng = new RngStream(seed, 0, 0);
    const tu = new Float64Array(4);
    const tz = new Float64Array(4);
    let maxU = 0, maxZ = 0;
    for (let t = 0; t < CHAINS * ITERS; t += 97) {
      rng.reset(t % CHAINS, Math.floor(t / CHAINS));
      rng.uniform4(tu);
      rng.normal4(tz);
      for (let j = 0; j < 4; j++) {
        maxU = Math.max(maxU, Math.abs(tu[j] - u[4 * t + j]));
        maxZ = Math.max(maxZ, Math.abs(tz[j] - z[4 * t + j]) / (1 + Math.abs(tz[j])));
      }
    }
    expect(maxU).toBe(0); // uniforms are exact in f32
    // WGSL only promises sin/cos to an absolute 2^-11 on [-π, π] (and log to ~3 ulp), so the
    // normals agree to that, not to f32 rounding; a wrong mapping would differ by O(1).
    expect(maxZ).toBeLessThan(2 ** -11);
  });

  test.each([2, 5])('normals_then_uniform (D = %i) matches the TypeScript stream', async (d) => {
    const threads = 512;
    const stride = d + 1;
    const code = `${wgslPrelude(d)}
@group(0) @binding(0) var<storage, read_write> out: array<f32>;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let t = gid.x;
  if (t >= ${threads}u) { return; }
  var rng = rng_init(vec2<u32>(${seed[0]}u, ${seed[1]}u), t, 3u);
  var z: array<f32, D>;
  let u = normals_then_uniform(&rng, &z);
  for (var i = 0u; i < D; i = i + 1u) { out[t * ${stride}u + i] = z[i]; }
  out[t * ${stride}u + D] = u;
}`;
    const gpuOut = new Float32Array((await runKernel(device, code, threads, stride * threads)).buffer);
    const rng = new RngStream(seed, 0, 0);
    const z = new Float64Array(d);
    const four = new Float64Array(4);
    let maxZ = 0;
    for (let t = 0; t < threads; t++) {
      const u = rng.reset(t, 3).normalsThenUniform(z, four);
      expect(gpuOut[t * stride + d]).toBe(u);
      for (let i = 0; i < d; i++) maxZ = Math.max(maxZ, Math.abs(z[i] - gpuOut[t * stride + i]) / (1 + Math.abs(z[i])));
    }
    expect(maxZ).toBeLessThan(2 ** -11);
  });

  test('uniforms: moments and a KS test', async () => {
    const { u } = await draws();
    const n = u.length;
    const z = zCritical(0.001, 2);
    // Uniform(0,1): mean 1/2, var 1/12, and Var((U - 1/2)^2) = 1/80 - 1/144.
    expect(Math.abs(mean(u) - 0.5) / Math.sqrt(1 / 12 / n)).toBeLessThan(z);
    expect(Math.abs(centralMoment(u, 2) - 1 / 12) / Math.sqrt((1 / 80 - 1 / 144) / n)).toBeLessThan(z);
    expect(ksStatistic(u, (x) => Math.min(1, Math.max(0, x)))).toBeLessThan(ksCritical(0.001, n));
    expect(Math.min(...u)).toBeGreaterThan(0);
    expect(Math.max(...u)).toBeLessThan(1);
  });

  test('normals: mean, variance, skewness, kurtosis and a KS test', async () => {
    const { z } = await draws();
    const n = z.length;
    const crit = zCritical(0.001, 4);
    // Standard errors of the sample moments of N(0,1): mean 1/√n, var √(2/n), skew √(6/n), kurt √(24/n).
    expect(Math.abs(mean(z)) * Math.sqrt(n)).toBeLessThan(crit);
    expect(Math.abs(centralMoment(z, 2) - 1) / Math.sqrt(2 / n)).toBeLessThan(crit);
    expect(Math.abs(centralMoment(z, 3)) / Math.sqrt(6 / n)).toBeLessThan(crit);
    expect(Math.abs(centralMoment(z, 4) - 3) / Math.sqrt(24 / n)).toBeLessThan(crit);
    expect(ksStatistic(z, normalCdf)).toBeLessThan(ksCritical(0.001, n));
  });

  test('no correlation between neighbouring chains, iterations or draws', async () => {
    const { u } = await draws();
    const at = (chain: number, iter: number, j: number) => u[4 * (chain + CHAINS * iter) + j];
    const pairs = { chain: [[], []], iter: [[], []], word: [[], []] } as Record<string, [number[], number[]]>;
    for (let it = 0; it < ITERS - 1; it++) {
      for (let c = 0; c < CHAINS - 1; c++) {
        pairs.chain[0].push(at(c, it, 0)); pairs.chain[1].push(at(c + 1, it, 0));
        pairs.iter[0].push(at(c, it, 0)); pairs.iter[1].push(at(c, it + 1, 0));
        pairs.word[0].push(at(c, it, 0)); pairs.word[1].push(at(c, it, 1));
      }
    }
    const crit = zCritical(0.001, 3);
    for (const [name, [a, b]] of Object.entries(pairs)) {
      // Under independence √n·r is approximately N(0, 1).
      expect(Math.abs(correlation(a, b)) * Math.sqrt(a.length), name).toBeLessThan(crit);
    }
  });
});

test('u32ToUnit maps the extremes strictly inside (0, 1)', () => {
  expect(u32ToUnit(0)).toBeGreaterThan(0);
  expect(u32ToUnit(0xffffffff)).toBeLessThan(1);
});
