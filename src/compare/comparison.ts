import type { RunConfig, SamplingEngine } from '../engine/types';
import type { Budget } from './budget';
import { ComparisonSide, DEFAULT_PACING, type Pacing } from './comparison-side';

/** A sampler and its parameters (defaults where left out). */
export interface SamplerChoice {
  readonly sampler: string;
  readonly params?: Partial<Record<string, number>>;
}

/** Two samplers on the same target, seed, chains and budget. */
export interface ComparisonSetup {
  readonly run: Omit<RunConfig, 'sampler' | 'params'>;
  readonly a: SamplerChoice;
  readonly b: SamplerChoice;
  readonly budget: Budget;
}

/**
 * Two samplers side by side: each on its own engine, taking turns one round at a time so that
 * under a time budget they share the machine alike, until both have spent their budget.
 */
export class Comparison {
  private steps = 0;

  private constructor(readonly sides: readonly [ComparisonSide, ComparisonSide]) {}

  /** Configures both engines (EngineError on a bad setup; the engines stay the caller's). */
  static async start(engines: readonly [SamplingEngine, SamplingEngine], setup: ComparisonSetup, pacing: Pacing = DEFAULT_PACING): Promise<Comparison> {
    const side = (engine: SamplingEngine, choice: SamplerChoice) =>
      ComparisonSide.start(engine, { ...setup.run, sampler: choice.sampler, params: choice.params }, setup.budget, pacing);
    return new Comparison([await side(engines[0], setup.a), await side(engines[1], setup.b)]);
  }

  get finished(): boolean {
    return this.sides.every((s) => s.finished);
  }

  /** One round of each side that still has budget, the first side alternating: in a browser the
   * first read-back after a frame waits for the frame's compositing (~0.2 s on SwiftShader), a
   * cost the two sides must share alike. */
  async step(): Promise<void> {
    const order = this.steps++ % 2 === 0 ? this.sides : [this.sides[1], this.sides[0]];
    for (const side of order) if (!side.finished) await side.round();
  }

  async runToEnd(): Promise<void> {
    while (!this.finished) await this.step();
  }

  /** Ends both sides now, with their numbers as they stand. */
  stop(): void {
    for (const side of this.sides) side.finish();
  }
}
