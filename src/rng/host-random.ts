import { RngStream, seedKey, HOST_ITERATION, UniformPool } from './stream';

/** Scalar uniforms and normals for host-side draws (exact samplers, initial states), taken from
 * the Philox stream (seed, chain, a reserved iteration) so they are reproducible per chain. */
export class HostRandom {
  private readonly stream: RngStream;
  private readonly uniforms: UniformPool;
  private readonly nbuf = new Float64Array(4);
  private nNormal = 4;

  constructor(seed: number, chain: number, purpose: keyof typeof HOST_ITERATION) {
    this.stream = new RngStream(seedKey(seed), chain, HOST_ITERATION[purpose]);
    this.uniforms = new UniformPool(this.stream);
  }

  uniform(): number {
    return this.uniforms.next();
  }

  normal(): number {
    if (this.nNormal === 4) {
      this.stream.normal4(this.nbuf);
      this.nNormal = 0;
    }
    return this.nbuf[this.nNormal++];
  }
}
