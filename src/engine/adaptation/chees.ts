/**
 * Trajectory-length adaptation by ChEES (Hoffman, Radul & Sountsov 2021): gradient ascent in
 * log T on the change in the estimator of the expected square, with Adam (β1 = 0, β2 = 0.95, as in
 * the paper), each update clipped to ±0.35 (as TFP and BlackJAX) and the iterates averaged with
 * weight t^(-1/2). The gradient is pooled over chains: Σ α_c g_c / Σ α_c, the per-chain terms
 * computed by the HMC kernel.
 */
export class ChEES {
  private logT: number;
  private logTBar: number;
  private v = 0;
  private t = 0;

  constructor(trajectoryLength: number, private readonly learningRate = 0.025) {
    this.logT = Math.log(trajectoryLength);
    this.logTBar = this.logT;
  }

  /** One update from the pooled gradient of a round of `iterations` transitions: a round counts
   * as that many of the paper's per-iteration steps (up to the clip). */
  update(gradient: number, iterations: number): void {
    if (!Number.isFinite(gradient)) return;
    this.t++;
    this.v = 0.95 * this.v + 0.05 * gradient * gradient;
    const vHat = this.v / (1 - 0.95 ** this.t);
    const step = (this.learningRate * iterations * gradient) / (Math.sqrt(vHat) + 1e-12);
    this.logT += Math.max(-0.35, Math.min(0.35, step));
    const w = this.t ** -0.5;
    this.logTBar = (1 - w) * this.logTBar + w * this.logT;
  }

  /** The averaged trajectory length. */
  get length(): number {
    return Math.exp(this.logTBar);
  }
}
