import { Warmup, warmupRound, type WarmupPhase } from '../adaptation/warmup';
import type { FlowRound } from '../../flows/flow-run';
import { CHECK_EVERY, ElboPlateau } from '../../flows/plateau';
import { findSampler } from '../../samplers';
import type { CounterTotals, ResolvedConfig, SamplingEngine, Snapshot, SnapshotRequest } from '../types';
import { DeviceTimer, RoundPacer, ThroughputPacer } from './pacer';
import { addSpent, type CostPhase, NOTHING_SPENT, type Spent } from './spent';

/** Where a run is: training its flow, warming up (or burning in), or sampling. */
export type RunPhase = { readonly kind: 'training'; readonly iteration: number; readonly total: number } | WarmupPhase;

export type RunEvent =
  /** A round of the flow's training (its draws show what the flow has learned); `plateaued`
   * when it ended training because the ELBO had levelled off (ElboPlateau). */
  | { readonly type: 'trained'; readonly round: FlowRound; readonly done: number; readonly total: number; readonly plateaued: boolean }
  /** A piece of warm-up or burn-in, with the snapshot its adaptation read. */
  | { readonly type: 'warmed'; readonly snapshot: Snapshot }
  | { readonly type: 'phase'; readonly phase: RunPhase }
  /** A sampling piece finished on the device. */
  | { readonly type: 'sampled'; readonly transitions: number };

export interface RunPacing {
  /** A turn of training or warm-up works back to back for about this long (ms), then yields. */
  readonly turnMs: number;
  /** Sampling pieces queued at most: the device always has the next one, and the queue (what a
   * snapshot or a draw waits behind) stays bounded. */
  readonly inFlight: number;
}

export const PAGE_PACING: RunPacing = { turnMs: 100, inFlight: 3 };

/** What a turn may do besides its time (compare mode's budgets). */
export interface TurnLimits {
  /** Stops between rounds once true. */
  readonly until?: () => boolean;
  /** Training iterations this turn may run at most. */
  readonly trainIterations?: number;
  /** What warm-up's snapshots bring back besides what the adaptation reads. */
  readonly request?: SnapshotRequest;
  /** Burn-in pieces of this many transitions, so that a budget stops at the same place on every
   * run (default: sized to the turn). */
  readonly burnin?: number;
}

const MAX_TRAINING_ROUND = 1000;

const evaluationsOf = (t: CounterTotals) => t.gradEvals + t.densityEvals;
const clock = () => performance.now();

/**
 * One run's lifecycle on an engine, the same in the page, in compare mode and in Node: the flow's
 * training, warm-up or burn-in (Warmup: whole schedule rounds back to back, each read back), then
 * sampling in pieces sized by the throughput they achieve (ThroughputPacer) and queued without
 * waiting (nothing is read back but the snapshots its user asks for). It keeps what the run has spent by phase (the
 * engine's evaluation counters, milliseconds of engine work) and emits typed events.
 */
export class RunController {
  readonly warmup: Warmup;
  private training: { done: number; total: number } | null;
  private readonly trainPacer: RoundPacer;
  private readonly burninPacer: RoundPacer;
  private readonly samplePacer: ThroughputPacer;
  private readonly timer = new DeviceTimer();
  private readonly plateau = new ElboPlateau();
  private readonly listeners = new Set<(e: RunEvent) => void>();
  private spentSoFar: Spent = NOTHING_SPENT;
  /** Evaluation counters at the last snapshot (what the next one adds is paid from there). */
  private counted = 0;
  private pending = 0;
  private auto = false;
  private disposed = false;

  constructor(readonly engine: SamplingEngine, readonly config: ResolvedConfig, readonly pacing: RunPacing = PAGE_PACING) {
    this.warmup = new Warmup(config);
    const trainIterations = findSampler(config.sampler)?.flow ? config.params.trainIterations : 0;
    this.training = trainIterations > 0 ? { done: 0, total: trainIterations } : null;
    this.trainPacer = new RoundPacer(1, MAX_TRAINING_ROUND);
    this.burninPacer = new RoundPacer();
    this.samplePacer = new ThroughputPacer();
  }

  get phase(): RunPhase {
    return this.training ? { kind: 'training', iteration: this.training.done, total: this.training.total } : this.warmup.phase;
  }

  get sampling(): boolean {
    return this.phase.kind === 'sampling';
  }

  get spent(): Spent {
    return this.spentSoFar;
  }

  /** Sampling pieces queued and not yet finished. */
  get inFlight(): number {
    return this.pending;
  }

  /** Transitions a sampling piece runs now (what the pacer chose). */
  get pieceSize(): number {
    return this.samplePacer.next();
  }

  on(listener: (e: RunEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Training or warm-up: rounds of the current phase back to back for about `turnMs` (or until
   * `limits` stop it; a turn ends with its phase); resolves with the turn's last warm-up
   * snapshot (null otherwise). Nothing in sampling. */
  async turn(limits: TurnLimits = {}): Promise<Snapshot | null> {
    const started = clock();
    const phase = this.phase.kind;
    let last: Snapshot | null = null;
    while (!this.disposed && this.phase.kind === phase) {
      if (this.training) await this.trainingRound(this.training, limits.trainIterations);
      else if (this.warmup.active) last = await this.warmupPiece(limits);
      else break;
      if (clock() - started >= this.pacing.turnMs || limits.until?.()) break;
    }
    return last;
  }

  /** Sampling: queues pieces until `inFlight` are queued, each of `transitions` (default: the
   * ThroughputPacer's size). Never waits; returns the transitions queued. */
  pump(transitions?: number): number {
    let queued = 0;
    while (this.sampling && !this.disposed && this.pending < this.pacing.inFlight) queued += this.piece(transitions);
    return queued;
  }

  /** Sampling: queues one piece of `transitions` (default: the pacer's size); returns how many. */
  piece(transitions?: number): number {
    if (!this.sampling || this.disposed) return 0;
    const n = transitions ?? this.samplePacer.next();
    const submitted = clock();
    this.engine.run(n);
    this.pending++;
    this.engine.settled().then(() => {
      if (this.disposed) return;
      this.pending = Math.max(0, this.pending - 1);
      const done = clock();
      this.samplePacer.observe(n, done);
      this.pay('sampling', 0, this.timer.finished(submitted, done));
      this.emit({ type: 'sampled', transitions: n });
      if (this.auto) this.pump();
    }, () => {
      this.pending = Math.max(0, this.pending - 1);
    });
    return n;
  }

  /** Keeps the device busy with paced pieces (each finished piece queues the next) until `stop`. */
  start(): void {
    this.auto = true;
    this.pump();
  }

  stop(): void {
    this.auto = false;
  }

  /** A sampling round that waits: `transitions`, then a snapshot; its milliseconds are the
   * round's (compare mode's rounds, which pay for their read-backs too). */
  async sample(transitions: number, request: SnapshotRequest): Promise<{ snapshot: Snapshot; ms: number }> {
    const started = clock();
    this.engine.run(transitions);
    const snapshot = await this.snapshotFor('sampling', request);
    const ms = clock() - started;
    this.pay('sampling', 0, ms);
    return { snapshot, ms };
  }

  /** The chains now (after everything queued), paying the evaluations they report. */
  snapshot(request?: SnapshotRequest): Promise<Snapshot> {
    return this.snapshotFor(this.sampling ? 'sampling' : 'warmup', request);
  }

  /** Forget the queued pieces: a lost device will not finish them. */
  forgetInFlight(): void {
    this.pending = 0;
  }

  dispose(): void {
    this.disposed = true;
    this.auto = false;
    this.listeners.clear();
  }

  /** A round of training, cut at the next ELBO check; training ends at `total`, on a NaN loss,
   * or once the ELBO has levelled off. */
  private async trainingRound(training: { done: number; total: number }, limit = Infinity): Promise<void> {
    const toCheck = CHECK_EVERY - (training.done % CHECK_EVERY);
    const n = Math.max(1, Math.min(this.trainPacer.next(), toCheck, training.total - training.done, limit));
    const started = clock();
    const round = await this.engine.trainFlow(n);
    const ms = clock() - started;
    this.trainPacer.observe(n, ms);
    training.done += n;
    this.pay('training', n * this.config.params.trainBatch, ms);
    const plateaued = round.point !== undefined && this.plateau.observe(round.point) && training.done < training.total;
    if (plateaued || round.stopped !== undefined || training.done >= training.total) this.training = null;
    this.emit({ type: 'trained', round, done: training.done, total: training.total, plateaued });
    if (!this.training) this.emit({ type: 'phase', phase: this.phase });
  }

  /** A piece of warm-up: a whole schedule round (rounds are short, warm-up / 50, and the tuning
   * does not depend on how a driver slices them), or a piece of burn-in sized to amortise its
   * read-back (RoundPacer). */
  private async warmupPiece(limits: TurnLimits): Promise<Snapshot> {
    const started = clock();
    const before = this.warmup.phase;
    const adapting = this.warmup.adapting;
    const preferred = adapting ? Infinity : limits.burnin ?? this.burninPacer.next();
    const s = await warmupRound(this.engine, this.warmup, preferred, limits.request);
    const ms = clock() - started;
    const piece = s.iteration - (before.kind === 'warmup' ? before.iteration : 0);
    if (!adapting) this.burninPacer.observe(piece, ms);
    this.pay('warmup', this.evaluationsSince(s), ms);
    this.emit({ type: 'warmed', snapshot: s });
    if (!this.warmup.active) {
      // Sampling starts from the largest power of two at most warm-up's last piece.
      this.samplePacer.startAt(2 ** Math.floor(Math.log2(Math.max(1, piece))));
      this.emit({ type: 'phase', phase: this.phase });
    }
    return s;
  }

  private async snapshotFor(phase: CostPhase, request?: SnapshotRequest): Promise<Snapshot> {
    const asked = clock();
    const s = await this.engine.snapshot(request);
    const done = clock();
    if (this.pending > 0) this.samplePacer.waited(done - asked, done);
    this.pay(phase, this.evaluationsSince(s), 0);
    return s;
  }

  /** Evaluations `s` reports beyond the last snapshot's. */
  private evaluationsSince(s: Snapshot): number {
    const evaluations = evaluationsOf(s.totals);
    const added = evaluations - this.counted;
    this.counted = evaluations;
    return added;
  }

  private pay(phase: CostPhase, evaluations: number, ms: number): void {
    this.spentSoFar = addSpent(this.spentSoFar, phase, evaluations, ms);
  }

  private emit(e: RunEvent): void {
    for (const l of this.listeners) l(e);
  }
}
