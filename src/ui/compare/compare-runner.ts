import { Comparison, type ComparisonSetup } from '../../compare/comparison';
import type { ComparisonSide } from '../../compare/comparison-side';
import type { SamplingEngine } from '../../engine/types';
import { startEngine } from '../../state/engine-factory';

export type CompareStatus = 'idle' | 'starting' | 'running' | 'paused' | 'done' | 'failed';

/** What the view shows; a new object after every change (for useSyncExternalStore). */
export interface CompareSnapshot {
  readonly status: CompareStatus;
  readonly error: string | null;
  /** The sides of the current comparison (absent before Start and after Reset). */
  readonly sides: readonly ComparisonSide[] | null;
  /** Bumped after every round, so views of the (mutable) sides redraw. */
  readonly round: number;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

/**
 * Runs a comparison in the page: two engines from `startEngine` (WebGPU, or CPU workers), started
 * on first use and kept for later comparisons; one round of each side per animation frame while
 * running. Every step on the comparison goes through one queue, so Step, Pause and Reset never
 * overlap a round.
 */
export class CompareRunner {
  private engines: Promise<[SamplingEngine, SamplingEngine]> | null = null;
  private comparison: Comparison | null = null;
  /** Bumped by Reset and dispose: work of an older comparison stops. */
  private generation = 0;
  private queue: Promise<void> = Promise.resolve();
  private state: CompareSnapshot = { status: 'idle', error: null, sides: null, round: 0 };
  private readonly listeners = new Set<() => void>();
  private disposed = false;

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  snapshot = () => this.state;

  /** Starts a new comparison (from idle, done or failed) or resumes a paused one. */
  start(setup: ComparisonSetup): void {
    const { status } = this.state;
    if (status === 'running' || status === 'starting') return;
    if (status === 'paused') {
      this.set({ status: 'running' });
      this.schedule(this.generation);
      return;
    }
    this.begin(setup, true);
  }

  pause(): void {
    if (this.state.status === 'running') this.set({ status: 'paused' });
  }

  toggle(setup: ComparisonSetup): void {
    if (this.state.status === 'running') this.pause();
    else this.start(setup);
  }

  /** Pauses, then one round of each side (starting the comparison first if there is none). */
  step(setup: ComparisonSetup): void {
    const { status } = this.state;
    if (status === 'starting') return;
    if (!this.comparison || status === 'done' || status === 'failed') this.begin(setup, false);
    else this.pause();
    this.enqueue(this.generation, () => this.round());
  }

  /** Ends both sides now, their numbers as they stand. */
  stop(): void {
    if (!this.comparison || this.state.status === 'done') return;
    const comparison = this.comparison;
    this.enqueue(this.generation, async () => {
      comparison.stop();
      this.set({ status: 'done', round: this.state.round + 1 });
    });
  }

  /** Drops the comparison (the engines stay for the next one). */
  reset(): void {
    this.generation++;
    this.comparison = null;
    this.set({ status: 'idle', error: null, sides: null, round: 0 });
  }

  dispose(): void {
    this.disposed = true;
    this.generation++;
    this.comparison = null;
    void this.engines?.then((pair) => pair.forEach((e) => e.dispose()), () => undefined);
    this.engines = null;
  }

  /** A new comparison on the engines, running or paused. */
  private begin(setup: ComparisonSetup, run: boolean): void {
    const generation = ++this.generation;
    this.comparison = null;
    this.set({ status: 'starting', error: null, sides: null, round: 0 });
    this.enqueue(generation, async () => {
      const comparison = await Comparison.start(await this.enginePair(), setup);
      this.comparison = comparison;
      this.set({ status: run ? 'running' : 'paused', sides: comparison.sides });
      if (run) this.schedule(generation);
    });
  }

  private enginePair(): Promise<[SamplingEngine, SamplingEngine]> {
    this.engines ??= Promise.all([startEngine(), startEngine()]).then(([a, b]) => [a.engine, b.engine]);
    return this.engines;
  }

  private schedule(generation: number): void {
    void nextFrame().then(() => {
      if (generation !== this.generation || this.state.status !== 'running') return;
      this.enqueue(generation, async () => {
        if (this.state.status !== 'running') return;
        await this.round();
        if (this.state.status === 'running') this.schedule(generation);
      });
    });
  }

  private async round(): Promise<void> {
    const comparison = this.comparison;
    if (!comparison || comparison.finished) return;
    await comparison.step();
    this.set({ round: this.state.round + 1, ...(comparison.finished ? { status: 'done' as const } : {}) });
  }

  /** Runs `work` after what is queued, unless the comparison it belongs to is gone by then. */
  private enqueue(generation: number, work: () => Promise<void>): void {
    this.queue = this.queue.then(async () => {
      if (generation !== this.generation || this.disposed) return;
      try {
        await work();
      } catch (e) {
        if (generation === this.generation) this.set({ status: 'failed', error: message(e) });
      }
    });
  }

  private set(patch: Partial<CompareSnapshot>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }
}
