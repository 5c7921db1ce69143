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

/** Below this many frames a second the view no longer looks animated. */
export const MIN_FPS = 10;

/** Why a run animates at under MIN_FPS on this device, and what would fit (null at MIN_FPS or
 * more); draws take at most `drawShare` of the time (DrawPacer). */
export function frameRateAdvice(load: Load, chains: number, drawShare: number): string | null {
  const fps = load.framesPerSec;
  if (!(fps < MIN_FPS)) return null;
  const shown = `This run animates at ${fps.toFixed(1)} frames a second here (under ${MIN_FPS})`;
  if ((1000 * drawShare) / load.drawMs < MIN_FPS) {
    return `${shown}: drawing a frame costs ~${Math.round(load.drawMs)} ms on this device (its GPU is emulated on the CPU), whatever the chains, so fewer would not help the view; the numbers are right, and a GPU draws at the display's rate.`;
  }
  if (!load.automatic) {
    return `${shown}: ${load.piece.toLocaleString('en-US')} transitions a frame take longer than a frame; automatic pacing (steps = auto) sizes them to the device.`;
  }
  if (load.piece === 1) {
    // One transition of every chain already outlasts a frame: the chains are what to cut.
    const fit = 2 ** Math.floor(Math.log2(Math.max(1, (chains * fps) / MIN_FPS)));
    return `${shown}: one transition of all ${chains.toLocaleString('en-US')} chains takes longer than a frame. About ${fit.toLocaleString('en-US')} chains would animate at ${MIN_FPS} frames a second; the numbers are right either way.`;
  }
  return `${shown}: the page's own work holds the frames up (the diagnostics and their plots share the device's CPU); closing the diagnostics panel frees it.`;
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
