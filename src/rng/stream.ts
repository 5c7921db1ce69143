import { philox4x32_10 } from './philox';

/** Top 23 bits, centred: exactly the value the WGSL `u32_to_unit` produces in f32. */
export function u32ToUnit(u: number): number {
  return ((u >>> 9) + 0.5) * 1.1920928955078125e-7;
}

/**
 * The stream of one (seed, chain, iteration): counter = (chain, iteration, draw, 0), key = seed.
 * Consumes Philox blocks in the same order as shaders/lib/random.wgsl, in float64.
 */
export class RngStream {
  private draw = 0;
  private readonly block = new Uint32Array(4);

  constructor(
    private seed: readonly [number, number],
    private chain: number,
    private iteration: number,
  ) {}

  /** Re-point the stream without allocating (hot loop of the CPU engine). */
  reset(chain: number, iteration: number): this {
    this.chain = chain;
    this.iteration = iteration;
    this.draw = 0;
    return this;
  }

  next(): Uint32Array {
    philox4x32_10(this.chain, this.iteration, this.draw, 0, this.seed[0], this.seed[1], this.block);
    this.draw = (this.draw + 1) >>> 0;
    return this.block;
  }

  uniform4(out: Float64Array): Float64Array {
    const b = this.next();
    for (let i = 0; i < 4; i++) out[i] = u32ToUnit(b[i]);
    return out;
  }

  /** Box–Muller on one block: four standard normals. */
  normal4(out: Float64Array): Float64Array {
    this.uniform4(out);
    const r0 = Math.sqrt(-2 * Math.log(out[0]));
    const r1 = Math.sqrt(-2 * Math.log(out[2]));
    const t0 = 2 * Math.PI * out[1];
    const t1 = 2 * Math.PI * out[3];
    out[0] = r0 * Math.cos(t0);
    out[1] = r0 * Math.sin(t0);
    out[2] = r1 * Math.cos(t1);
    out[3] = r1 * Math.sin(t1);
    return out;
  }

  /** `out.length` standard normals, then one uniform (returned), from Box–Muller pairs packed
   * into as few blocks as possible: the WGSL `normals_then_uniform`. */
  normalsThenUniform(out: Float64Array, u: Float64Array): number {
    let k = 0;
    for (let i = 0; i < out.length; i += 2) {
      if (k === 0) this.uniform4(u);
      const radius = Math.sqrt(-2 * Math.log(u[k]));
      const angle = 2 * Math.PI * u[k + 1];
      out[i] = radius * Math.cos(angle);
      if (i + 1 < out.length) out[i + 1] = radius * Math.sin(angle);
      k = (k + 2) % 4;
    }
    if (k === 0) this.uniform4(u);
    return u[k];
  }
}

/** Uniforms four per Philox block, handed out one at a time (the WGSL `UniformPool` of
 * shaders/samplers/lib_slice.wgsl; host draws use it too). */
export class UniformPool {
  private readonly block = new Float64Array(4);
  private used = 4;

  constructor(private readonly rng: RngStream) {}

  next(): number {
    if (this.used === 4) {
      this.rng.uniform4(this.block);
      this.used = 0;
    }
    return this.block[this.used++];
  }
}

/** Seed (any integer in [0, 2^32)) to the Philox key. The second word separates our streams from
 * Random123's zero-key test vectors. */
export function seedKey(seed: number): [number, number] {
  return [seed >>> 0, 0x5eed5eed];
}

/** Streams reserved for the host (initial states, exact draws): iteration counters from the top. */
export const HOST_ITERATION = {
  init: 0xffffffff,
  exact: 0xfffffffe,
  momentum: 0xfffffffd,
  flowInit: 0xfffffffc,
  flowShown: 0xfffffffb,
} as const;
