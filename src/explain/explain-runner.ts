import { CpuEngine } from '../cpu/cpu-engine';
import type { ResolvedConfig, RunConfig } from '../engine/types';
import { RunController } from '../engine/run/run-controller';
import { flowShapeOf } from '../flows/params';
import { findSampler } from '../samplers';
import type { ProbeEvent, ProbeEventOf } from '../samplers/probe';
import type { SamplerDecl, TransitionInfo } from '../samplers/types';
import { flowGrid, type Polyline } from './flow-grid';

/** SVGD's particles in explain mode: enough to show the interaction, few enough to draw each. */
export const EXPLAIN_PARTICLES = 48;
/** The flow trains in turns of about this long (ms): the page stays responsive between them. */
const TRAINING_TURN_MS = 50;

/** What explain mode runs: the page's configuration, with the sampler parameters in force. */
export type ExplainConfig = Pick<RunConfig, 'target' | 'expression' | 'd' | 'sampler' | 'params' | 'seed'>;

/** One transition of the explained chain (chain 0). */
export interface ExplainStep {
  /** The transition's index in the run. */
  readonly iteration: number;
  readonly before: Float64Array;
  readonly after: Float64Array;
  /** Chain 0's events in order, without the engine's 'result'. */
  readonly events: readonly ProbeEvent[];
  readonly info: TransitionInfo;
  /** Interacting samplers: every particle's position before and after, and its Stein force. */
  readonly particles?: {
    readonly before: readonly Float64Array[];
    readonly after: readonly Float64Array[];
    readonly stein: readonly ProbeEventOf<'stein'>[];
  };
}

/**
 * One chain of the page's configuration, stepped one transition at a time by the CPU reference
 * with a probe on it: the same transition as the swarm's (same Philox numbers, same code), its
 * intermediate points recorded. SVGD runs a small set of particles, all probed. No warm-up: the
 * caller passes the parameters the swarm adapted.
 */
export class ExplainRunner {
  private iteration = 0;
  private positions: Float64Array[] = [];
  private trained = 0;

  private constructor(private readonly engine: CpuEngine, readonly config: ResolvedConfig, readonly sampler: SamplerDecl) {}

  static async create(config: ExplainConfig): Promise<ExplainRunner> {
    const sampler = findSampler(config.sampler);
    const chains = sampler?.interaction ? EXPLAIN_PARTICLES : 1;
    const engine = new CpuEngine();
    const resolved = await engine.configure({ ...config, chains, stepsPerDispatch: 1 });
    const runner = new ExplainRunner(engine, resolved, sampler!);
    const pos = await engine.readPositions();
    runner.positions = Array.from({ length: chains }, (_, c) => Float64Array.from({ length: resolved.d }, (_, i) => pos[i * chains + c]));
    return runner;
  }

  /** Iterations of flow training before the first transition (0 for samplers without a flow). */
  get trainingTotal(): number {
    return this.sampler.flow ? this.config.params.trainIterations : 0;
  }

  get trainingDone(): number {
    return this.trained;
  }

  /** Trains the flow (a run controller's training phase) in turns, yielding between them;
   * `progress` after each round; stops early (returning false) once `cancelled` says so. */
  async train(progress: (done: number, total: number) => void, cancelled: () => boolean): Promise<boolean> {
    const run = new RunController(this.engine, this.config, { turnMs: TRAINING_TURN_MS, inFlight: 1 });
    run.on((e) => {
      if (e.type !== 'trained') return;
      this.trained = e.done;
      progress(e.done, e.total);
    });
    try {
      while (run.phase.kind === 'training') {
        if (cancelled()) return false;
        await run.turn();
        await new Promise((r) => setTimeout(r, 0));
      }
    } finally {
      run.dispose();
    }
    return !cancelled();
  }

  /** Flow samplers with a trained flow: a base-space grid pushed through it, in `coords`. */
  async flowGrid(coords: readonly [number, number]): Promise<Polyline[] | null> {
    const { d, params } = this.config;
    if (!this.sampler.flow || d < 2) return null;
    return flowGrid(await this.engine.readFlow(), flowShapeOf(params as Parameters<typeof flowShapeOf>[0], d), coords);
  }

  /** Where the explained chain (chain 0) is now; every particle for SVGD. */
  current(): readonly Float64Array[] {
    return this.positions;
  }

  /** One transition of every chain, chain 0's (and SVGD's particles') recorded. */
  step(): ExplainStep {
    const before = this.positions;
    const after: Float64Array[] = before.map((x) => Float64Array.from(x));
    const events: ProbeEvent[] = [];
    const stein: ProbeEventOf<'stein'>[] = [];
    let info: TransitionInfo | undefined;
    this.engine.probe('all', (e, chain) => {
      if (e.kind === 'result') {
        after[chain] = e.x;
        if (chain === 0) info = e.info;
        return;
      }
      if (e.kind === 'stein') stein.push(e);
      if (chain === 0) events.push(e);
    });
    try {
      this.engine.run(1);
    } finally {
      this.engine.probe('all', null);
    }
    const iteration = this.iteration++;
    this.positions = after;
    return {
      iteration, before: before[0], after: after[0], events, info: info!,
      ...(this.sampler.interaction ? { particles: { before, after, stein } } : {}),
    };
  }

  dispose(): void {
    this.engine.dispose();
  }
}
