import type { ResolvedConfig, SamplingEngine, Snapshot, SnapshotRequest, Tuning } from '../types';
import type { AdaptSpec, SamplerDecl } from '../../samplers/types';
import { findSampler } from '../../samplers';
import { ChEES } from './chees';
import { DualAveraging } from './dual-averaging';
import { DenseMoments, DiagonalMoments } from './moments';
import { StrandedChains } from './restarts';
import { warmupSchedule, type WarmupSchedule } from './schedule';
import { haarioScale } from './linalg';

/** Floats of positions a dense (Haario) round reads at most: bounds its O(chains · d²) update. */
const DENSE_ROUND_BUDGET = 2e7;

/** What one round learned, filled in as `observe` goes. */
interface Learned {
  params: Record<string, number>;
  invMass?: Float64Array;
  center?: Float64Array;
  dense?: Float64Array;
}

/** Before sampling: warm-up (`adapting`: the sampler tunes itself) or burn-in (a sampler without
 * adaptation discards its first draws). */
export type WarmupPhase =
  | { readonly kind: 'warmup'; readonly iteration: number; readonly total: number; readonly adapting: boolean }
  | { readonly kind: 'sampling' };

/** What a completed round asks of the engine. */
export interface RoundResult {
  readonly tuning: Tuning;
  /** Read the chains' counters and restart the stranded ones (StrandedChains). */
  readonly checkChains: boolean;
}

/**
 * Warm-up pooled across all chains, driven by snapshots (so it works the same on either engine
 * and in the page). Its rounds are fixed by the warm-up length alone (WarmupSchedule): a driver
 * may run a round in several pieces, and the tuning is the same however it slices them. After
 * each round, `observe` reads the pooled acceptance statistic, moments and ChEES gradient, and
 * returns the tuning to apply. Step size by dual averaging, the metric in Stan's doubling windows
 * (diagonal inverse mass, or Haario's dense proposal covariance), trajectory length by ChEES; at
 * each window's start and end, stranded chains restart from healthy ones. At the end it fixes the
 * averaged step size and length; sampling then runs with frozen tuning, an exact Markov chain.
 * Samplers without adaptation get a burn-in of `burnin` iterations instead (nothing tuned).
 */
export class Warmup {
  readonly total: number;
  readonly adapting: boolean;
  private readonly sampler: SamplerDecl | undefined;
  private readonly spec: AdaptSpec | undefined;
  private readonly schedule: WarmupSchedule;
  private roundIndex = 0;
  private windowIndex = 0;
  private readonly da?: DualAveraging;
  private readonly chees?: ChEES;
  private readonly stranded = new StrandedChains();
  private diagonal?: DiagonalMoments;
  private dense?: DenseMoments;
  private step: number;
  private iteration = 0;
  private finished: boolean;

  constructor(private readonly config: ResolvedConfig) {
    this.sampler = findSampler(config.sampler);
    const p = config.params;
    this.spec = this.sampler?.adapt;
    this.adapting = this.spec !== undefined && (p.warmup ?? 0) > 0;
    this.total = this.spec ? (p.warmup ?? 0) : (p.burnin ?? 0);
    this.finished = this.total === 0;
    const metric = this.spec !== undefined && this.spec.metric !== 'none' && p.adaptMetric === 1;
    this.schedule = this.spec ? warmupSchedule(this.total, metric) : { roundEnds: [this.total], windows: [], checks: [] };
    this.step = this.spec?.step ? p[this.spec.step] : NaN;
    if (this.spec?.step) this.da = new DualAveraging(this.step, p.targetAccept);
    if (this.spec?.length && p.adaptLength === 1) this.chees = new ChEES(this.step * p[this.spec.length.steps]);
  }

  get active(): boolean {
    return !this.finished;
  }

  get phase(): WarmupPhase {
    return this.finished ? { kind: 'sampling' } : { kind: 'warmup', iteration: this.iteration, total: this.total, adapting: this.adapting };
  }

  /** Chains restarted from a healthy chain's state so far. */
  get restarted(): number {
    return this.stranded.restarted;
  }

  /** Transitions to run next: `preferred`, cut at the end of the current round. */
  roundLength(preferred: number): number {
    const end = this.schedule.roundEnds[this.roundIndex] ?? this.total;
    return Math.max(1, Math.min(preferred, end - this.iteration));
  }

  /** What the snapshot after a round must contain: dense adaptation reads every coordinate of
   * a subset of chains. */
  snapshotRequest(base: SnapshotRequest = {}): SnapshotRequest {
    if (this.spec?.metric !== 'dense' || this.schedule.windows.length === 0) return base;
    const { d, chains } = this.config;
    const shown = Math.min(chains, Math.max(16, Math.floor(DENSE_ROUND_BUDGET / (d * d))), base.shownChains ?? 4096);
    return { shownChains: shown, coords: Array.from({ length: d }, (_, i) => i) };
  }

  /** Reads the snapshot taken after a piece of a round (stats reset at the round's start); at
   * the round's end, learns from it and returns what to apply before the next one, else null. */
  observe(s: Snapshot): RoundResult | null {
    if (this.finished) return null;
    this.iteration = s.iteration;
    if (s.iteration < (this.schedule.roundEnds[this.roundIndex] ?? this.total)) return null;
    this.roundIndex++;
    const checkChains = this.adapting && this.schedule.checks.includes(s.iteration);
    if (!this.spec) {
      this.finished = this.iteration >= this.total;
      return { tuning: {}, checkChains };
    }
    const spec = this.spec;
    const params: Record<string, number> = {};
    const tuning: Learned = { params };
    const transitions = s.chains * s.statsIterations;
    if (this.da && transitions > 0) {
      this.step = this.inRange(spec.step!, this.da.update(s.stats.acceptProb / transitions));
      params[spec.step!] = this.step;
    }
    if (this.chees) {
      if (s.stats.acceptProb > 0) this.chees.update(s.stats.chees / s.stats.acceptProb, s.statsIterations);
      // The next round's ChEES terms are centred on this round's pooled mean.
      tuning.center = s.mean;
    }
    this.accumulateMetric(s, tuning);
    if (this.iteration >= this.total) {
      this.finished = true;
      if (this.da) params[spec.step!] = this.step = this.inRange(spec.step!, this.da.final);
    }
    if (this.chees) {
      const { steps, jitter } = spec.length!;
      // ChEES assumes jittered lengths (and jitter keeps a fixed length from resonating).
      params[jitter] = 1;
      params[steps] = Math.round(this.inRange(steps, this.chees.length / this.step));
    }
    return { tuning, checkChains };
  }

  /** Donors for the stranded chains (see StrandedChains), from the engine's chain reports. */
  strandedDonors(reports: Parameters<StrandedChains['check']>[0]): Uint32Array | null {
    return this.stranded.check(reports, this.iteration);
  }

  /** A tuned value clamped into its parameter's range (a step size cannot leave the schema). */
  private inRange(key: string, value: number): number {
    const spec = this.sampler!.params[key];
    const lo = spec.minExclusive ? spec.min + Number.EPSILON : spec.min;
    return Math.min(spec.max, Math.max(lo, value));
  }

  private accumulateMetric(s: Snapshot, tuning: Learned): void {
    const w = this.schedule.windows[this.windowIndex];
    if (!w || this.iteration <= w.start) return;
    if (this.spec!.metric === 'diagonal') {
      this.diagonal ??= new DiagonalMoments(s.d);
      this.diagonal.add(s.mean, s.variance);
    } else if (s.coords.length === s.d) {
      this.dense ??= new DenseMoments(s.d);
      this.dense.add(s.positions, s.shownChains);
    }
    if (this.iteration < w.end) return;
    // Window complete: set the metric, restart step-size averaging around the current step.
    const invMass = this.diagonal?.variance();
    const factor = this.dense?.factor(haarioScale(s.d));
    if (invMass) tuning.invMass = invMass;
    if (factor) {
      tuning.dense = factor;
      if (this.spec!.scale) tuning.params[this.spec!.scale] = 1;
    }
    this.da?.restart(this.step);
    this.diagonal = undefined;
    this.dense = undefined;
    this.windowIndex++;
  }
}

/** One piece of a warm-up round on `engine`: run at most `preferred` transitions, snapshot; at
 * the round's end, restart stranded chains, tune and reset the stats. */
export async function warmupRound(engine: SamplingEngine, warmup: Warmup, preferred: number, request?: SnapshotRequest): Promise<Snapshot> {
  engine.run(warmup.roundLength(preferred));
  const s = await engine.snapshot(warmup.snapshotRequest(request));
  const result = warmup.observe(s);
  if (result) {
    if (result.checkChains) {
      const donors = warmup.strandedDonors(await engine.readChainReports());
      if (donors) engine.restartChains(donors);
    }
    engine.tune(result.tuning);
    engine.resetStats();
  }
  return s;
}

/** The whole warm-up (tests, benchmarks): pieces of at most `roundLength` until sampling starts. */
export async function runWarmup(engine: SamplingEngine, config: ResolvedConfig, roundLength = 10): Promise<Warmup> {
  const warmup = new Warmup(config);
  engine.resetStats();
  while (warmup.active) await warmupRound(engine, warmup, roundLength);
  return warmup;
}
