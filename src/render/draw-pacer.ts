/** The estimate is the median of this many latest draws. */
const WINDOW = 9;

/**
 * A running estimate of what a draw costs (ms): the median of the latest draws, so that the odd
 * draw timed together with other work queued beside it (a chain piece submitted while it was
 * presented) does not move it.
 */
export class DrawCost {
  private readonly latest: number[] = [];

  observe(ms: number): void {
    this.latest.push(ms);
    if (this.latest.length > WINDOW) this.latest.shift();
  }

  get ms(): number {
    if (this.latest.length === 0) return 0;
    const sorted = [...this.latest].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
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
