import { cholesky } from './linalg';

/** Pooled per-coordinate variance over a window of rounds: each round contributes every chain's
 * cross-chain mean and variance (law of total variance across rounds). */
export class DiagonalMoments {
  private rounds = 0;
  private readonly meanSum: Float64Array;
  private readonly meanSq: Float64Array;
  private readonly varSum: Float64Array;

  constructor(d: number) {
    this.meanSum = new Float64Array(d);
    this.meanSq = new Float64Array(d);
    this.varSum = new Float64Array(d);
  }

  add(mean: Float64Array, variance: Float64Array): void {
    this.rounds++;
    for (let i = 0; i < mean.length; i++) {
      this.meanSum[i] += mean[i];
      this.meanSq[i] += mean[i] * mean[i];
      this.varSum[i] += variance[i];
    }
  }

  /** The window's variance per coordinate, or undefined when it has none or one is unusable. */
  variance(): Float64Array | undefined {
    if (this.rounds === 0) return undefined;
    const r = this.rounds;
    const out = this.varSum.map((v, i) => v / r + Math.max(0, this.meanSq[i] / r - (this.meanSum[i] / r) ** 2));
    return out.every((v) => Number.isFinite(v) && v > 0) ? out : undefined;
  }
}

/** Full covariance over a window from the positions of a subset of chains at each round. */
export class DenseMoments {
  private n = 0;
  private readonly sum: Float64Array;
  private readonly outer: Float64Array;

  constructor(private readonly d: number) {
    this.sum = new Float64Array(d);
    this.outer = new Float64Array(d * d);
  }

  /** `positions` coordinate-major for coordinates 0..d−1 of `chains` chains. */
  add(positions: Float64Array, chains: number): void {
    const d = this.d;
    const x = new Float64Array(d);
    for (let c = 0; c < chains; c++) {
      for (let i = 0; i < d; i++) x[i] = positions[i * chains + c];
      if (!x.every(Number.isFinite)) continue;
      this.n++;
      for (let i = 0; i < d; i++) {
        this.sum[i] += x[i];
        for (let j = 0; j <= i; j++) this.outer[i * d + j] += x[i] * x[j];
      }
    }
  }

  /** Lower Cholesky factor of scale² · (Σ + ε I), Σ the window's covariance and ε a small ridge
   * (Haario's), or undefined with too few draws or a singular estimate. */
  factor(scale: number): Float64Array | undefined {
    const d = this.d;
    if (this.n <= d) return undefined;
    const cov = new Float64Array(d * d);
    let trace = 0;
    for (let i = 0; i < d; i++) {
      for (let j = 0; j <= i; j++) {
        const v = (this.outer[i * d + j] - (this.sum[i] * this.sum[j]) / this.n) / (this.n - 1);
        cov[i * d + j] = cov[j * d + i] = v * scale * scale;
      }
      trace += cov[i * d + i];
    }
    const ridge = 1e-6 * (trace / d);
    for (let i = 0; i < d; i++) cov[i * d + i] += ridge;
    try {
      return cholesky(cov, d);
    } catch {
      return undefined;
    }
  }
}
