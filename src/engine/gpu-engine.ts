import { acquireDevice, type AcquiredDevice, reacquireDevice } from './device';
import { packParams, WORKGROUP_SIZE } from './compose';
import { resolveConfig, tuningFloats, type Resolved } from './config';
import { EngineError } from './errors';
import { initialPositions } from './init-state';
import {
  createChainPipelines, createReducePipelines, createRestartPipeline, dispatchSize, RESTART_WORKGROUP,
  type ChainPipelines, type ReducePipelines,
} from './pipelines';
import { StagingPool } from './readback';
import { GpuInteraction, interactionTile } from './interaction';
import { publicConfig } from './public-config';
import {
  chainReports, COUNTER_NAMES, recordedMoments, reduceColumns, STAT_NAMES, STAT_RESET, snapshotCoords, snapshotFromColumns,
  validateIterations,
} from './snapshot';
import { chainMomentsOf, HISTOGRAM_WORDS, momentChains, packRecord, recordLayout, ringOffset, statsBufferFloats, traceRows } from './recording';
import { applyTuning, initialAux, initialTuning, packTuning } from './tuning';
import type { ParamValues } from './params';
import type {
  ChainReports, EngineEvent, RecordSpec, Recording, ResolvedConfig, RunConfig, SamplingEngine, Snapshot, SnapshotRequest, Tuning,
} from './types';
import type { TuningState } from '../samplers/types';
import { seedKey } from '../rng/stream';
import { adamOf, FlowRun, SHOWN_FLOW_SAMPLES, trainingSeed, type FlowRound } from '../flows/flow-run';
import { GpuFlowTrainer } from '../flows/gpu-trainer';
import { prepareTarget } from '../targets/custom';

const REDUCE_BLOCK = 256;
/** Steps of an interacting sampler encoded into one submit (a long run is several). */
const INTERACTING_STEPS_PER_SUBMIT = 256;
/** How long an aborted read-back waits to learn whether the device was lost (ms). */
const LOSS_GRACE_MS = 5000;
/** How often the full state is copied back so a lost device can resume (ms). */
const CHECKPOINT_INTERVAL_MS = 3000;

interface Buffers {
  readonly run: GPUBuffer;
  readonly params: GPUBuffer;
  readonly pos: GPUBuffer;
  readonly grad: GPUBuffer;
  readonly logp: GPUBuffer;
  /** Counters, then each chain's iteration. */
  readonly counters: GPUBuffer;
  /** Histograms of the recorded draws. */
  readonly hist: GPUBuffer;
  readonly record: GPUBuffer;
  readonly stats: GPUBuffer;
  readonly aux: GPUBuffer;
  readonly tuning: GPUBuffer;
  readonly shape: GPUBuffer;
  readonly partials: GPUBuffer;
  readonly result: GPUBuffer;
}

/** What warm-up has set: the parameters in force and the tuning buffer's contents. */
interface Tuned {
  readonly params: ParamValues;
  readonly tuning: TuningState;
}

interface RunState {
  readonly config: Resolved;
  readonly pipelines: ChainPipelines;
  readonly buffers: Buffers;
  readonly chainBindGroup: GPUBindGroup;
  readonly reduceBindGroups: readonly [GPUBindGroup, GPUBindGroup];
  iteration: number;
  tuned: Tuned;
  statsIterations: number;
  /** Samplers whose particles interact (SVGD): the pass before every transition. */
  readonly interaction?: GpuInteraction;
  /** Flow samplers: the flow's training and the buffer of its draws shown while it trains. */
  readonly flow?: { readonly run: FlowRun; readonly shown: GPUBuffer };
  /** The flow trained since the chains last ran: the renderer shows the flow's draws. */
  showingFlow: boolean;
  /** What the chains record, from iteration `start` on. */
  recording: { readonly spec: RecordSpec; readonly start: number } | null;
}

/** Enough to rebuild a run on a new device. Aux vectors are not kept: a fresh momentum is a
 * valid refresh, and NUTS's checkpoints are scratch. */
interface Checkpoint {
  readonly config: Resolved;
  readonly positions: Float64Array;
  readonly counters: Uint32Array<ArrayBuffer>;
  readonly iteration: number;
  readonly tuned: Tuned;
  /** Recording restarts from the checkpoint's iteration (what was pooled before is lost). */
  readonly recordSpec: RecordSpec | null;
}

/** The WebGPU engine: chain state stays on the device; only pooled statistics and the shown
 * chains' positions come back, at most once per `snapshot` call. No DOM dependency. */
export class GpuEngine implements SamplingEngine {
  readonly kind = 'webgpu' as const;
  private state?: RunState;
  private reducer!: ReducePipelines;
  private restarter!: GPUComputePipeline;
  private staging!: StagingPool;
  private checkpoint?: Checkpoint;
  private lastCheckpointAt = 0;
  private recovering?: Promise<void>;
  private disposed = false;
  private readonly listeners = new Set<(e: EngineEvent) => void>();

  private constructor(private readonly gpu: GPU, private acquired: AcquiredDevice) {}

  static async create(gpu: GPU | undefined): Promise<GpuEngine> {
    const engine = new GpuEngine(gpu!, await acquireDevice(gpu));
    await engine.attach();
    return engine;
  }

  get description(): string {
    return this.acquired.description;
  }

  get device(): GPUDevice {
    return this.acquired.device;
  }

  /** What the renderer needs to draw the particles straight from the chain-state buffer. */
  gpuState(): { device: GPUDevice; positions: GPUBuffer; chains: number; d: number } | undefined {
    const s = this.state;
    if (!s || this.recovering) return undefined;
    if (s.flow && s.showingFlow) {
      return { device: this.acquired.device, positions: s.flow.shown, chains: SHOWN_FLOW_SAMPLES, d: Math.min(s.config.d, 2) };
    }
    return { device: this.acquired.device, positions: s.buffers.pos, chains: s.config.chains, d: s.config.d };
  }

  get config(): ResolvedConfig | undefined {
    return this.state?.config;
  }

  on(listener: (e: EngineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async configure(config: RunConfig): Promise<ResolvedConfig> {
    await this.recovering;
    await prepareTarget(config);
    const resolved = resolveConfig(config, { maxStorageBytes: this.storageLimit() });
    const positions = initialPositions(resolved.targetDecl, resolved.d, resolved.chains, resolved.seed, resolved.init);
    const counters = new Uint32Array(COUNTER_NAMES.length * resolved.chains);
    const tuned = { params: resolved.params, tuning: initialTuning(resolved) };
    // Build fully before touching the current run: a failure leaves it running.
    const next = await this.build(resolved, positions, 0, counters, tuned, null);
    this.replace(next);
    this.checkpoint = { config: resolved, positions, counters, iteration: 0, tuned, recordSpec: null };
    this.lastCheckpointAt = now();
    return publicConfig(resolved);
  }

  run(iterations: number): void {
    validateIterations(iterations);
    const s = this.state;
    if (!s || this.recovering || iterations === 0) return;
    if (s.interaction) {
      this.submitInteractingSteps(s, s.interaction, iterations);
    } else {
      const k = s.config.stepsPerDispatch;
      const full = Math.floor(iterations / k);
      const rest = iterations % k;
      if (full > 0) this.submitSteps(s, k, full);
      if (rest > 0) this.submitSteps(s, rest, 1);
    }
    s.showingFlow = false;
    s.iteration += iterations;
    s.statsIterations += iterations;
  }

  settled(): Promise<void> {
    // A lost device has nothing left to run (onSubmittedWorkDone may never resolve on it).
    return this.recovering ? Promise.resolve() : this.acquired.device.queue.onSubmittedWorkDone();
  }

  async trainFlow(iterations: number): Promise<FlowRound> {
    validateIterations(iterations);
    return this.readAcrossLoss(async () => {
      const s = this.requireState();
      if (!s.flow) throw new EngineError(`${s.config.samplerDecl.name} has no flow to train`);
      const round = await s.flow.run.round(iterations);
      if (this.state !== s) return round;
      this.tune({ flow: s.flow.run.params });
      // A device lost from here on resumes with the flow trained so far.
      if (this.checkpoint?.config === s.config) this.checkpoint = { ...this.checkpoint, tuned: s.tuned };
      this.acquired.device.queue.writeBuffer(s.flow.shown, 0, Float32Array.from(round.samples));
      s.showingFlow = true;
      return round;
    });
  }

  tune(update: Tuning): void {
    const s = this.state;
    if (!s || this.recovering) return;
    s.tuned = applyTuning(s.config, s.tuned, update);
    this.writeTuning(s, update);
  }

  record(spec: RecordSpec | null): void {
    const s = this.state;
    if (!s || this.recovering) return;
    this.startRecording(s, spec && recordLayout(spec, s.config.d, s.config.chains));
    if (this.checkpoint?.config === s.config) this.checkpoint = { ...this.checkpoint, recordSpec: s.recording?.spec ?? null };
  }

  /** Clears what was recorded and records from the next transition (or stops). */
  private startRecording(s: RunState, spec: RecordSpec | null): void {
    const { chains, d } = s.config;
    s.recording = spec && { spec, start: s.iteration };
    const q = this.acquired.device.queue;
    q.writeBuffer(s.buffers.record, 0, packRecord(spec, s.iteration));
    const encoder = this.acquired.device.createCommandEncoder({ label: 'record' });
    encoder.clearBuffer(s.buffers.stats, 4 * STAT_NAMES.length * chains, 4 * 2 * d * chains);
    encoder.clearBuffer(s.buffers.hist);
    q.submit([encoder.finish()]);
  }

  restartChains(donors: Uint32Array): void {
    const s = this.state;
    if (!s || this.recovering) return;
    const device = this.acquired.device;
    const { chains, d, auxVectors } = s.config;
    const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST;
    const donorBuffer = device.createBuffer({ label: 'restart-donors', size: Math.max(16, 4 * chains), usage });
    const shape = device.createBuffer({ label: 'restart-shape', size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(donorBuffer, 0, Uint32Array.from(donors.subarray(0, chains)));
    device.queue.writeBuffer(shape, 0, Uint32Array.of(chains, d, auxVectors, 0));
    const b = s.buffers;
    const bindGroup = device.createBindGroup({
      layout: this.restarter.getBindGroupLayout(0),
      entries: [shape, donorBuffer, b.pos, b.grad, b.logp, b.aux].map((buffer, binding) => ({ binding, resource: { buffer } })),
    });
    this.submitPass('restart-chains', this.restarter, bindGroup, chains, RESTART_WORKGROUP);
    donorBuffer.destroy();
    shape.destroy();
  }

  resetStats(): void {
    const s = this.state;
    if (!s || this.recovering) return;
    const encoder = this.acquired.device.createCommandEncoder({ label: 'reset-stats' });
    encoder.clearBuffer(s.buffers.stats, 0, STAT_RESET * s.config.chains * 4);
    this.acquired.device.queue.submit([encoder.finish()]);
    s.statsIterations = 0;
  }

  readChainReports(): Promise<ChainReports> {
    return this.readAcrossLoss(async () => {
      const s = this.requireState();
      const n = s.config.chains;
      const raw = await this.staging.read(4 * n * (COUNTER_NAMES.length + STAT_NAMES.length), (encoder, staging) => {
        encoder.copyBufferToBuffer(s.buffers.counters, 0, staging, 0, 4 * n * COUNTER_NAMES.length);
        encoder.copyBufferToBuffer(s.buffers.stats, 0, staging, 4 * n * COUNTER_NAMES.length, 4 * n * STAT_NAMES.length);
      });
      const counters = new Uint32Array(raw, 0, n * COUNTER_NAMES.length);
      const stats = new Float32Array(raw, 4 * n * COUNTER_NAMES.length, n * STAT_NAMES.length);
      return chainReports((j) => counters.subarray(j * n, (j + 1) * n), (j) => stats.subarray(j * n, (j + 1) * n));
    });
  }

  snapshot(request: SnapshotRequest = {}): Promise<Snapshot> {
    return this.readAcrossLoss(() => this.snapshotOnce(request));
  }

  readPositions(): Promise<Float64Array> {
    return this.readAcrossLoss(async () => (await this.readState(this.requireState())).positions);
  }

  /** Runs a read-back; when the device is lost under it, waits for the recovery and reads again
   * from the restored run. */
  private async readAcrossLoss<T>(read: () => Promise<T>): Promise<T> {
    await this.recovering;
    const device = this.acquired.device;
    try {
      return await read();
    } catch (e) {
      // A lost device aborts pending maps, and mapAsync can reject well before device.lost
      // settles (~0.6 s in Chromium on SwiftShader): wait for it, but only for such aborts.
      if (!(e instanceof Error && (e.name === 'AbortError' || e.name === 'OperationError'))) throw e;
      const lost = await Promise.race([
        device.lost.then(() => true),
        new Promise<false>((resolve) => setTimeout(() => resolve(false), LOSS_GRACE_MS)),
      ]);
      if (!lost || this.disposed) throw e;
      await this.recovering;
      return read();
    }
  }

  private async snapshotOnce(request: SnapshotRequest): Promise<Snapshot> {
    const s = this.requireState();
    const { chains, d } = s.config;
    const shown = Math.min(chains, request.shownChains ?? 4096);
    const coords = snapshotCoords(request.coords, d);
    const nCols = reduceColumns(d);
    const resultBytes = nCols * 8;
    const { iteration, statsIterations, tuned, recording } = s;
    const draws = recording ? iteration - recording.start : 0;
    const momentCoords = request.chainMoments && snapshotCoords(request.chainMoments, d);
    const reads = recording ? this.recordingReads(s, recording, request.traceSince, momentCoords) : null;
    const posBytes = coords.length * shown * 4;
    const bytes = resultBytes + posBytes + (reads?.bytes ?? 0);
    this.acquired.device.queue.writeBuffer(s.buffers.shape, 12, Uint32Array.of(draws));
    const takeCheckpoint = now() - this.lastCheckpointAt > CHECKPOINT_INTERVAL_MS;
    const checkpointRead = takeCheckpoint ? this.readState(s) : undefined;
    // Awaited below; marked handled now in case the main read throws first.
    checkpointRead?.catch(() => undefined);
    const raw = await this.staging.read(bytes, (encoder, staging) => {
      const pass = encoder.beginComputePass({ label: 'reduce' });
      pass.setPipeline(this.reducer.blocks);
      pass.setBindGroup(0, s.reduceBindGroups[0]);
      const blocks = Math.ceil(chains / REDUCE_BLOCK);
      pass.dispatchWorkgroups(...dispatchSize(blocks * nCols, 64, this.maxWorkgroups()));
      pass.setPipeline(this.reducer.columns);
      pass.setBindGroup(0, s.reduceBindGroups[1]);
      pass.dispatchWorkgroups(Math.ceil(nCols / 64));
      pass.end();
      encoder.copyBufferToBuffer(s.buffers.result, 0, staging, 0, resultBytes);
      coords.forEach((coord, k) =>
        encoder.copyBufferToBuffer(s.buffers.pos, coord * chains * 4, staging, resultBytes + k * shown * 4, shown * 4));
      reads?.encode(encoder, staging, resultBytes + posBytes);
    });
    if (checkpointRead) {
      this.lastCheckpointAt = now();
      const { positions, counters } = await checkpointRead;
      this.checkpoint = { config: s.config, positions, counters, iteration, tuned, recordSpec: recording?.spec ?? null };
    }
    const columns = new Float32Array(raw, 0, nCols * 2);
    const positions = Float64Array.from(new Float32Array(raw, resultBytes, coords.length * shown));
    return snapshotFromColumns(columns, {
      iteration, statsIterations, params: tuned.params, chains, d, shownChains: shown, coords, positions,
      ...(recording && reads ? { recording: reads.decode(raw, resultBytes + posBytes, recordedMoments(columns, d, chains, draws)) } : {}),
    });
  }

  /** The copies a snapshot makes of what is recorded (histograms, then the ring's rows from
   * `traceSince`, in at most two pieces where the ring wraps) and how to read them back. */
  private recordingReads(s: RunState, recording: NonNullable<RunState['recording']>, traceSince: number | undefined, momentCoords?: readonly number[]) {
    const { chains, d } = s.config;
    const { spec, start } = recording;
    const { bins } = spec.histogram;
    const histWords = 2 * bins + bins * bins;
    const iteration = s.iteration;
    const { from, rows } = traceRows(spec, start, iteration, traceSince);
    const rowFloats = spec.traceChains * (d + 1);
    const first = (from - start) % spec.window;
    const pieces = first + rows <= spec.window ? [[first, rows]] : [[first, spec.window - first], [0, first + rows - spec.window]];
    const ring = 4 * ringOffset(d, chains);
    // The per-chain Welford rows of `momentCoords` (means, then M2s), after the ring's rows.
    const m = momentCoords ? momentChains(chains, momentCoords.length) : 0;
    const momentFloats = 2 * (momentCoords?.length ?? 0) * m;
    const ringBytes = 4 * (histWords + rows * rowFloats);
    return {
      bytes: ringBytes + 4 * momentFloats,
      encode: (encoder: GPUCommandEncoder, staging: GPUBuffer, at: number) => {
        encoder.copyBufferToBuffer(s.buffers.hist, 0, staging, at, 4 * histWords);
        let offset = at + 4 * histWords;
        for (const [row, n] of pieces) {
          if (n === 0) continue;
          encoder.copyBufferToBuffer(s.buffers.stats, ring + 4 * row * rowFloats, staging, offset, 4 * n * rowFloats);
          offset += 4 * n * rowFloats;
        }
        for (const rows of [STAT_NAMES.length, STAT_NAMES.length + d]) {
          for (const i of momentCoords ?? []) {
            encoder.copyBufferToBuffer(s.buffers.stats, 4 * (rows + i) * chains, staging, offset, 4 * m);
            offset += 4 * m;
          }
        }
      },
      decode: (raw: ArrayBuffer, at: number, moments: { mean: Float64Array; variance: Float64Array }): Recording => {
        const hist = new Uint32Array(raw, at, histWords);
        return {
          spec, start, draws: iteration - start, ...moments,
          hist1: [hist.slice(0, bins), hist.slice(bins, 2 * bins)],
          hist2: hist.slice(2 * bins),
          trace: {
            from, rows, chains: spec.traceChains,
            values: Float64Array.from(new Float32Array(raw, at + 4 * histWords, rows * rowFloats)),
          },
          ...(momentCoords ? {
            chainMoments: chainMomentsOf(momentCoords, m, iteration - start,
              Float64Array.from(new Float32Array(raw, at + ringBytes, momentFloats / 2)),
              Float64Array.from(new Float32Array(raw, at + ringBytes + 2 * momentFloats, momentFloats / 2))),
          } : {}),
        };
      },
    };
  }

  /** Destroys the device as a driver reset would; the engine must recover by itself (tests). */
  simulateDeviceLoss(): void {
    this.acquired.device.destroy();
  }

  dispose(): void {
    this.disposed = true;
    this.release(this.state);
    this.state = undefined;
    this.staging?.destroy();
    this.acquired.device.destroy();
    this.listeners.clear();
  }

  private async attach(): Promise<void> {
    const device = this.acquired.device;
    [this.reducer, this.restarter] = await Promise.all([createReducePipelines(device), createRestartPipeline(device)]);
    this.staging = new StagingPool(device);
    void device.lost.then((info) => {
      if (!this.disposed && device === this.acquired.device) void this.recover(info.message || info.reason);
    });
  }

  private async recover(reason: string): Promise<void> {
    this.emit({ type: 'device-lost', message: `The GPU device was lost (${reason}); restarting from the last checkpoint.`, recoverable: true });
    const lost = this.state;
    this.state = undefined;
    this.recovering = (async () => {
      this.release(lost);
      this.acquired = await reacquireDevice(this.gpu);
      await this.attach();
      const cp = this.checkpoint;
      if (cp) this.state = await this.build(cp.config, cp.positions, cp.iteration, cp.counters, cp.tuned, cp.recordSpec);
    })();
    try {
      await this.recovering;
      this.recovering = undefined;
      const iteration = (this.state as RunState | undefined)?.iteration ?? 0;
      this.emit({ type: 'device-restored', message: `GPU device re-created; resumed at iteration ${iteration}.`, iteration });
    } catch (e) {
      this.recovering = undefined;
      this.emit({ type: 'device-lost', message: `The GPU device could not be re-created: ${(e as Error).message}`, recoverable: false });
    }
  }

  private async build(
    config: Resolved, positions: Float64Array, iteration: number, counters: Uint32Array<ArrayBuffer>, tuned: Tuned,
    recordSpec: RecordSpec | null,
  ): Promise<RunState> {
    const device = this.acquired.device;
    // Refused before anything is compiled or allocated.
    if (config.samplerDecl.interaction) interactionTile(device.limits, config.samplerDecl, config.d);
    const pipelines = await createChainPipelines(device, config.targetDecl, config.samplerDecl, config.d, config.params);
    const { chains, d } = config;
    const nCols = reduceColumns(d);
    const blocks = Math.ceil(chains / REDUCE_BLOCK);
    const storage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
    const make = (label: string, size: number, usage = storage) =>
      device.createBuffer({ label, size: Math.max(16, Math.ceil(size / 4) * 4), usage });
    const uniformUsage = GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST;
    const buffers: Buffers = {
      run: make('run', 16, uniformUsage),
      params: make('params', packParams(config.samplerDecl.params, config.params).byteLength, uniformUsage),
      pos: make('positions', d * chains * 4),
      grad: make('gradients', d * chains * 4),
      logp: make('log-density', chains * 4),
      counters: make('counters', (COUNTER_NAMES.length + 1) * chains * 4),
      hist: make('histograms', HISTOGRAM_WORDS * 4),
      record: make('record', 48, uniformUsage),
      stats: make('stats', statsBufferFloats(d, chains) * 4),
      aux: make('aux', config.auxVectors * d * chains * 4),
      tuning: make('tuning', tuningFloats(d, tuned.tuning.dense !== undefined, config.flowFloats) * 4),
      shape: make('reduce-shape', 16, uniformUsage),
      partials: make('reduce-partials', blocks * nCols * 8),
      result: make('reduce-result', nCols * 8),
    };
    const q = device.queue;
    const key = seedKey(config.seed);
    // An interacting sampler's chains take one transition per interaction pass.
    const k = config.samplerDecl.interaction ? 1 : config.stepsPerDispatch;
    q.writeBuffer(buffers.run, 0, Uint32Array.of(key[0], key[1], chains, k));
    q.writeBuffer(buffers.pos, 0, Float32Array.from(positions));
    if (config.auxVectors > 0) q.writeBuffer(buffers.aux, 0, Float32Array.from(initialAux(config)));
    q.writeBuffer(buffers.counters, 0, counters);
    q.writeBuffer(buffers.counters, counters.byteLength, new Uint32Array(chains).fill(iteration >>> 0));
    q.writeBuffer(buffers.shape, 0, Uint32Array.of(chains, blocks, nCols, 0));
    const bind = (layout: GPUBindGroupLayout, list: [number, GPUBuffer][]) =>
      device.createBindGroup({ layout, entries: list.map(([binding, buffer]) => ({ binding, resource: { buffer } })) });
    const b = buffers;
    const chainBindGroup = bind(pipelines.layout,
      [[0, b.run], [1, b.params], [2, b.pos], [3, b.grad], [4, b.logp], [5, b.hist], [6, b.counters],
        [7, b.stats], [8, b.aux], [9, b.tuning], [10, b.record]]);
    const reduceBindGroups = [
      bind(this.reducer.blocks.getBindGroupLayout(0),
        [[0, b.shape], [1, b.pos], [2, b.counters], [5, b.stats], [3, b.partials]]),
      bind(this.reducer.columns.getBindGroupLayout(0), [[0, b.shape], [3, b.partials], [4, b.result]]),
    ] as const;
    const state: RunState = {
      config, pipelines, buffers, chainBindGroup, reduceBindGroups, iteration, tuned, statsIterations: 0,
      interaction: config.samplerDecl.interaction ? await GpuInteraction.create(device, config, buffers) : undefined,
      flow: await this.buildFlow(config, tuned), showingFlow: false, recording: null,
    };
    this.writeTuning(state);
    this.startRecording(state, recordSpec);
    this.submitPass('init', pipelines.init, chainBindGroup, chains, WORKGROUP_SIZE);
    return state;
  }

  /** A flow sampler's trainer, starting from the flow in force (the untrained one, or on a new
   * device the last one trained; Adam's moments start afresh). */
  private async buildFlow(config: Resolved, tuned: Tuned): Promise<RunState['flow']> {
    const shape = config.samplerDecl.flow?.(config.params, config.d);
    if (!shape || !tuned.tuning.flow) return undefined;
    const device = this.acquired.device;
    const trainer = await GpuFlowTrainer.create(device, {
      target: config.targetDecl, d: config.d, shape, batch: config.params.trainBatch, seed: trainingSeed(config.seed),
      params: tuned.tuning.flow, adam: adamOf(config.params),
    });
    const shown = device.createBuffer({
      label: 'flow-shown', size: 4 * 2 * SHOWN_FLOW_SAMPLES, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
    });
    return { run: new FlowRun(trainer, shape, config.seed, tuned.tuning.flow), shown };
  }

  private submitSteps(s: RunState, k: number, dispatches: number): void {
    const device = this.acquired.device;
    device.queue.writeBuffer(s.buffers.run, 12, Uint32Array.of(k));
    const encoder = device.createCommandEncoder({ label: 'steps' });
    const pass = encoder.beginComputePass({ label: 'steps' });
    pass.setPipeline(s.pipelines.step);
    pass.setBindGroup(0, s.chainBindGroup);
    const size = dispatchSize(s.config.chains, WORKGROUP_SIZE, this.maxWorkgroups());
    for (let i = 0; i < dispatches; i++) pass.dispatchWorkgroups(...size);
    pass.end();
    device.queue.submit([encoder.finish()]);
  }

  /** Interacting samplers: per step, the interaction's passes then one transition of every
   * chain, in one compute pass per block of steps (the `run` uniform's k_steps is 1). */
  private submitInteractingSteps(s: RunState, interaction: GpuInteraction, iterations: number): void {
    const device = this.acquired.device;
    const size = dispatchSize(s.config.chains, WORKGROUP_SIZE, this.maxWorkgroups());
    for (let done = 0; done < iterations; done += INTERACTING_STEPS_PER_SUBMIT) {
      const encoder = device.createCommandEncoder({ label: 'interacting-steps' });
      const pass = encoder.beginComputePass({ label: 'interacting-steps' });
      for (let t = done; t < Math.min(iterations, done + INTERACTING_STEPS_PER_SUBMIT); t++) {
        interaction.encode(pass, s.tuned.params, s.iteration + t);
        pass.setPipeline(s.pipelines.step);
        pass.setBindGroup(0, s.chainBindGroup);
        pass.dispatchWorkgroups(...size);
      }
      pass.end();
      device.queue.submit([encoder.finish()]);
    }
  }

  /** Interacting samplers: the interaction's persistent floats (SVGD: the bandwidth h) (tests). */
  readInteractionState(): Promise<Float64Array> {
    return this.readAcrossLoss(async () => {
      const s = this.requireState();
      const buffer = s.interaction?.state;
      if (!buffer) throw new EngineError(`${s.config.samplerDecl.name} has no interaction`);
      const floats = s.config.samplerDecl.interaction!.stateFloats;
      const raw = await this.staging.read(4 * floats, (encoder, staging) => encoder.copyBufferToBuffer(buffer, 0, staging, 0, 4 * floats));
      return Float64Array.from(new Float32Array(raw, 0, floats));
    });
  }

  private async readState(s: RunState): Promise<{ positions: Float64Array; counters: Uint32Array<ArrayBuffer> }> {
    const { chains, d } = s.config;
    const posBytes = d * chains * 4;
    const counterBytes = 4 * COUNTER_NAMES.length * chains;
    const raw = await this.staging.read(posBytes + counterBytes, (encoder, staging) => {
      encoder.copyBufferToBuffer(s.buffers.pos, 0, staging, 0, posBytes);
      encoder.copyBufferToBuffer(s.buffers.counters, 0, staging, posBytes, counterBytes);
    });
    return {
      positions: Float64Array.from(new Float32Array(raw, 0, d * chains)),
      counters: new Uint32Array(raw, posBytes, COUNTER_NAMES.length * chains),
    };
  }

  /** Uploads the tuning in force: all of it, or only the parts `update` changed (a round of
   * warm-up moves the step and the centre, not a d×d dense factor). */
  private writeTuning(s: RunState, update?: Tuning): void {
    const q = this.acquired.device.queue;
    const { params, tuning } = s.tuned;
    if (!update || update.params) q.writeBuffer(s.buffers.params, 0, packParams(s.config.samplerDecl.params, params));
    if (!update) {
      q.writeBuffer(s.buffers.tuning, 0, packTuning(tuning));
      return;
    }
    const d = s.config.d;
    const part = (offset: number, v: Float64Array | undefined) => {
      if (v) q.writeBuffer(s.buffers.tuning, offset * 4, Float32Array.from(v));
    };
    part(0, update.invMass && tuning.invMass);
    part(d, update.center && tuning.center);
    part(2 * d, update.dense && tuning.dense);
    part(2 * d + (tuning.dense?.length ?? 0), update.flow && tuning.flow);
  }

  private replace(next: RunState): void {
    this.release(this.state);
    this.state = next;
  }

  private release(s: RunState | undefined): void {
    if (!s) return;
    for (const b of Object.values(s.buffers)) b.destroy();
    s.interaction?.destroy();
    s.flow?.run.dispose();
    s.flow?.shown.destroy();
  }

  private requireState(): RunState {
    if (!this.state) throw new EngineError('The engine has no run: call configure first');
    return this.state;
  }

  private storageLimit(): number {
    return this.acquired.device.limits.maxStorageBufferBindingSize;
  }

  /** One compute pass of `threads` threads (one per chain), submitted on its own. */
  private submitPass(label: string, pipeline: GPUComputePipeline, bindGroup: GPUBindGroup, threads: number, workgroup: number): void {
    const device = this.acquired.device;
    const encoder = device.createCommandEncoder({ label });
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(...dispatchSize(threads, workgroup, this.maxWorkgroups()));
    pass.end();
    device.queue.submit([encoder.finish()]);
  }

  private maxWorkgroups(): number {
    return this.acquired.device.limits.maxComputeWorkgroupsPerDimension;
  }

  private emit(e: EngineEvent): void {
    for (const l of this.listeners) l(e);
  }
}

function now(): number {
  return globalThis.performance?.now() ?? Date.now();
}

export function createGpuEngine(gpu: GPU | undefined): Promise<GpuEngine> {
  return GpuEngine.create(gpu);
}
