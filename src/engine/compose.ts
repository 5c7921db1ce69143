import mathWgsl from '../../shaders/lib/math.wgsl?raw';
import philoxWgsl from '../../shaders/lib/philox.wgsl?raw';
import randomWgsl from '../../shaders/lib/random.wgsl?raw';
import type { ParamSchema } from './params';

/** Threads per workgroup of the chain kernels (≤ every adapter's 256 guaranteed minimum). */
export const WORKGROUP_SIZE = 64;

/** Constants every module gets, then the shared library (math, Philox, draws). */
export function wgslPrelude(d: number): string {
  return [
    `const D: u32 = ${d}u;`,
    `const WG: u32 = ${WORKGROUP_SIZE}u;`,
    mathWgsl,
    philoxWgsl,
    randomWgsl,
  ].join('\n');
}

/** `struct Params` from a sampler's schema: one 4-byte scalar per key, in declaration order. */
export function paramsStruct(schema: ParamSchema): string {
  const fields = Object.entries(schema).map(([k, s]) => `  ${k}: ${s.type},`);
  // An empty struct is not valid WGSL.
  if (fields.length === 0) fields.push('  unused: u32,');
  return `struct Params {\n${fields.join('\n')}\n}`;
}

/** The uniform bytes of `struct Params` for the given values (same order as `paramsStruct`). */
export function packParams(schema: ParamSchema, values: Record<string, number>): ArrayBuffer {
  const keys = Object.keys(schema);
  const bytes = Math.max(16, Math.ceil((keys.length * 4) / 16) * 16);
  const buf = new ArrayBuffer(bytes);
  const f = new Float32Array(buf);
  const u = new Uint32Array(buf);
  keys.forEach((k, i) => {
    if (schema[k].type === 'u32') u[i] = values[k] >>> 0;
    else f[i] = values[k];
  });
  return buf;
}
