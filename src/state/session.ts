import { EngineError } from '../engine/errors';
import { PAGE_PACING, RunController, type RunEvent } from '../engine/run/run-controller';
import { shownDraws } from '../flows/flow-run';
import { findSampler } from '../samplers';
import type { EngineEvent, ResolvedConfig, SamplingEngine, Snapshot } from '../engine/types';
import { Canvas2DRenderer } from '../render/canvas2d-renderer';
import { densityImage } from '../render/density-image';
import { DrawPacer } from '../render/draw-pacer';
import { GpuRenderer } from '../render/gpu-renderer';
import { validView, viewOf } from '../render/plane-view';
import type { ParticleRenderer, Scene } from '../render/types';
import { targetOf } from '../targets';
import { type ConfigState, stepsPerFrameProblem, toRunConfig, tracedChainsProblem, useConfig } from './config';
import { hasGpuState } from './engine-factory';
import { frameRateAdvice, type Load, LoadWindow, RateWindow } from './rates';
import { addNotice, type CanvasKind, dismissNotice, useRun } from './run';
import { type ComputeReport, DiagnosticsFeed } from './diagnostics-feed';
import { useNd } from './nd';
import { divergencesWarn } from '../diagnostics/thresholds';

/** Changes that come together (a sampler and its defaults) configure once. */
const CONFIGURE_DEBOUNCE_MS = 250;
/** While sampling, the chains are read back (moments, trace, diagnostics) this often (ms): the
 * WebGPU view draws the particles from the engine's buffer itself. */
const SNAPSHOT_MS = 100;
const MAX_TRAINING_HISTORY = 1000;
/** At most this share of the time goes to drawing while the chains sample (the view moves), and
 * while they train or warm up (getting to sampling matters more). */
const SAMPLING_DRAW_SHARE = 0.5;
const WARMUP_DRAW_SHARE = 0.2;
/** While the N-D panel is open, every coordinate of the shown chains is read back this often
 * (ms); the snapshots between carry the view's two. */
const ND_READ_MS = 250;
/** A device lost this soon (ms) after it was created or restored has failed to run, not met a
 * driver's one-off reset. */
const EARLY_LOSS_MS = 10_000;
/** After this many early losses in a row the view stops drawing with WebGPU (where the canvas
 * cannot present, e.g. headless Chromium without a Vulkan compositor, presenting destroys the
 * device every time); after as many more, or a device that cannot be re-created, the page runs
 * the CPU engine. */
const EARLY_LOSSES = 2;
/** Windows of LoadWindow in a row under MIN_FPS before the page says so. */
const SLOW_WINDOWS = 3;
/** Notices of what a lost device breaks: a failed read-back, an error from the canvas. */
const LOSS_NOTICES = ['snapshot', 'uncaught'];
/** The fields the page validates itself (the engine never sees them). */
const PAGE_FIELDS = ['stepsPerFrame', 'tracedChains'];

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** A counter's total at the previous snapshot of the same run (0 when there is none, or when the
 * run restarted under it). */
const totalBefore = (prev: Snapshot | null, s: Snapshot, key: keyof Snapshot['totals']) =>
  prev && prev.iteration <= s.iteration ? prev.totals[key] : 0;

/**
 * Drives one engine through a RunController: applies the config store to it, runs the
 * requestAnimationFrame loop (keep the controller working → a snapshot every SNAPSHOT_MS →
 * draw), and writes what the controller reports to the run store.
 */
export class Session {
  private renderer: ParticleRenderer | null = null;
  private scene: (Scene & { key: string }) | null = null;
  /** The current run's controller (null before the first configure is accepted). */
  private controller: RunController | null = null;
  /** A turn of training or warm-up is running. */
  private turning = false;
  private snapshotInFlight = false;
  private snapshotAt = -Infinity;
  private needSnapshot = false;
  private dirty = true;
  private configuring = false;
  private stepsPerFrame: number | null;
  private tracedChains: number;
  /** When the last snapshot of every coordinate was asked for (N-D panel). */
  private ndReadAt = -Infinity;
  private readonly rates = new RateWindow();
  private readonly load = new LoadWindow();
  private readonly drawPacer = new DrawPacer();
  private applyQueue: Promise<void> = Promise.resolve();
  private applyTimer: ReturnType<typeof setTimeout> | undefined;
  private raf = 0;
  private readonly unsubscribe: (() => void)[] = [];
  private readonly feed: DiagnosticsFeed;
  /** The view draws from read-backs (Canvas 2D) although the engine could draw with WebGPU. */
  private fromReadbacks = false;
  /** When the engine's device was created or last restored, and whether the view has drawn with
   * it since, and how many devices in a row were lost early (EARLY_LOSS_MS). */
  private deviceSince = performance.now();
  private drewWithGpu = false;
  private earlyLosses = 0;
  /** Load windows in a row under MIN_FPS while sampling. */
  private slowWindows = 0;

  /** `onFailed` is told when the engine cannot go on (its device lost for good): the page then
   * starts another session on the CPU engine. */
  constructor(readonly engine: SamplingEngine, computeReport: ComputeReport, private readonly onFailed: (reason: string) => void) {
    this.feed = new DiagnosticsFeed(engine, computeReport);
    useRun.setState({ canvas: this.canvasKind });
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
    this.controller?.dispose();
    this.engine.dispose();
  }

  /** Draws into `canvas`, which must be of `useRun`'s `canvas` kind: WebGPU when the engine shares
   * its device and its canvas can present, else Canvas 2D. */
  attachCanvas(canvas: HTMLCanvasElement): () => void {
    const engine = this.engine;
    const renderer = hasGpuState(engine) && !this.fromReadbacks ? new GpuRenderer(canvas, engine) : new Canvas2DRenderer(canvas);
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

  /** Pauses and advances every chain by one piece of work (one round of training or warm-up, or
   * one frame's worth of transitions): the same presses give the same numbers. */
  step(): void {
    useConfig.getState().set({ playing: false });
    const c = this.controller;
    if (!c || !this.ready()) return;
    if (c.sampling) {
      this.startSampling(c);
      c.piece(this.stepsPerFrame ?? undefined);
      this.needSnapshot = true;
    } else this.turn(c, true);
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
      const c = this.controller;
      if (c && this.ready()) {
        if (playing) this.advance(c);
        else c.stop();
        const due = playing && c.sampling && performance.now() - this.snapshotAt >= SNAPSHOT_MS;
        if (this.needSnapshot || due) this.requestSnapshot(c);
      }
      this.load.frame(performance.now());
      // Paused, a change draws at once; running, as often as drawing affords (DrawPacer).
      const share = c?.sampling ? SAMPLING_DRAW_SHARE : WARMUP_DRAW_SHARE;
      const r = this.renderer;
      if (r && (playing ? this.drawPacer.frame(performance.now(), r.drawCostMs, share) : this.dirty)) {
        this.dirty = false;
        const run = useRun.getState();
        r.draw((run.phase.kind === 'training' && run.training?.shown) || run.snapshot);
        if (r instanceof GpuRenderer) this.drewWithGpu = true;
      }
    } catch (e) {
      addNotice({ key: 'frame', level: 'error', text: `Frame failed: ${message(e)}` });
    }
  };

  private get canvasKind(): CanvasKind {
    return hasGpuState(this.engine) && !this.fromReadbacks ? 'webgpu' : '2d';
  }

  private ready(): boolean {
    return !this.configuring && useRun.getState().applied !== null;
  }

  /** Keeps `c` working: a turn of training or warm-up at a time; in sampling, pieces sized to
   * the device (or `steps` per frame where the user fixed it), queued without waiting. */
  private advance(c: RunController): void {
    if (!c.sampling) {
      this.turn(c);
      return;
    }
    this.startSampling(c);
    if (this.stepsPerFrame !== null) c.pump(this.stepsPerFrame);
    else c.start();
    this.dirty = true;
  }

  private startSampling(c: RunController): void {
    if (!this.feed.recording) this.feed.startSampling(this.tracedChains);
    if (this.stepsPerFrame !== null) c.stop();
  }

  /** Training or warm-up rounds back to back for a turn, or just one (each round reads back; the
   * tuning sees exactly the transitions made with the tuning it set). */
  private turn(c: RunController, oneRound = false): void {
    if (this.turning) return;
    this.turning = true;
    c.turn({ request: { coords: this.ndCoords() ?? this.scene?.coords }, until: oneRound ? () => true : undefined }).catch((e) => {
      if (c === this.controller) addNotice({ key: 'snapshot', level: 'error', text: `${c.phase.kind === 'training' ? 'Training the flow' : 'A warm-up round'} failed: ${message(e)}` });
    }).finally(() => {
      this.turning = false;
    });
  }

  /** What the controller reports, into the run store. */
  private onRunEvent(c: RunController, e: RunEvent): void {
    if (e.type === 'trained') {
      const shown = shownDraws(e.round, c.config.d);
      const prev = useRun.getState().training;
      const history = e.round.point
        ? [...(prev?.history ?? []), { ...e.round.point, iteration: e.done }].slice(-MAX_TRAINING_HISTORY)
        : prev?.history ?? [];
      if (e.round.stopped) addNotice({ key: 'training', level: 'error', text: e.round.stopped });
      if (e.plateaued) {
        addNotice({
          key: 'training', level: 'info',
          text: `The flow's training stopped at iteration ${e.done.toLocaleString('en-US')} of ${e.total.toLocaleString('en-US')}: its ELBO had levelled off within what its batches can tell (the sampler stays exact whatever the flow).`,
        });
      }
      useRun.setState({ training: { history, stopped: e.round.stopped ?? null, shown }, phase: c.phase });
      this.dirty = true;
    } else if (e.type === 'warmed') {
      useRun.setState({ phase: c.phase, warmupDivergences: e.snapshot.totals.divergent, restartedChains: c.warmup.restarted });
      this.onSnapshot(e.snapshot);
    } else if (e.type === 'phase') {
      useRun.setState({ phase: e.phase });
    }
  }

  private requestSnapshot(c: RunController): void {
    if (this.snapshotInFlight || this.turning || !c.sampling) return;
    this.snapshotInFlight = true;
    this.needSnapshot = false;
    this.snapshotAt = performance.now();
    c.snapshot(this.feed.request(this.ndCoords())).then(
      (s) => {
        if (c === this.controller) this.onSnapshot(s);
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
    const now = performance.now();
    const rates = this.rates.push(s, now);
    const c = this.controller;
    const load = c?.sampling ? this.load.read(now, this.stepsPerFrame ?? c.pieceSize, this.stepsPerFrame === null, this.renderer?.drawCostMs ?? NaN) : null;
    if (load && c) this.noticeFrameRate(load, c.config.chains);
    useRun.setState({
      snapshot: s,
      ...(rates ? { rates } : {}),
      ...(load ? { load } : {}),
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
    const transitions = s.chains * Math.max(1, s.iteration - (this.controller?.warmup.total ?? 0));
    const share = `${n.toLocaleString('en-US')} divergent transitions (${((100 * n) / transitions).toPrecision(2)} % of the sampling phase's)`;
    if (divergencesWarn(n, transitions, !!unadjusted)) addNotice({ key: 'divergences', level: 'warning', text: `${share}: ${why}.` });
    else addNotice({ key: 'divergences', level: 'info', text: `${share}: rejected moves where the target is more curved than the step size allows; the chains stay exact but explore those regions slowly (a higher target acceptance δ makes them rarer).` });
  }

  /** A run that cannot animate at MIN_FPS here says so, and what would fit, once it has for
   * SLOW_WINDOWS windows (a moment's stall, e.g. a tab switch, is not the run's). */
  private noticeFrameRate(load: Load, chains: number): void {
    const advice = frameRateAdvice(load, chains, SAMPLING_DRAW_SHARE);
    this.slowWindows = advice ? this.slowWindows + 1 : 0;
    if (!advice) dismissNotice('fps');
    else if (this.slowWindows >= SLOW_WINDOWS) addNotice({ key: 'fps', level: 'info', text: advice });
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
      const problem = c.stepsPerFrame === null ? null : stepsPerFrameProblem(c.stepsPerFrame);
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
      this.controller?.dispose();
      const c = new RunController(this.engine, resolved, PAGE_PACING);
      c.on((e) => this.onRunEvent(c, e));
      this.controller = c;
      this.engine.resetStats();
      dismissNotice('divergences');
      dismissNotice('capped');
      dismissNotice('training');
      this.rates.reset();
      this.load.reset();
      this.slowWindows = 0;
      dismissNotice('fps');
      this.feed.reset({
        target: targetOf(resolved)!, expression: resolved.expression, sampler: findSampler(resolved.sampler)!, d: resolved.d, chains: resolved.chains,
      });
      useNd.setState({ particles: null });
      this.updateScene(resolved);
      useRun.setState({
        applied: resolved, snapshot: null, rates: null, load: null, warmupDivergences: 0, restartedChains: 0,
        phase: c.phase, training: c.phase.kind === 'training' ? { history: [], stopped: null, shown: null } : null,
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
    if (e.type === 'device-restored') {
      this.deviceSince = performance.now();
      this.rates.reset();
      this.load.reset();
      this.controller?.forgetInFlight();
      this.feed.onDeviceRestored();
      // What the loss broke meanwhile (read-backs, the canvas's frames) is explained by it.
      for (const key of LOSS_NOTICES) dismissNotice(key);
      addNotice({ key: 'device', level: 'info', text: `GPU device restored at iteration ${e.iteration}: ${e.message}` });
    } else if (!e.recoverable) {
      this.onFailed(`the GPU device was lost and could not be re-created: ${e.message}`);
    } else {
      this.earlyLosses = performance.now() - this.deviceSince < EARLY_LOSS_MS ? this.earlyLosses + 1 : 0;
      if (this.earlyLosses >= EARLY_LOSSES && this.drewWithGpu && !this.fromReadbacks) this.drawFromReadbacks();
      else if (this.earlyLosses >= EARLY_LOSSES) {
        this.onFailed(`the GPU device was lost ${this.earlyLosses} times in a row within seconds of being created (${e.message})`);
        return;
      }
      this.drewWithGpu = false;
      addNotice({ key: 'device', level: 'warning', text: `GPU device lost: ${e.message}. Restoring…` });
    }
    this.dirty = true;
  }

  /** The WebGPU canvas cannot present here: the chains stay on WebGPU and the view draws their
   * read-backs with Canvas 2D (on a canvas of its own: ParticleView mounts one for the kind). */
  private drawFromReadbacks(): void {
    this.fromReadbacks = true;
    this.earlyLosses = 0;
    useRun.setState({ canvas: this.canvasKind });
    for (const key of LOSS_NOTICES) dismissNotice(key);
    addNotice({
      key: 'present', level: 'warning',
      text: 'This browser could not show the WebGPU canvas (the GPU device was lost each time it presented): the chains still run on WebGPU, and the view draws them from read-backs with Canvas 2D, a few times a second.',
    });
  }
}
