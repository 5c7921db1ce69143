/** A piece may grow at most this much over the one before. */
const MAX_GROWTH = 8;
/** Weight the pieces before the last keep in the rate: one round that happened to take ~0 ms
 * (or far too long) does not set the next round's size alone. */
const CARRY = 0.5;

/**
 * Sizes pieces of work (transitions, training iterations) so that each takes about `targetMs`,
 * from the rate measured on the pieces before (units over milliseconds, both decayed alike):
 * flow-training rounds, burn-in pieces, compare mode's rounds under a time budget.
 */
export class Pacer {
  private last = 0;
  private units = 0;
  private ms = 0;

  constructor(readonly targetMs: number, private readonly first = 1, private readonly max = Infinity) {}

  /** Units of work for the next piece (at least 1). */
  next(): number {
    if (this.ms === 0) return this.first;
    const size = Math.round(this.unitsPerMs * this.targetMs);
    return Math.max(1, Math.min(this.max, size, MAX_GROWTH * Math.max(this.last, 1)));
  }

  /** A piece of `units` took `ms`. */
  observe(units: number, ms: number): void {
    this.last = units;
    this.units = CARRY * this.units + units;
    this.ms = CARRY * this.ms + Math.max(ms, 0.01);
  }

  /** Units per millisecond over the recent pieces (NaN before any piece). */
  get unitsPerMs(): number {
    return this.ms === 0 ? NaN : this.units / this.ms;
  }
}

/** A round that waits for its result should take at most this long (ms): a pause, or the
 * view's next snapshot, waits for the round in flight. */
const MAX_ROUND_MS = 500;

/**
 * Sizes rounds that each wait for their result before the next (flow training, burn-in: each
 * reads back): every round pays a fixed latency besides its work, a read-back and, in a browser
 * on SwiftShader, the canvas presented ahead of it (~0.1–0.2 s), which Pacer's rate would count as
 * work, keeping rounds at one unit and the time mostly latency. From `first`, the round doubles
 * while its throughput (units per ms, latency included) rises, up to `max`; a round over
 * MAX_ROUND_MS halves it and ends the climb.
 */
export class RoundPacer {
  private size: number;
  private best = 0;
  private climbing = true;

  constructor(first = 1, private readonly max = Infinity) {
    this.size = Math.max(1, Math.min(first, max));
  }

  /** Units of work for the next round (at least 1). */
  next(): number {
    return this.size;
  }

  /** A round of `units` took `ms`. */
  observe(units: number, ms: number): void {
    if (ms > MAX_ROUND_MS) {
      this.size = Math.max(1, Math.floor(Math.min(this.size, units) / 2));
      this.climbing = false;
      return;
    }
    const rate = units / Math.max(ms, 0.01);
    // Only rounds of the size asked for judge it (a round cut short, e.g. at a check, does not).
    if (!this.climbing || units < this.size) return;
    if (rate > this.best) {
      this.best = rate;
      this.size = Math.min(this.max, 2 * this.size);
    } else {
      this.climbing = false;
      this.size = Math.max(1, Math.floor(this.size / 2));
    }
  }
}

/**
 * The time the queue spent on pieces queued back to back: piece k ran from when it was submitted
 * or when piece k−1 finished, whichever is later, until it finished (completions arrive in
 * order), so an idle gap is not counted and overlapping pieces are not counted twice.
 */
export class DeviceTimer {
  private lastDone = -Infinity;

  /** Milliseconds piece k took, given when it was submitted and when it finished. */
  finished(submittedAt: number, doneAt: number): number {
    const ms = doneAt - Math.max(submittedAt, this.lastDone);
    this.lastDone = Math.max(this.lastDone, doneAt);
    return Math.max(ms, 0);
  }
}

/** Throughput is judged over at least this much wall time (ms) and this many pieces. */
const WINDOW_MS = 1000;
const WINDOW_PIECES = 3;
/** A doubled piece is kept when it raises throughput by more than this factor (in a probe), a
 * halved one unless it lowers it by more. */
const GAIN = 1.1;
/** A read-back behind the queued pieces should come back within this long (ms). */
const MAX_WAIT_MS = 1000;
/** A kept size is probed again (halved, then doubled, in turn) after this long (ms). */
const REPROBE_MS = 4000;

/**
 * Sizes sampling pieces by what they achieve: transitions finished per millisecond of wall time,
 * over windows of WINDOW_MS. From one transition, the piece doubles while that rises; then it
 * is kept, and probed every REPROBE_MS: halved (kept unless throughput falls
 * by more than GAIN: smaller pieces keep the queue short for the draws and read-backs behind
 * them) or doubled (kept if it rises by more). So pieces end up as long as it takes to hide how
 * late completions are reported, and no longer, on any device. No estimate of the device's own
 * time is needed, which is as well: a browser on SwiftShader reports completions ~0.1–0.3 s late,
 * and several at once.
 */
export class ThroughputPacer {
  private size = 1;
  /** The size kept and its throughput (null while the first climb has not measured one). */
  private kept: { size: number; rate: number } | null = null;
  private climbing = true;
  private probe: 'down' | 'up' | null = null;
  private nextProbe: 'down' | 'up' = 'down';
  private keptSince = NaN;
  private window = { start: NaN, units: 0, pieces: 0 };

  /** Transitions for the next piece. */
  next(): number {
    return this.size;
  }

  /** A read-back queued behind the pieces waited `ms`: past MAX_WAIT_MS the queue is too long
   * for the page to feel live (a pause, a snapshot), so the pieces halve and the climb ends. */
  waited(ms: number, now: number): void {
    if (ms <= MAX_WAIT_MS || this.size === 1) return;
    this.climbing = false;
    this.probe = null;
    this.keep(Math.max(1, Math.floor(this.size / 2)), now);
    this.kept = { size: this.size, rate: this.kept?.rate ?? 0 };
    this.window = { start: NaN, units: 0, pieces: 0 };
  }

  /** Start from `size` (before any window is judged). */
  startAt(size: number): void {
    if (this.kept === null) this.size = Math.max(1, size);
  }

  /** Units per ms at the size kept (NaN before the first window). */
  get unitsPerMs(): number {
    return this.kept?.rate ?? NaN;
  }

  /** A piece of `units` finished at `doneAt` (ms). */
  observe(units: number, doneAt: number): void {
    const w = this.window;
    // The first completion opens the window: its work began before it.
    if (Number.isNaN(w.start)) {
      w.start = doneAt;
      return;
    }
    w.units += units;
    w.pieces++;
    const elapsed = doneAt - w.start;
    if (elapsed < WINDOW_MS || w.pieces < WINDOW_PIECES) return;
    this.window = { start: doneAt, units: 0, pieces: 0 };
    this.decide(w.units / elapsed, doneAt);
  }

  private decide(rate: number, now: number): void {
    const kept = this.kept;
    if (this.climbing) {
      // Any gain continues the climb (one noisy window must not end it early); the halving
      // probes take back what was not needed.
      if (!kept || rate > kept.rate) {
        this.kept = { size: this.size, rate };
        this.size *= 2;
        return;
      }
      this.climbing = false;
      this.keep(kept.size, now);
    } else if (this.probe) {
      const better = this.probe === 'up' ? rate > GAIN * kept!.rate : rate * GAIN >= kept!.rate;
      if (better) this.kept = { size: this.size, rate };
      this.climbing = better && this.probe === 'up';
      this.probe = null;
      if (this.climbing) this.size *= 2;
      else this.keep(this.kept!.size, now);
    } else {
      this.kept = { size: this.size, rate };
      if (now - this.keptSince < REPROBE_MS) return;
      // One transition cannot be halved: probe up instead.
      this.probe = this.size === 1 ? 'up' : this.nextProbe;
      this.nextProbe = this.probe === 'down' ? 'up' : 'down';
      this.size = this.probe === 'up' ? 2 * this.size : Math.floor(this.size / 2);
    }
  }

  private keep(size: number, now: number): void {
    this.size = size;
    this.keptSince = now;
  }
}
