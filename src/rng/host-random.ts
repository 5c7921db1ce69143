import { RngStream, seedKey, HOST_ITERATION } from './stream';

/** Scalar uniforms and normals for host-side draws (exact samplers, initial states), taken from
 * the Philox stream (seed, chain, a reserved iteration) so they are reproducible per chain. */
export class HostRandom {
  private readonly stream: RngStream;
  private readonly buf = new Float64Array(4);
  private nUniform = 4;
  private readonly nbuf = new Float64Array(4);
  private nNormal = 4;

  constructor(seed: number, chain: number, purpose: keyof typeof HOST_ITERATION) {
    this.stream = new RngStream(seedKey(seed), chain, HOST_ITERATION[purpose]);
  }

  uniform(): number {
    if (this.nUniform === 4) {
      this.stream.uniform4(this.buf);
      this.nUniform = 0;
    }
    return this.buf[this.nUniform++];
  }

  normal(): number {
    if (this.nNormal === 4) {
      this.stream.normal4(this.nbuf);
      this.nNormal = 0;
    }
    return this.nbuf[this.nNormal++];
  }
}
