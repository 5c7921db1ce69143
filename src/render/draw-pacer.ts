/** Weight of the newest draw in the running estimate. */
const EWMA = 0.25;

/** A running estimate of what a draw costs (ms). */
export class DrawCost {
  private estimate = 0;

  observe(ms: number): void {
    this.estimate += EWMA * (ms - this.estimate);
  }

  get ms(): number {
    return this.estimate;
  }
}

/**
 * Which animation frames draw the particle view: draws are spaced so that they take at most
 * `share` of the time, from what the renderer measures a draw to cost. On a GPU a draw costs
 * about nothing and every frame draws; where the GPU is emulated (SwiftShader), presenting costs
 * ~0.1 s and delays the chains' work queued behind it, so the view draws a few times a second
 * and the chains keep the rest.
 */
export class DrawPacer {
  private lastDraw = -Infinity;

  /** True when the frame at `now` (ms) should draw. */
  frame(now: number, costMs: number, share: number): boolean {
    if (now - this.lastDraw < (costMs * (1 - share)) / share) return false;
    this.lastDraw = now;
    return true;
  }
}
