import type { ParamSchema, ParamValues } from '../engine/params';
import type { RngStream } from '../rng/stream';
import type { TargetDecl } from '../targets/types';

export type SamplerFamily = 'baseline' | 'langevin' | 'hamiltonian' | 'slice' | 'flow';

/** What one transition reports. Counters are summed per chain; `acceptProb` and `chees` are
 * summed since the last stats reset (warm-up reads them); the rest keep their last value. */
export interface TransitionInfo {
  accepted: number;
  gradEvals: number;
  densityEvals: number;
  divergent: number;
  /** 1 when a loop hit its cap (slice samplers): the chain kept its state. */
  capped: number;
  /** Metropolis acceptance probability min(1, e^(-ΔH)) (NUTS: its mean over the tree). */
  acceptProb: number;
  /** Hamiltonian at the start of the transition (E-BFMI). */
  energy: number;
  /** H(end) − H(start) of the trajectory. */
  energyError: number;
  treeDepth: number;
  /** This chain's term of the ChEES gradient, weighted by its acceptance probability. */
  chees: number;
}

export function noInfo(): TransitionInfo {
  return {
    accepted: 0, gradEvals: 0, densityEvals: 0, divergent: 0, capped: 0,
    acceptProb: 0, energy: 0, energyError: 0, treeDepth: 0, chees: 0,
  };
}

/** The chain state a CPU transition reads and updates in place (BlackJAX's State: position,
 * log-density, gradient). */
export interface CpuChainState {
  readonly x: Float64Array;
  readonly g: Float64Array;
  logp: number;
}

/** Scratch arrays of length d that a CPU step may use, allocated once per engine. */
export interface CpuScratch {
  readonly a: Float64Array;
  readonly b: Float64Array;
  readonly c: Float64Array;
  readonly four: Float64Array;
}

/** What warm-up writes and every chain reads (the WGSL `tuning` buffer). */
export interface TuningState {
  /** Diagonal inverse mass matrix (ones when not adapted). */
  readonly invMass: Float64Array;
  /** Pooled mean of the chains at the last adaptation round (ChEES centres on it). */
  readonly center: Float64Array;
  /** Dense samplers: lower Cholesky factor of the proposal covariance, row-major d×d. */
  readonly dense?: Float64Array;
}

export interface CpuStepContext<P extends ParamSchema> {
  readonly target: TargetDecl;
  readonly params: ParamValues<P>;
  readonly rng: RngStream;
  readonly scratch: CpuScratch;
  /** This chain's persistent vectors (`aux`): vector k is [k·d, (k+1)·d). */
  readonly aux: Float64Array;
  readonly tuning: TuningState;
  /** The transition's index in the run (annealing schedules read it). */
  readonly iteration: number;
}

/** Which parameters warm-up tunes (names of the sampler's parameters: a test checks they
 * exist), and how. */
export interface AdaptSpec {
  /** Step-size parameter tuned by dual averaging (absent: no step-size adaptation). */
  readonly step?: string;
  /** Diagonal inverse mass from the pooled variance, or a dense proposal covariance (Haario). */
  readonly metric: 'diagonal' | 'dense';
  /** Leapfrog-count parameter set from a ChEES-adapted trajectory length, and the switch that
   * jitters it (ChEES assumes jittered lengths). */
  readonly length?: { readonly steps: string; readonly jitter: string };
  /** Dense: the proposal-scale parameter, set to 1 once the learned factor carries the scale. */
  readonly scale?: string;
}

/** Persistent per-chain vectors beyond x, g, log p: kinetic Langevin's momentum, NUTS's
 * checkpoints. On the GPU they live in the `aux` buffer, coordinate-major like the positions. */
export interface AuxSpec<P extends ParamSchema> {
  vectors(params: ParamValues<P>): number;
  /** Vector 0 starts as a standard normal draw (a momentum); the others start at 0. */
  readonly momentum: boolean;
}

/**
 * A sampler, declared once. WGSL contract (`wgsl`), compiled after shaders/lib, the target, and a
 * generated `struct Params` holding the schema's keys (bound as `params`):
 *   fn transition(x: ptr<function, array<f32, D>>, g: ptr<function, array<f32, D>>,
 *                 logp: ptr<function, f32>, rng: ptr<function, Rng>) -> Info
 * with `chain_iter`, `aux[aux_index(k, i)]`, `inv_mass(i)`, `tuning_center(i)` and
 * `dense_factor(i, j)` in scope (shaders/engine/chains.wgsl). It draws from `rng` in the same
 * order as `cpuStep` draws from its RngStream, so the GPU kernel and the CPU reference consume
 * identical random integers.
 */
export interface SamplerDecl<P extends ParamSchema = ParamSchema> {
  readonly id: string;
  readonly name: string;
  readonly family: SamplerFamily;
  readonly description: string;
  readonly params: P;
  readonly wgsl: string;
  /** Whether the transition reads the cached gradient (engines keep `g` current when true). */
  readonly usesGradient: boolean;
  /** Which per-chain reports mean something for this sampler (the UI shows only these). */
  readonly reports: readonly (keyof TransitionInfo)[];
  readonly adapt?: AdaptSpec;
  readonly aux?: AuxSpec<P>;
  /** The target must supply its Gaussian-smoothed score (annealed Langevin). */
  readonly needsSmoothedScore?: boolean;
  /** Cross-parameter checks the ranges cannot express (e.g. σ_max > σ_min); null when fine. */
  check?(params: ParamValues<P>): string | null;
  cpuStep(state: CpuChainState, ctx: CpuStepContext<P>): TransitionInfo;
}
