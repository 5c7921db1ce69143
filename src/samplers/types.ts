import type { ParamSchema, ParamValues } from '../engine/params';
import type { RngStream } from '../rng/stream';
import type { TargetDecl } from '../targets/types';

export type SamplerFamily = 'baseline' | 'langevin' | 'hamiltonian' | 'slice' | 'flow';

/** What one transition reports (summed per chain by both engines). */
export interface TransitionInfo {
  accepted: number;
  gradEvals: number;
  densityEvals: number;
  divergent: number;
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

export interface CpuStepContext<P extends ParamSchema> {
  readonly target: TargetDecl;
  readonly params: ParamValues<P>;
  readonly rng: RngStream;
  readonly scratch: CpuScratch;
}

/**
 * A sampler, declared once. WGSL contract (`wgsl`), compiled after shaders/lib, the target, and a
 * generated `struct Params` holding the schema's keys (bound as `params`):
 *   fn transition(x: ptr<function, array<f32, D>>, g: ptr<function, array<f32, D>>,
 *                 logp: ptr<function, f32>, rng: ptr<function, Rng>) -> Info
 * It draws from `rng` in the same order as `cpuStep` draws from its RngStream, so the GPU kernel
 * and the CPU reference consume identical random integers.
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
  /** Which counters mean something for this sampler (the UI shows only these). */
  readonly reports: readonly (keyof TransitionInfo)[];
  cpuStep(state: CpuChainState, ctx: CpuStepContext<P>): TransitionInfo;
}
