import { Pacer } from '../engine/run/pacer';
import { shownDraws } from '../flows/flow-run';
import { RunController } from '../engine/run/run-controller';
import { type Spent, totalOf } from '../engine/run/spent';
import type { ResolvedConfig, RunConfig, SamplingEngine, Snapshot } from '../engine/types';
import type { ShownParticles } from '../render/types';
import { findSampler } from '../samplers';
import type { SamplerDecl } from '../samplers/types';
import { recordSpecOf, TRACE_WINDOW } from '../stats/record-spec';
import { acceptanceBetween } from '../state/rates';
import { type TraceData, TraceWindow } from '../stats/trace-window';
import { targetOf } from '../targets';
import type { TargetDecl, TargetTruth } from '../targets/types';
import { type Budget, spentIn } from './budget';
import { truthError, windowConvergence, type WindowConvergence } from './side-metrics';

export type SidePhase = 'training' | 'warmup' | 'sampling' | 'done';

/** How the comparison paces a side's rounds. */
export interface Pacing {
  /** Transitions per sampling round under an evaluation budget: fixed, so the same seed gives
   * the same rounds and the same numbers. */
  readonly transitions: number;
  /** Under a time budget, rounds (and flow-training rounds and warm-up turns always) are sized
   * to take about this long, so the two sides take turns often. */
  readonly roundMs: number;
  /** Traced chains whose draws give ESS and R-hat. */
  readonly tracedChains: number;
  /** Chains whose positions each snapshot brings back (for the particle view). */
  readonly shownChains: number;
  /** Convergence diagnostics are recomputed at most this often (ms), and never for more than a
   * fifth of the time (they sort every traced draw); always at the end. */
  readonly refreshMs: number;
}

export const DEFAULT_PACING: Pacing = { transitions: 10, roundMs: 300, tracedChains: 32, shownChains: 2048, refreshMs: 500 };

const MAX_ROUND = 1000;

/** The error against the truth after a sampling round, at the cost spent so far (warm-up
 * included). */
export interface ErrorPoint {
  /** Evaluations per chain. */
  readonly evaluations: number;
  readonly seconds: number;
  readonly error: number;
}

/** The aligned numbers of one side. ESS counts every chain's recorded draws: the traced chains'
 * efficiency per draw over their window stands for all chains (same sampler, same target). */
export interface SideMetrics {
  /** Draws per chain recorded in the sampling phase. */
  readonly draws: number;
  readonly essBulk: number;
  readonly essTail: number;
  /** Min bulk ESS per 1000 evaluations and per second, everything spent included. */
  readonly essPerKiloEval: number;
  readonly essPerSecond: number;
  readonly rhat: number;
  /** Sampling phase only (NaN for samplers that always move). */
  readonly acceptance: number;
  /** Sampling phase only (warm-up's first, over-large steps diverge by design). */
  readonly divergences: number;
  /** Max over coordinates of |pooled mean − true mean| / true sd (NaN where unknown). */
  readonly truthError: number;
}

/** The convergence diagnostics with the draws and cost they were computed at. */
interface Refresh extends WindowConvergence {
  readonly draws: number;
  readonly rows: number;
  readonly tracedChains: number;
  readonly spent: Spent;
}

const NO_METRICS: SideMetrics = {
  draws: 0, essBulk: NaN, essTail: NaN, essPerKiloEval: NaN, essPerSecond: NaN, rhat: NaN, acceptance: NaN, divergences: 0, truthError: NaN,
};

const now = () => performance.now();

/**
 * One side of a comparison: a run controller taking an engine through the phases of a run (the
 * flow's training, warm-up, sampling with recording) one turn at a time, paying every round's
 * evaluations and engine time out of its budget, and stopping within one round of it.
 */
export class ComparisonSide {
  readonly sampler: SamplerDecl;
  private readonly target: TargetDecl;
  private readonly truth: TargetTruth;
  private readonly controller: RunController;
  /** Sizes sampling rounds under a time budget. */
  private readonly roundPacer: Pacer;
  private window: TraceWindow | null = null;
  private traceNext = 0;
  /** Counters when sampling started (the acceptance and divergences count from there). */
  private base: Pick<Snapshot, 'iteration' | 'totals'> = { iteration: 0, totals: { accepted: 0, gradEvals: 0, densityEvals: 0, divergent: 0, capped: 0 } };
  private latest: Snapshot | null = null;
  /** The last warm-up or sampling round's cost per transition (evaluations per chain, seconds). */
  private perTransition: { evaluations: number; seconds: number } | null = null;
  /** Spent and iteration at the last round's end (the next round's cost counts from there). */
  private mark = { evaluations: 0, ms: 0, iteration: 0 };
  private refresh: Refresh | null = null;
  private refreshedAt = -Infinity;
  private refreshCostMs = 0;
  private errors: ErrorPoint[] = [];
  private shownNow: ShownParticles | null = null;
  private stopped = false;

  private constructor(
    readonly engine: SamplingEngine, readonly config: ResolvedConfig, readonly budget: Budget, private readonly pacing: Pacing,
  ) {
    this.sampler = findSampler(config.sampler)!;
    this.target = targetOf(config)!;
    this.truth = this.target.truth(config.d);
    this.controller = new RunController(engine, config, { turnMs: pacing.roundMs, inFlight: 1 });
    this.roundPacer = new Pacer(pacing.roundMs, pacing.transitions, MAX_ROUND);
    this.controller.on((e) => {
      if (e.type === 'trained') {
        this.shownNow = shownDraws(e.round, config.d);
        // Training's cost is no transition's.
        const spent = this.controller.spent;
        this.mark = { ...this.mark, evaluations: totalOf(spent.evaluations), ms: totalOf(spent.ms) };
      } else if (e.type === 'warmed') {
        this.onSnapshot(e.snapshot);
        this.base = e.snapshot;
      }
    });
  }

  /** Configures `engine` for `run` (EngineError on bad input). */
  static async start(engine: SamplingEngine, run: RunConfig, budget: Budget, pacing: Pacing = DEFAULT_PACING): Promise<ComparisonSide> {
    const config = await engine.configure(run);
    engine.resetStats();
    return new ComparisonSide(engine, config, budget, pacing);
  }

  get phase(): SidePhase {
    return this.stopped ? 'done' : this.controller.phase.kind;
  }

  get finished(): boolean {
    return this.stopped;
  }

  get spent(): Spent {
    return this.controller.spent;
  }

  /** Budget spent, in its own unit (evaluations per chain, or seconds). */
  get used(): number {
    return spentIn(this.budget.kind, this.controller.spent, this.config.chains);
  }

  private get spentAll(): boolean {
    return this.used >= this.budget.amount;
  }

  get history(): readonly ErrorPoint[] {
    return this.errors;
  }

  /** The traced chains' window of sampling draws (null before sampling). */
  get trace(): TraceData | null {
    return this.window?.data() ?? null;
  }

  /** What the particle view draws: the flow's draws while it trains, then the chains. */
  get shown(): ShownParticles | null {
    return this.shownNow;
  }

  get metrics(): SideMetrics {
    const s = this.latest;
    if (!s?.recording) return NO_METRICS;
    const r = this.refresh;
    const scale = r ? (this.config.chains * r.draws) / (r.tracedChains * r.rows) : NaN;
    const essBulk = r ? r.essBulk * scale : NaN;
    return {
      draws: s.recording.draws,
      essBulk,
      essTail: r ? r.essTail * scale : NaN,
      essPerKiloEval: r ? (1000 * essBulk) / totalOf(r.spent.evaluations) : NaN,
      essPerSecond: r ? essBulk / (totalOf(r.spent.ms) / 1000) : NaN,
      rhat: r?.rhat ?? NaN,
      acceptance: this.sampler.reports.includes('accepted') ? acceptanceBetween(this.base, s) : NaN,
      divergences: s.totals.divergent - this.base.totals.divergent,
      truthError: truthError(s.recording.mean, this.truth),
    };
  }

  /** One round of the current phase (a turn of training or warm-up rounds); the side is done
   * once the budget is spent. */
  async round(): Promise<void> {
    if (this.stopped) return;
    if (this.controller.sampling) await this.samplingRound();
    else {
      await this.controller.turn({
        until: () => this.spentAll, trainIterations: this.affordableTraining(), request: { shownChains: this.pacing.shownChains },
        burnin: this.budget.kind === 'evaluations' ? Infinity : undefined,
      });
    }
    if (this.spentAll) this.finish();
  }

  /** Stops the side where it is (the budget is spent, or the user stopped the comparison). */
  finish(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.updateRefresh(true);
  }

  /** Training iterations left in an evaluations budget (each pays a batch of evaluations). */
  private affordableTraining(): number {
    if (this.budget.kind !== 'evaluations') return Infinity;
    const left = this.budget.amount * this.config.chains - totalOf(this.controller.spent.evaluations);
    return Math.max(1, Math.floor(left / this.config.params.trainBatch));
  }

  private async samplingRound(): Promise<void> {
    if (!this.window) this.startRecording();
    const n = this.nextSamplingRound();
    const { snapshot: s, ms } = await this.controller.sample(n, { shownChains: this.pacing.shownChains, traceSince: this.traceNext });
    if (this.budget.kind === 'seconds') this.roundPacer.observe(n, ms);
    this.onSnapshot(s);
    const r = s.recording!;
    if (r.trace.rows > 0) {
      this.window!.append({ ...r.trace, d: s.d });
      this.traceNext = r.trace.from + r.trace.rows;
    }
    const spent = this.controller.spent;
    this.errors.push({
      evaluations: totalOf(spent.evaluations) / this.config.chains, seconds: totalOf(spent.ms) / 1000, error: truthError(r.mean, this.truth),
    });
    this.updateRefresh(false);
  }

  private startRecording(): void {
    const { chains, d } = this.config;
    const spec = recordSpecOf({ target: this.target, sampler: this.sampler, d, chains }, this.pacing.tracedChains);
    this.engine.record(spec);
    this.window = new TraceWindow(spec.traceChains, d, TRACE_WINDOW);
    this.traceNext = 0;
  }

  /** The round's transitions, cut so the round's cost (estimated from the rounds before)
   * stays within what is left of the budget. */
  private nextSamplingRound(): number {
    const length = this.budget.kind === 'seconds' ? this.roundPacer.next() : this.pacing.transitions;
    const cost = this.perTransition?.[this.budget.kind];
    if (!cost) return length;
    const left = this.budget.amount - this.used;
    return Math.max(1, Math.min(length, Math.floor(left / cost)));
  }

  /** A warm-up or sampling round ended at `s`: its cost per transition, from what the
   * controller paid since the last round. */
  private onSnapshot(s: Snapshot): void {
    const spent = this.controller.spent;
    const mark = { evaluations: totalOf(spent.evaluations), ms: totalOf(spent.ms), iteration: s.iteration };
    const transitions = mark.iteration - this.mark.iteration;
    if (transitions > 0) {
      this.perTransition = {
        evaluations: (mark.evaluations - this.mark.evaluations) / transitions / this.config.chains,
        seconds: (mark.ms - this.mark.ms) / 1000 / transitions,
      };
    }
    this.mark = mark;
    this.latest = s;
    this.shownNow = s;
  }

  /** Recomputes ESS and R-hat when due (or `force`d at the end). */
  private updateRefresh(force: boolean): void {
    const window = this.window;
    const s = this.latest;
    const t = now();
    if (!window || !s?.recording) return;
    if (!force && t - this.refreshedAt < Math.max(this.pacing.refreshMs, 5 * this.refreshCostMs)) return;
    const trace = window.data();
    this.refresh = { ...windowConvergence(trace), draws: s.recording.draws, rows: trace.rows, tracedChains: trace.chains, spent: this.controller.spent };
    this.refreshedAt = now();
    this.refreshCostMs = this.refreshedAt - t;
  }
}
