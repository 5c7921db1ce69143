import { EngineError } from '../engine/errors';
import { Warmup, warmupRound } from '../engine/adaptation/warmup';
import { findSampler } from '../samplers';
import type { EngineEvent, ResolvedConfig, SamplingEngine, Snapshot } from '../engine/types';
import { Canvas2DRenderer } from '../render/canvas2d-renderer';
import { densityImage } from '../render/density-image';
import { GpuRenderer } from '../render/gpu-renderer';
import { validView, viewOf } from '../render/plane-view';
import type { ParticleRenderer, Scene } from '../render/types';
import { targetOf } from '../targets';
import { type ConfigState, stepsPerFrameProblem, toRunConfig, tracedChainsProblem, useConfig } from './config';
import { hasGpuState } from './engine-factory';
import { RateWindow } from './rates';
import { addNotice, dismissNotice, useRun } from './run';
import { type ComputeReport, DiagnosticsFeed } from './diagnostics-feed';
import { useNd } from './nd';
import { divergencesWarn } from '../diagnostics/thresholds';

/** Frames of `run` allowed ahead of the last snapshot that came back: bounds the queued work
 * (GPU queue or worker inbox) without ever waiting inside a frame. */
const RUNS_AHEAD = 3;
/** Typing "4096" should configure once, not four times. */
const CONFIGURE_DEBOUNCE_MS = 250;
/** A flow-training round aims at this long (ms): the curves and the flow's draws move smoothly
 * on a fast GPU and on SwiftShader alike. */
const TRAINING_ROUND_MS = 150;
const MAX_TRAINING_ROUND = 200;
const MAX_TRAINING_HISTORY = 1000;
/** While the N-D panel is open, every coordinate of the shown chains is read back this often
 * (ms); the snapshots between carry the view's two. */
const ND_READ_MS = 250;
/** The fields the page validates itself (the engine never sees them). */
const PAGE_FIELDS = ['stepsPerFrame', 'tracedChains'];

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** A counter's total at the previous snapshot of the same run (0 when there is none, or when the
 * run restarted under it). */
const totalBefore = (prev: Snapshot | null, s: Snapshot, key: keyof Snapshot['totals']) =>
  prev && prev.iteration <= s.iteration ? prev.totals[key] : 0;

/**
 * Drives one engine: applies the config store to it, runs the requestAnimationFrame loop
 * (run → at most one snapshot in flight → draw), and writes what it learns to the run store.
 */
export class Session {
  private renderer: ParticleRenderer | null = null;
  private scene: (Scene & { key: string }) | null = null;
  /** Bumped on every accepted configure, so snapshots of the previous run are dropped. */
  private epoch = 0;
  private runsIssued = 0;
  private runsDone = 0;
  private snapshotInFlight = false;
  /** Pooled adaptation of the current run; its rounds run one at a time (each reads back). */
  private warmup: Warmup | null = null;
  /** The flow's training before warm-up (flow samplers): iterations done of the total. */
  private training: { done: number; total: number; roundSize: number } | null = null;
  private roundInFlight = false;
  private needSnapshot = false;
  private dirty = true;
  private configuring = false;
  private stepsPerFrame: number;
  private tracedChains: number;
  /** When the last snapshot of every coordinate was asked for (N-D panel). */
  private ndReadAt = -Infinity;
  private readonly rates = new RateWindow();
  private applyQueue: Promise<void> = Promise.resolve();
  private applyTimer: ReturnType<typeof setTimeout> | undefined;
  private raf = 0;
  private readonly unsubscribe: (() => void)[] = [];
  private readonly feed: DiagnosticsFeed;

  constructor(readonly engine: SamplingEngine, computeReport: ComputeReport) {
    this.feed = new DiagnosticsFeed(engine, computeReport);
    this.stepsPerFrame = useConfig.getState().stepsPerFrame;
    this.tracedChains = useConfig.getState().tracedChains;
    this.unsubscribe.push(
      engine.on((e) => this.onEngineEvent(e)),
      useConfig.subscribe((c, prev) => this.onConfigChange(c, prev)),
      useNd.subscribe((nd, prev) => {
        if (nd.open && !prev.open) this.needSnapshot = true;
      }),
    );
  }

  start(): void {
    this.scheduleApply(0);
    this.raf = requestAnimationFrame(this.frame);
  }

  dispose(): void {
    cancelAnimationFrame(this.raf);
    clearTimeout(this.applyTimer);
    for (const u of this.unsubscribe) u();
    this.renderer?.dispose();
    this.engine.dispose();
  }

  /** Draws into `canvas` (WebGPU when the engine shares its device, else Canvas 2D). */
  attachCanvas(canvas: HTMLCanvasElement): () => void {
    const engine = this.engine;
    const renderer = hasGpuState(engine) ? new GpuRenderer(canvas, engine) : new Canvas2DRenderer(canvas);
    if (this.scene) renderer.setScene(this.scene);
    this.renderer = renderer;
    this.dirty = true;
    return () => {
      renderer.dispose();
      if (this.renderer === renderer) this.renderer = null;
    };
  }

  /** The canvas was resized: draw again even when paused. */
  invalidate(): void {
    this.dirty = true;
  }

  /** Pauses and advances every chain by one frame's worth of transitions. */
  step(): void {
    useConfig.getState().set({ playing: false });
    this.advance();
  }

  /** Restarts the chains from their initial positions (configure again). */
  reset(): void {
    this.scheduleApply(0);
  }

  private frame = () => {
    this.raf = requestAnimationFrame(this.frame);
    try {
      const { playing: play, mode } = useConfig.getState();
      // Explain and compare modes run their own engines: the swarm waits meanwhile.
      const playing = play && mode === 'run';
      if (playing && this.runsIssued - this.runsDone < RUNS_AHEAD) this.advance();
      if (this.needSnapshot) this.requestSnapshot();
      if (this.renderer && (this.dirty || playing)) {
        this.dirty = false;
        const run = useRun.getState();
        this.renderer.draw((this.training && run.training?.shown) || run.snapshot);
      }
    } catch (e) {
      addNotice({ key: 'frame', level: 'error', text: `Frame failed: ${message(e)}` });
    }
  };

  private ready(): boolean {
    return !this.configuring && useRun.getState().applied !== null;
  }

  private advance(): void {
    if (!this.ready()) return;
    if (this.training) {
      this.advanceTraining(this.training);
      return;
    }
    if (this.warmup?.active) {
      this.advanceWarmup(this.warmup);
      return;
    }
    if (!this.feed.recording) this.feed.startSampling(this.tracedChains);
    this.engine.run(this.stepsPerFrame);
    this.runsIssued++;
    this.needSnapshot = true;
    this.dirty = true;
  }

  /** One warm-up round (run, read back, tune); the next waits for it, so each adaptation step
   * sees exactly the transitions made with the tuning it set. */
  private advanceWarmup(warmup: Warmup): void {
    if (this.roundInFlight) return;
    this.roundInFlight = true;
    const epoch = this.epoch;
    // A whole warm-up round a frame: rounds are short (warm-up / 50) and each piece costs a
    // read-back. Burn-in tunes nothing: it goes at the sampling pace.
    const preferred = warmup.adapting ? Infinity : this.stepsPerFrame;
    warmupRound(this.engine, warmup, preferred, { coords: this.ndCoords() ?? this.scene?.coords }).then(
      (s) => {
        if (epoch !== this.epoch) return;
        useRun.setState({ phase: warmup.phase, warmupDivergences: s.totals.divergent, restartedChains: warmup.restarted });
        this.onSnapshot(s);
      },
      (e) => addNotice({ key: 'snapshot', level: 'error', text: `Warm-up round failed: ${message(e)}` }),
    ).finally(() => {
      this.roundInFlight = false;
    });
  }

  /** One round of the flow's training; its length adapts so a round takes about
   * TRAINING_ROUND_MS. When training ends (or stops on a NaN loss), warm-up and sampling follow
   * with the last good flow. */
  private advanceTraining(training: { done: number; total: number; roundSize: number }): void {
    if (this.roundInFlight) return;
    this.roundInFlight = true;
    const epoch = this.epoch;
    const n = Math.min(training.roundSize, training.total - training.done);
    const started = performance.now();
    this.engine.trainFlow(n).then(
      (round) => {
        if (epoch !== this.epoch) return;
        const elapsed = performance.now() - started;
        training.roundSize = Math.max(1, Math.min(MAX_TRAINING_ROUND, Math.round(n * TRAINING_ROUND_MS / Math.max(elapsed, 1))));
        training.done += n;
        const d = useRun.getState().applied?.d ?? 2;
        const shown = { positions: round.samples, shownChains: round.shown, coords: d >= 2 ? [0, 1] : [0] };
        const prev = useRun.getState().training;
        const history = round.point
          ? [...(prev?.history ?? []), { ...round.point, iteration: training.done }].slice(-MAX_TRAINING_HISTORY)
          : prev?.history ?? [];
        if (round.stopped) addNotice({ key: 'training', level: 'error', text: round.stopped });
        const finished = round.stopped !== undefined || training.done >= training.total;
        if (finished) this.training = null;
        useRun.setState({
          training: { history, stopped: round.stopped ?? null, shown },
          phase: finished ? this.warmup!.phase : { kind: 'training', iteration: training.done, total: training.total },
        });
        this.dirty = true;
      },
      (e) => addNotice({ key: 'training', level: 'error', text: `Training the flow failed: ${message(e)}` }),
    ).finally(() => {
      this.roundInFlight = false;
    });
  }

  private requestSnapshot(): void {
    if (this.snapshotInFlight || this.warmup?.active || !this.ready()) return;
    this.snapshotInFlight = true;
    this.needSnapshot = false;
    const epoch = this.epoch;
    const fence = this.runsIssued;
    this.engine.snapshot(this.feed.request(this.ndCoords())).then(
      (s) => {
        if (epoch !== this.epoch) return;
        this.runsDone = fence;
        this.onSnapshot(s);
      },
      (e) => {
        this.needSnapshot = true;
        addNotice({ key: 'snapshot', level: 'error', text: `Reading the chains failed: ${message(e)}` });
      },
    ).finally(() => {
      this.snapshotInFlight = false;
    });
  }

  /** Every coordinate, when the N-D panel is open and its last read is ND_READ_MS old; else
   * undefined (the view's two). */
  private ndCoords(): number[] | undefined {
    const d = useRun.getState().applied?.d ?? 0;
    const now = performance.now();
    if (!useNd.getState().open || now - this.ndReadAt < ND_READ_MS) return undefined;
    this.ndReadAt = now;
    return Array.from({ length: d }, (_, i) => i);
  }

  private onSnapshot(s: Snapshot): void {
    if (s.coords.length === s.d && useNd.getState().open) useNd.setState({ particles: s });
    const prev = useRun.getState().snapshot;
    this.noticeDivergences(prev, s);
    this.noticeCapped(prev, s);
    this.feed.onSnapshot(s);
    const rates = this.rates.push(s, performance.now());
    useRun.setState({
      snapshot: s,
      ...(rates ? { rates } : {}),
      status: useConfig.getState().playing ? 'running' : 'paused',
    });
    this.dirty = true;
  }

  /** Divergences are shown, never hidden: a notice says what they mean for this sampler. */
  private noticeDivergences(prev: Snapshot | null, s: Snapshot): void {
    const { phase, warmupDivergences } = useRun.getState();
    const before = Math.max(warmupDivergences, totalBefore(prev, s, 'divergent'));
    if (phase.kind === 'warmup' || s.totals.divergent <= before) return;
    const sampler = findSampler(useRun.getState().applied?.sampler ?? '');
    // Samplers with no accept step always move: a divergence is the dynamics exploding.
    const unadjusted = sampler && !sampler.reports.includes('accepted');
    const why = unadjusted
      ? 'the step size is too large for this target and the unadjusted dynamics exploded; those chains keep their last finite state — lower the step size'
      : 'the integrator broke down (energy error over 1000, or a non-finite density) where the target is too curved for the step size, e.g. a funnel\'s neck: the chains may be biased there';
    const n = s.totals.divergent - warmupDivergences;
    const transitions = s.chains * Math.max(1, s.iteration - (this.warmup?.total ?? 0));
    const share = `${n.toLocaleString('en-US')} divergent transitions (${((100 * n) / transitions).toPrecision(2)} % of the sampling phase's)`;
    if (divergencesWarn(n, transitions, !!unadjusted)) addNotice({ key: 'divergences', level: 'warning', text: `${share}: ${why}.` });
    else addNotice({ key: 'divergences', level: 'info', text: `${share}: rejected moves where the target is more curved than the step size allows; the chains stay exact but explore those regions slowly (a higher target acceptance δ makes them rarer).` });
  }

  /** Capped slice updates keep the chain where it was: say so, and what usually causes it. */
  private noticeCapped(prev: Snapshot | null, s: Snapshot): void {
    if (s.totals.capped <= totalBefore(prev, s, 'capped')) return;
    addNotice({
      key: 'capped', level: 'warning',
      text: `${s.totals.capped.toLocaleString('en-US')} slice updates hit the shrinkage cap and kept their state (the chains stay exact but move less): ` +
        'the slice is extremely narrow there, or the density is NaN or +∞ — raise the cap or check the density.',
    });
  }

  private onConfigChange(c: ConfigState, prev: ConfigState): void {
    const runChanged = c.target !== prev.target || c.expression !== prev.expression || c.d !== prev.d || c.sampler !== prev.sampler
      || c.params !== prev.params || c.chains !== prev.chains || c.seed !== prev.seed;
    if (runChanged) this.scheduleApply(CONFIGURE_DEBOUNCE_MS);
    if (c.stepsPerFrame !== prev.stepsPerFrame) {
      const problem = stepsPerFrameProblem(c.stepsPerFrame);
      if (!problem) this.stepsPerFrame = c.stepsPerFrame;
      this.setFieldError('stepsPerFrame', problem);
    }
    if (c.tracedChains !== prev.tracedChains) {
      const problem = tracedChainsProblem(c.tracedChains);
      if (!problem) {
        this.tracedChains = c.tracedChains;
        // Pools and window start again with the new set of traced chains.
        if (this.feed.recording) this.feed.startSampling(this.tracedChains);
      }
      this.setFieldError('tracedChains', problem);
    }
    const applied = useRun.getState().applied;
    if (c.view !== prev.view && applied && !runChanged) this.updateScene(applied);
    if (c.playing !== prev.playing && applied) {
      useRun.setState({ status: c.playing ? 'running' : 'paused' });
    }
  }

  private setFieldError(field: string, text: string | null): void {
    useRun.setState((s) => {
      const { [field]: _, ...rest } = s.fieldErrors;
      return { fieldErrors: text ? { ...rest, [field]: text } : rest };
    });
  }

  /** Errors the engine reported about the previous attempt, keeping the page's own. */
  private setEngineFieldErrors(errors: Record<string, string>): void {
    useRun.setState((s) => {
      const own = Object.fromEntries(PAGE_FIELDS.flatMap((f) => (s.fieldErrors[f] ? [[f, s.fieldErrors[f]]] : [])));
      return { fieldErrors: { ...errors, ...own } };
    });
  }

  private scheduleApply(delayMs: number): void {
    clearTimeout(this.applyTimer);
    this.applyTimer = setTimeout(() => {
      this.applyQueue = this.applyQueue.then(() => this.apply());
    }, delayMs);
  }

  /** configure(); on EngineError the engine keeps the previous run, and so does the page. */
  private async apply(): Promise<void> {
    this.configuring = true;
    try {
      const resolved = await this.engine.configure(toRunConfig(useConfig.getState()));
      this.epoch++;
      this.warmup = new Warmup(resolved);
      const trainIterations = findSampler(resolved.sampler)?.flow ? resolved.params.trainIterations : 0;
      this.training = trainIterations > 0 ? { done: 0, total: trainIterations, roundSize: 1 } : null;
      this.engine.resetStats();
      dismissNotice('divergences');
      dismissNotice('capped');
      dismissNotice('training');
      this.runsIssued = this.runsDone = 0;
      this.rates.reset();
      this.feed.reset({
        target: targetOf(resolved)!, expression: resolved.expression, sampler: findSampler(resolved.sampler)!, d: resolved.d, chains: resolved.chains,
      });
      useNd.setState({ particles: null });
      this.updateScene(resolved);
      useRun.setState({
        applied: resolved, snapshot: null, rates: null, warmupDivergences: 0, restartedChains: 0,
        phase: this.training ? { kind: 'training', iteration: 0, total: this.training.total } : this.warmup.phase,
        training: this.training ? { history: [], stopped: null, shown: null } : null,
        status: useConfig.getState().playing ? 'running' : 'paused',
      });
      this.setEngineFieldErrors({});
      dismissNotice('config');
      this.needSnapshot = true;
    } catch (e) {
      const keeps = useRun.getState().applied ? ' — the previous run continues' : '';
      if (e instanceof EngineError) {
        this.setEngineFieldErrors(Object.fromEntries(e.problems.flatMap((p) => (p.field ? [[p.field, p.message]] : []))));
      }
      addNotice({ key: 'config', level: 'error', text: `Rejected: ${message(e)}${keeps}` });
      if (!useRun.getState().applied) useRun.setState({ status: 'failed' });
    } finally {
      this.configuring = false;
    }
  }

  /** The density image and box of the view's pair (the first two where the view does not fit
   * this d); the recording and the snapshots follow the pair. */
  private updateScene(run: ResolvedConfig): void {
    const { d } = run;
    const coords = validView(useConfig.getState().view, d);
    const key = `${run.target}/${run.expression ?? ''}/${d}/${coords.join()}`;
    if (this.scene?.key !== key) {
      const view = viewOf(targetOf(run)!, d, coords);
      this.scene = { key, image: densityImage(targetOf(run)!, view), coords: view.coords, viewBox: view.viewBox };
      this.renderer?.setScene(this.scene);
      this.needSnapshot = true;
      this.dirty = true;
    }
    this.feed.setView(this.scene);
  }

  private onEngineEvent(e: EngineEvent): void {
    if (e.type === 'device-lost') {
      addNotice({ key: 'device', level: 'warning', text: `GPU device lost: ${e.message}. Restoring…` });
    } else {
      this.rates.reset();
      this.feed.onDeviceRestored();
      addNotice({ key: 'device', level: 'info', text: `GPU device restored at iteration ${e.iteration}: ${e.message}` });
    }
    this.dirty = true;
  }
}
