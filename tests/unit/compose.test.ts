import { describe, expect, test } from 'vitest';
import { packParams, paramsStruct } from '../../src/engine/compose';
import { describeAdapter } from '../../src/engine/device';
import { dispatchSize } from '../../src/engine/pipelines';
import { validateParams } from '../../src/engine/params';
import { hmc } from '../../src/samplers/hmc';
import { rwm } from '../../src/samplers/rwm';
import { SAMPLERS } from '../../src/samplers';

describe('WGSL composition', () => {
  test('struct Params follows the schema, in order, with WGSL scalar types', () => {
    expect(paramsStruct(rwm.params)).toBe('struct Params {\n  sigma: f32,\n  burnin: u32,\n}');
    expect(paramsStruct(hmc.params)).toMatch(/^struct Params \{\n {2}eps: f32,\n {2}L: u32,\n {2}jitter: f32,\n {2}jitterL: u32,\n/);
    expect(paramsStruct({})).toContain('unused: u32');
  });

  test('packParams writes f32 and u32 fields at the struct offsets, padded to 16 bytes', () => {
    const buf = packParams(hmc.params, validateParams(hmc.params, { eps: 0.25, L: 12, jitter: 0.5 }, 'HMC'));
    // 8 four-byte fields.
    expect(buf.byteLength).toBe(32);
    expect(new Float32Array(buf)[0]).toBe(0.25);
    expect(new Uint32Array(buf)[1]).toBe(12);
    expect(new Float32Array(buf)[2]).toBe(0.5);
    expect(packParams(rwm.params, { sigma: 1 }).byteLength).toBe(16);
  });

  test('dispatches wider than the per-dimension limit fold into y', () => {
    expect(dispatchSize(64, 64, 65535)).toEqual([1, 1]);
    expect(dispatchSize(65, 64, 65535)).toEqual([2, 1]);
    const [x, y] = dispatchSize(1 << 24, 64, 65535);
    expect(x).toBe(65535);
    expect(x * y * 64).toBeGreaterThanOrEqual(1 << 24);
  });
});

describe('parameter schemas', () => {
  test('every sampler parameter has a label, a range holding its default, and a one-line doc', () => {
    for (const s of SAMPLERS) {
      for (const [k, spec] of Object.entries(s.params)) {
        expect(spec.label, `${s.id}.${k}`).toMatch(/\w/);
        expect(spec.doc.split('\n')).toHaveLength(1);
        expect(spec.default).toBeGreaterThanOrEqual(spec.min);
        expect(spec.default).toBeLessThanOrEqual(spec.max);
        expect(validateParams(s.params, { [k]: spec.default }, s.name)[k]).toBe(spec.default);
      }
    }
  });

  test('defaults fill missing values; integers must be whole', () => {
    expect(validateParams(hmc.params, {}, 'HMC')).toMatchObject({ eps: 0.25, L: 10, jitter: 0, warmup: 500, targetAccept: 0.9 });
    expect(() => validateParams(hmc.params, { L: 2.5 }, 'HMC')).toThrow(/whole number/);
    expect(() => validateParams(hmc.params, { eps: '0.1' as unknown as number }, 'HMC')).toThrow(/finite number/);
  });
});

test('adapter descriptions name SwiftShader as CPU emulation', () => {
  expect(describeAdapter({ vendor: 'google', architecture: 'swiftshader', description: '' } as GPUAdapterInfo))
    .toBe('SwiftShader (google, CPU emulation)');
  expect(describeAdapter({ vendor: 'nvidia', architecture: 'hopper', description: 'NVIDIA H200' } as GPUAdapterInfo))
    .toBe('NVIDIA H200 (nvidia, hopper)');
});
