/** A piece may grow at most this much over the one before: a piece that happened to overlap
 * nothing cannot make the next one take seconds. */
const MAX_GROWTH = 8;

/**
 * Sizes pieces of work (transitions, training iterations) so that each takes about `targetMs`,
 * from the rate measured on the piece before. Nothing about the device is assumed: the same code
 * gives a fast GPU long pieces and SwiftShader short ones.
 */
export class Pacer {
  private last = 0;
  private rate: number | null = null;

  constructor(readonly targetMs: number, private readonly first = 1, private readonly max = Infinity) {}

  /** Units of work for the next piece (at least 1). */
  next(): number {
    if (this.rate === null) return this.first;
    const size = Math.round(this.rate * this.targetMs);
    return Math.max(1, Math.min(this.max, size, MAX_GROWTH * Math.max(this.last, 1)));
  }

  /** A piece of `units` took `ms`. */
  observe(units: number, ms: number): void {
    this.last = units;
    this.rate = units / Math.max(ms, 0.01);
  }

  /** Units per millisecond measured last (NaN before any piece). */
  get unitsPerMs(): number {
    return this.rate ?? NaN;
  }
}

/**
 * The device time of pieces queued back to back: piece k ran from when it was submitted or when
 * piece k−1 finished, whichever is later, until it finished (completions arrive in order).
 */
export class DeviceTimer {
  private lastDone = -Infinity;

  /** Milliseconds piece k spent on the device, given when it was submitted and when it finished. */
  finished(submittedAt: number, doneAt: number): number {
    const ms = doneAt - Math.max(submittedAt, this.lastDone);
    this.lastDone = doneAt;
    return Math.max(ms, 0);
  }
}
