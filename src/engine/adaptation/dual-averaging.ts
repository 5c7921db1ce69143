/** Nesterov dual averaging of log ε toward a target acceptance statistic (Hoffman & Gelman 2014,
 * Algorithm 5; t0 = 10, κ = 0.75 as Stan). One update per warm-up round, with the acceptance
 * statistic pooled over every chain: nearly noise-free, so Stan's γ = 0.05 (tuned for one noisy
 * chain) over-steers into a period-2 oscillation (0.35 ↔ 0.95 around δ = 0.65); γ = 0.25 damps
 * it. A restart (after a metric window) shrinks toward the current step, not 10× it: the pooled
 * step is already close, and 10× sends every chain into divergence for a few rounds. */
const GAMMA = 0.25;

export class DualAveraging {
  private mu = 0;
  private hBar = 0;
  private logEps = 0;
  private logEpsBar = 0;
  private t = 0;

  constructor(eps: number, private readonly delta: number) {
    this.restart(eps);
    this.mu = Math.log(10 * eps);
  }

  /** Starts again around `eps` (after each mass-matrix window, as Stan does). */
  restart(eps: number): void {
    this.mu = Math.log(eps);
    this.hBar = 0;
    this.t = 0;
    this.logEps = Math.log(eps);
    this.logEpsBar = 0;
  }

  /** Feeds one observed mean acceptance; returns the step size to use next. */
  update(accept: number): number {
    this.t++;
    const w = 1 / (this.t + 10);
    this.hBar = (1 - w) * this.hBar + w * (this.delta - accept);
    this.logEps = this.mu - (Math.sqrt(this.t) / GAMMA) * this.hBar;
    const eta = this.t ** -0.75;
    this.logEpsBar = eta * this.logEps + (1 - eta) * this.logEpsBar;
    return Math.exp(this.logEps);
  }

  /** The averaged iterate: the step size for sampling. */
  get final(): number {
    return this.t > 0 ? Math.exp(this.logEpsBar) : Math.exp(this.logEps);
  }
}
