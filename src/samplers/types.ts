import type { ParamSchema, ParamValues } from '../engine/params';
import type { RngStream } from '../rng/stream';
import type { TargetDecl } from '../targets/types';
import type { FlowShape } from '../flows/realnvp';
import type { TransitionProbe } from './probe';
import type { Tuning } from '../engine/types';

export type SamplerFamily = 'baseline' | 'langevin' | 'hamiltonian' | 'slice' | 'flow' | 'particles';

/** What one transition reports. Counters are summed per chain; `acceptProb`, `chees` and `elbo`
 * are summed since the last stats reset (warm-up reads them); the rest keep their last value. */
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
  /** Variational samplers (each transition a fresh draw y ~ q): this draw's ELBO term
   * log π(y) − log q(y) (augmented where q is: MixFlows), so its mean estimates the ELBO. */
  elbo: number;
}

export function noInfo(): TransitionInfo {
  return {
    accepted: 0, gradEvals: 0, densityEvals: 0, divergent: 0, capped: 0,
    acceptProb: 0, energy: 0, energyError: 0, treeDepth: 0, chees: 0, elbo: 0,
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
  /** Flow samplers: the RealNVP's parameters (src/flows/realnvp.ts flowLayout). */
  readonly flow?: Float64Array;
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
  /** Explain mode: receives the transition's intermediate points (src/samplers/probe.ts). */
  readonly probe?: TransitionProbe;
}

/** Which parameters warm-up tunes (names of the sampler's parameters: a test checks they
 * exist), and how. */
export interface AdaptSpec {
  /** Step-size parameter tuned by dual averaging (absent: no step-size adaptation). */
  readonly step?: string;
  /** Diagonal inverse mass from the pooled variance, a dense proposal covariance (Haario), or
   * none (NeuTra: the flow is the metric). The first two switch on with `adaptMetric`. */
  readonly metric: 'diagonal' | 'dense' | 'none';
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

/** What the float64 twin of an interaction pass reads and writes. */
export interface CpuInteractionContext<P extends ParamSchema> {
  readonly target: TargetDecl;
  readonly params: ParamValues<P>;
  readonly chains: number;
  readonly d: number;
  /** Positions and ∇log p at them, coordinate-major ([i·chains + c]); read only. */
  readonly pos: Float64Array;
  readonly grad: Float64Array;
  /** Every chain's aux vectors, chain-major: vector k of chain c at [c·auxStride + k·d, … + d). */
  readonly aux: Float64Array;
  readonly auxStride: number;
  /** The interaction's persistent floats (`stateFloats` of them; WGSL `interaction_state`). */
  readonly state: Float64Array;
  /** The index in the run of the transition this pass precedes. */
  readonly iteration: number;
}

/** One kernel of an interaction, with its float64 twin. */
export interface InteractionPass<P extends ParamSchema> {
  /** WGSL entry point. */
  readonly entry: string;
  /** 'chains': one thread per chain in workgroups of WG (folded into y past the per-dimension
   * limit: index = (wid.x + wid.y · nwg.x) · WG + lid); 'single': one workgroup. */
  readonly grid: 'chains' | 'single';
  /** Runs before transition t when t % every(params) == 0 (absent: before every transition), and
   * always before the first transition the engine runs after building the run (configure, or a
   * rebuild after a lost GPU device), as its persistent state starts empty. */
  every?(params: ParamValues<P>): number;
  cpu(ctx: CpuInteractionContext<P>): void;
}

/**
 * A pass over all chains before every transition, for samplers whose particles interact (SVGD):
 * it reads every chain's position and gradient and writes each chain's aux vectors, which the
 * per-chain `transition` then reads. Engines run exactly one transition after each pass
 * (`stepsPerDispatch` is ignored). WGSL contract (`wgsl`): compiled after shaders/lib, `struct
 * Params`, the target, `const TILE: u32` (entries of a workgroup-memory tile: see `tileFloats`) and
 * shaders/engine/interaction.wgsl, which binds `params`, `run`, `pos` and `grad` (read only),
 * `aux` (index with `aux_at(k, i, c)`) and `interaction_state`.
 */
export interface InteractionDecl<P extends ParamSchema> {
  readonly wgsl: string;
  /** In order; each is dispatched when due (see InteractionPass.every). */
  readonly passes: readonly InteractionPass<P>[];
  /** Floats of persistent state shared by all chains (`interaction_state`, at least 1). */
  readonly stateFloats: number;
  /** Floats of workgroup memory per tile entry at dimension d: TILE = min(WG, ⌊limit / (4 ·
   * tileFloats(d))⌋), and a device where TILE would be 0 is refused with an error naming d. */
  tileFloats(d: number): number;
  /** The particles the page starts this sampler with: a step costs O(N²), so the page's 4,096
   * chains would not stay interactive where the GPU is slow. */
  readonly defaultParticles: number;
}

/** Whether `pass` runs before transition `iteration` (`first`: the first one since the run was
 * built). */
export function interactionPassDue<P extends ParamSchema>(
  pass: InteractionPass<P>, params: ParamValues<P>, iteration: number, first: boolean,
): boolean {
  return first || !pass.every || iteration % pass.every(params) === 0;
}

/** One test run of a sampler on a target: what every test project (tests/statistical,
 * tests/kernel) configures, so a new sampler is tested without touching a test file. */
export interface SamplerTestCase {
  /** Parameters, from the target's moveScale. */
  readonly params: Readonly<Record<string, number>>;
  /** What warm-up (or training) would hand the chains: a proposal factor, a fixed flow. */
  readonly tuning?: Tuning;
  /** Transitions of the stationarity test (default: tests/support/stationarity.ts). */
  readonly steps?: number;
  /** Accepted fraction below which the stationarity test has no power (samplers without an
   * accept step "accept" every move: their power comes from the step). */
  readonly minAccept: number;
}

export interface SamplerTesting {
  caseFor(target: TargetDecl, d: number): SamplerTestCase;
  /** Set where the transition does not keep the target invariant by design: why, and which test
   * checks it instead. The stationarity grid runs every other sampler on every exact target. */
  readonly notInvariant?: string;
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
  /** The sampler reads a RealNVP of this shape (src/flows/realnvp.ts), trained by the host and
   * handed over with `tune({ flow })`; in WGSL its parameters follow the inverse mass and centre
   * in the tuning buffer. */
  flow?(params: ParamValues<P>, d: number): FlowShape;
  /** The target must supply its Gaussian-smoothed score (annealed Langevin). */
  readonly needsSmoothedScore?: boolean;
  /** Particles interact: a pass over all chains precedes every transition (SVGD). */
  readonly interaction?: InteractionDecl<P>;
  /** Cross-parameter checks the ranges cannot express (e.g. σ_max > σ_min); null when fine. */
  check?(params: ParamValues<P>): string | null;
  readonly testing: SamplerTesting;
  cpuStep(state: CpuChainState, ctx: CpuStepContext<P>): TransitionInfo;
}
