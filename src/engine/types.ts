import type { ParamValues } from './params';
import type { FlowRound } from '../flows/flow-run';

/** What the user asks the engine to run. Validated by `resolveConfig`. */
export interface RunConfig {
  readonly target: string;
  /** The log-density when `target` is 'custom' (src/targets/custom.ts). */
  readonly expression?: string;
  /** Dimension, for N-D targets (ignored by fixed-dimension targets). */
  readonly d?: number;
  readonly sampler: string;
  readonly params?: Partial<Record<string, number>>;
  readonly chains: number;
  readonly seed: number;
  /** Transitions per GPU dispatch (the hot loop's unroll); default 8. */
  readonly stepsPerDispatch?: number;
  /** Where chains start: a dispersed box (default), exact draws, or given positions
   * (coordinate-major: value of coordinate i of chain c at [i * chains + c]). */
  readonly init?: 'dispersed' | 'exact' | Float64Array;
}

/** Sums over all chains of the per-chain counters. */
export interface CounterTotals {
  accepted: number;
  gradEvals: number;
  densityEvals: number;
  divergent: number;
  /** Transitions that hit a loop cap (slice samplers) and kept their state. */
  capped: number;
}

/** Per-chain float stats pooled over chains: `acceptProb`, `chees` and `elbo` are sums over the
 * transitions since the last `resetStats` (`Snapshot.statsIterations` of them); `maxDensityEvals`
 * is the most density evaluations one transition of any chain made since then; `energy`,
 * `energyError` and `treeDepth` are sums of each chain's last value. */
export interface ChainStatTotals {
  acceptProb: number;
  chees: number;
  /** Sum of the transitions' ELBO terms log π̄(y) − log q(y) (variational samplers, e.g. MixFlows,
   * whose transition is a fresh draw y ~ q): the ELBO estimate is elbo / (chains · statsIterations). */
  elbo: number;
  maxDensityEvals: number;
  energy: number;
  energyError: number;
  treeDepth: number;
}

/** Per-chain values (tests, diagnostics): each array has one entry per chain. */
export interface ChainReports {
  readonly counters: Record<keyof CounterTotals, Float64Array>;
  readonly stats: Record<keyof ChainStatTotals, Float64Array>;
}

/** What warm-up sets on a running engine. Omitted parts keep their values. */
export interface Tuning {
  /** Sampler parameters (e.g. the adapted step size), validated against the schema. */
  readonly params?: Partial<Record<string, number>>;
  readonly invMass?: Float64Array;
  readonly center?: Float64Array;
  /** Lower Cholesky factor of the proposal covariance, row-major d×d (dense samplers). */
  readonly dense?: Float64Array;
  /** A trained flow's parameters (flow samplers). */
  readonly flow?: Float64Array;
}

export interface Snapshot {
  /** Transitions done by every chain so far. */
  readonly iteration: number;
  readonly chains: number;
  readonly d: number;
  readonly totals: CounterTotals;
  readonly stats: ChainStatTotals;
  /** Transitions since the last `resetStats`. */
  readonly statsIterations: number;
  /** Sampler parameters in force (warm-up may have changed them). */
  readonly params: ParamValues;
  /** Pooled over all chains, per coordinate. */
  readonly mean: Float64Array;
  readonly variance: Float64Array;
  /** Positions of the first `shownChains` chains for the coordinates in `coords`
   * (coordinate-major: [k * shownChains + c] for coords[k]). */
  readonly shownChains: number;
  readonly coords: readonly number[];
  readonly positions: Float64Array;
  /** What the engine has recorded since `record` was called (absent before). */
  readonly recording?: Recording;
}

/** What the engine records from every transition after `record` (the sampling phase). */
export interface RecordSpec {
  /** Chains whose draws are kept in the trace ring (the first n; 1…MAX_TRACE_CHAINS). */
  readonly traceChains: number;
  /** Draws per traced chain the ring keeps (capped by memory for large d). */
  readonly window: number;
  /** 1-D histograms of coords[0] and coords[1] over [box0, box1] and [box2, box3] with `bins` bins,
   * and their joint bins × bins histogram. */
  readonly histogram: {
    readonly coords: readonly [number, number];
    readonly box: readonly [number, number, number, number];
    readonly bins: number;
  };
}

/** Pooled over every chain and every recorded draw, plus the traced chains' newest draws. */
export interface Recording {
  readonly spec: RecordSpec;
  /** The iteration recording started at; draws per chain recorded since. */
  readonly start: number;
  readonly draws: number;
  /** Per coordinate, over chains × draws (Welford per chain, merged across chains). */
  readonly mean: Float64Array;
  readonly variance: Float64Array;
  /** Counts per bin of coords[0] and coords[1]; draws outside the box are not counted. */
  readonly hist1: readonly [Uint32Array, Uint32Array];
  /** Joint counts, [iy * bins + ix]. */
  readonly hist2: Uint32Array;
  /** Traced chains' draws from iteration `from` (SnapshotRequest.traceSince, or the oldest the ring
   * still holds): value of column i of traced chain c in row r at [(r * chains + c) * (d + 1) + i],
   * where column d is the transition's energy (0 for samplers without one). */
  readonly trace: { readonly from: number; readonly rows: number; readonly chains: number; readonly values: Float64Array };
  /** Per-chain moments of the recorded draws (SnapshotRequest.chainMoments; absent unless asked). */
  readonly chainMoments?: ChainMoments;
}

/** Each chain's mean and variance (divisor draws − 1; NaN under 2 draws) of its recorded draws,
 * for the first `chains` chains (at most MAX_MOMENT_CHAINS, fewer for many coordinates: see
 * `momentChains`): value for coords[k] and chain c at [k * chains + c]. */
export interface ChainMoments {
  readonly coords: readonly number[];
  readonly chains: number;
  readonly draws: number;
  readonly mean: Float64Array;
  readonly variance: Float64Array;
}

export interface SnapshotRequest {
  /** Chains to read positions of (the first n); default min(chains, 4096). */
  readonly shownChains?: number;
  /** Coordinates to read; default [0, 1] (or [0] in 1-D). */
  readonly coords?: readonly number[];
  /** While recording: return the traced chains' draws from this iteration on (default: none). */
  readonly traceSince?: number;
  /** While recording: return these coordinates' per-chain moments (Recording.chainMoments). */
  readonly chainMoments?: readonly number[];
}

export type EngineKind = 'webgpu' | 'cpu';

/** Events the engine reports to whoever drives it (UI notices). */
export type EngineEvent =
  /** `recoverable`: the engine is re-creating the device (false: it could not, and has stopped). */
  | { type: 'device-lost'; message: string; recoverable: boolean }
  | { type: 'device-restored'; message: string; iteration: number };

/**
 * The runtime contract shared by the WebGPU engine and the CPU reference.
 * `configure` throws EngineError on bad input and leaves the previous run intact.
 */
export interface SamplingEngine {
  readonly kind: EngineKind;
  /** e.g. "SwiftShader (google, CPU emulation)" or "CPU reference (float64, 4 workers)". */
  readonly description: string;
  configure(config: RunConfig): Promise<ResolvedConfig>;
  /** Advance every chain by `iterations` transitions. GPU: enqueued, returns at once. */
  run(iterations: number): void;
  /** Resolves once every transition asked for so far has run (GPU: the queue's submitted work is
   * done; worker: its inbox has reached the last run). What the run controller times. */
  settled(): Promise<void>;
  snapshot(request?: SnapshotRequest): Promise<Snapshot>;
  /** Flow samplers: `iterations` more Adam steps on the run's normalizing flow (reverse KL); the
   * chains then use its last good parameters. Until the next `run`, the flow's draws are what
   * the engine shows (GpuEngine.gpuState). EngineError for samplers without a flow. */
  trainFlow(iterations: number): Promise<FlowRound>;
  /** Applies warm-up's tuning to every chain from the next transition on. */
  tune(tuning: Tuning): void;
  /** Starts recording from the next transition (pooled moments, histograms, the trace ring),
   * discarding anything recorded before; null stops it. EngineError on a bad spec. */
  record(spec: RecordSpec | null): void;
  /** Warm-up only (sampling stays an exact chain): chain c takes over chain donors[c]'s state —
   * position, gradient, log-density and aux vectors — where donors[c] ≠ c. Donors must be chains
   * that keep their own state (donors[donors[c]] = donors[c]). */
  restartChains(donors: Uint32Array): void;
  /** Zeroes the summed stats (acceptProb, chees, elbo) so the next snapshot covers only later work. */
  resetStats(): void;
  /** Every chain's counters and stats. */
  readChainReports(): Promise<ChainReports>;
  /** Full state, coordinate-major [i * chains + c] (tests, checkpoints). */
  readPositions(): Promise<Float64Array>;
  on(listener: (e: EngineEvent) => void): () => void;
  dispose(): void;
}

export interface ResolvedConfig {
  readonly target: string;
  /** The user's log-density, for the 'custom' target. */
  readonly expression?: string;
  readonly d: number;
  readonly sampler: string;
  readonly params: ParamValues;
  readonly chains: number;
  readonly seed: number;
  readonly stepsPerDispatch: number;
}
