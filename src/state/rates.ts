import type { CounterTotals, Snapshot } from '../engine/types';

/** Throughput and acceptance over the last `windowMs` of snapshots. */
export interface Rates {
  /** Transitions of all chains per second (chains × iterations/s). */
  transitionsPerSec: number;
  gradEvalsPerSec: number;
  densityEvalsPerSec: number;
  /** Accepted / proposed transitions in the window; NaN before two snapshots differ. */
  acceptance: number;
}

interface Sample {
  readonly t: number;
  readonly iteration: number;
  readonly chains: number;
  readonly totals: CounterTotals;
}

/** Accepted / proposed transitions between two snapshots of one run (NaN if none were made). */
export function acceptanceBetween(
  a: Pick<Sample, 'iteration' | 'totals'>, b: Pick<Sample, 'iteration' | 'totals' | 'chains'>,
): number {
  const dIter = b.iteration - a.iteration;
  return dIter > 0 ? (b.totals.accepted - a.totals.accepted) / (b.chains * dIter) : NaN;
}

/** Rates from the differences between two samples (`b` later than `a`). */
export function ratesBetween(a: Sample, b: Sample): Rates {
  const dt = (b.t - a.t) / 1000;
  const dIter = b.iteration - a.iteration;
  const perSec = (x: number) => (dt > 0 ? x / dt : NaN);
  return {
    transitionsPerSec: perSec(b.chains * dIter),
    gradEvalsPerSec: perSec(b.totals.gradEvals - a.totals.gradEvals),
    densityEvalsPerSec: perSec(b.totals.densityEvals - a.totals.densityEvals),
    acceptance: acceptanceBetween(a, b),
  };
}

/** How the page paces the chains while they sample. */
export interface Load {
  /** Transitions of every chain per submission: the run controller's choice where `automatic`,
   * else the user's steps per frame. */
  piece: number;
  automatic: boolean;
  framesPerSec: number;
  /** What a draw of the particle view costs (ms, the renderer's estimate). */
  drawMs: number;
}

/** Counts the frames over windows of `windowMs`. */
export class LoadWindow {
  private frames = 0;
  private since = NaN;
  constructor(private readonly windowMs = 1000) {}

  reset(): void {
    this.frames = 0;
    this.since = NaN;
  }

  frame(now: number): void {
    if (Number.isNaN(this.since)) this.since = now;
    else this.frames++;
  }

  /** The window's load once it is `windowMs` long (then a new window starts), else null. */
  read(now: number, piece: number, automatic: boolean, drawMs: number): Load | null {
    const elapsed = now - this.since;
    if (!(elapsed >= this.windowMs)) return null;
    const load = { piece, automatic, framesPerSec: (1000 * this.frames) / elapsed, drawMs };
    this.frames = 0;
    this.since = now;
    return load;
  }
}

/** Keeps the snapshots of the last few seconds of one run; `reset` on every new run. */
export class RateWindow {
  private samples: Sample[] = [];
  constructor(private readonly windowMs = 2000) {}

  reset(): void {
    this.samples = [];
  }

  /** Adds a snapshot taken at time `t` (ms); returns the rates over the window, or null. */
  push(s: Snapshot, t: number): Rates | null {
    const last = this.samples.at(-1);
    if (last && s.iteration === last.iteration) return null; // paused: keep the last rates
    this.samples.push({ t, iteration: s.iteration, chains: s.chains, totals: { ...s.totals } });
    while (this.samples.length > 2 && t - this.samples[1].t >= this.windowMs) this.samples.shift();
    return this.samples.length < 2 ? null : ratesBetween(this.samples[0], this.samples.at(-1)!);
  }
}
