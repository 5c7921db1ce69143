import type { TransitionInfo } from './types';

/*
 * What a CPU transition shows of its inside when a probe is attached (explain mode). Every
 * record is a copy taken at the moment it is emitted; a transition with no probe emits nothing,
 * and a probe never changes what the transition computes or the random numbers it draws.
 * Points are positions in the target's space (length d); `p` are momenta.
 */
export type ProbeEvent =
  /** Metropolis-type proposal (random walk, flow independence proposal). */
  | { readonly kind: 'proposal'; readonly from: Float64Array; readonly x: Float64Array }
  /** Accept/reject. Unadjusted samplers report accepted with no α; a divergence is rejected. */
  | {
    readonly kind: 'decision'; readonly accepted: boolean; readonly divergent: boolean;
    readonly logAlpha?: number; readonly logU?: number; readonly energyError?: number;
  }
  /** Langevin: the deterministic half of the move, x → x + (h/2) M⁻¹ ∇log p(x). */
  | { readonly kind: 'drift'; readonly from: Float64Array; readonly to: Float64Array; readonly h: number }
  /** Langevin: the Gaussian half, from the drift's end to the proposal. */
  | { readonly kind: 'noise'; readonly from: Float64Array; readonly to: Float64Array }
  /** Annealed Langevin: the noise level this transition is at. */
  | { readonly kind: 'anneal'; readonly level: number; readonly levels: number; readonly sigma: number }
  /** Hamiltonian: the momentum drawn at x, and H(x, p) there. */
  | { readonly kind: 'momentum'; readonly x: Float64Array; readonly p: Float64Array; readonly energy: number }
  /** One leapfrog step's end, with H there. NUTS adds the subtree it belongs to. */
  | {
    readonly kind: 'leapfrog'; readonly x: Float64Array; readonly p: Float64Array; readonly energy: number;
    readonly step: number; readonly steps: number; readonly depth?: number; readonly direction?: number;
  }
  /** Kinetic Langevin: after a sub-step of the splitting (B kick, A drift, O friction and noise). */
  | { readonly kind: 'substep'; readonly name: 'B' | 'A' | 'O' | 'BAB'; readonly x: Float64Array; readonly p: Float64Array }
  /** NUTS: a subtree of 2^depth steps built in `direction`; whether the chain took its
   * proposal, and whether it (turning) or the whole trajectory (uturn) turned back. */
  | {
    readonly kind: 'tree'; readonly depth: number; readonly direction: number; readonly accepted: boolean;
    readonly turning: boolean; readonly uturn: boolean; readonly divergent: boolean; readonly x: Float64Array;
  }
  /** Slice samplers: the level log y under the sliced function f at the start x (log f(x)). */
  | { readonly kind: 'slice-level'; readonly x: Float64Array; readonly logF: number; readonly logY: number }
  /** Slice samplers: the bracket on the line, while stepping out or doubling, then shrinking. */
  | { readonly kind: 'interval'; readonly lo: Float64Array; readonly hi: Float64Array; readonly phase: 'grow' | 'shrink' }
  /** Slice samplers: a shrinkage proposal and whether it lies in the slice. */
  | { readonly kind: 'shrink'; readonly x: Float64Array; readonly logF: number; readonly inside: boolean }
  /** Elliptical and polar slice: the curve x0 cos θ + ν sin θ, θ in the bracket [lo, hi]. */
  | { readonly kind: 'ellipse'; readonly x0: Float64Array; readonly nu: Float64Array; readonly lo: number; readonly hi: number }
  /** MixFlows: the m-th iterate of the flow map from the reference draw (negative: inverse). */
  | { readonly kind: 'flow-map'; readonly m: number; readonly x: Float64Array }
  /** MixFlows: the draw y = T^n(s0) and its ELBO term. */
  | { readonly kind: 'flow-draw'; readonly n: number; readonly of: number; readonly x: Float64Array; readonly elbo: number }
  /** SVGD: the Stein direction φ of a particle and where ε φ moves it. */
  | { readonly kind: 'stein'; readonly from: Float64Array; readonly phi: Float64Array; readonly to: Float64Array }
  /** The engine, after every probed transition: its report and the chain's state. */
  | { readonly kind: 'result'; readonly info: TransitionInfo; readonly x: Float64Array; readonly logp: number };

export type ProbeKind = ProbeEvent['kind'];
export type ProbeEventOf<K extends ProbeKind> = Extract<ProbeEvent, { kind: K }>;

/** Receives a transition's events in the order they happen. */
export type TransitionProbe = (e: ProbeEvent) => void;

/** A copy of v (events keep their own arrays: the transition reuses its scratch). */
export const copy = (v: Float64Array): Float64Array => Float64Array.from(v);

/** The event with every point mapped by `f` (NeuTra: latent points pushed through the flow) and
 * every momentum by `push` (its image at the event's point). */
export function mapEvent(
  e: ProbeEvent, f: (z: Float64Array) => Float64Array, push: (z: Float64Array, v: Float64Array) => Float64Array,
): ProbeEvent {
  switch (e.kind) {
    case 'proposal':
      return { ...e, from: f(e.from), x: f(e.x) };
    case 'drift':
    case 'noise':
    case 'stein':
      return { ...e, from: f(e.from), to: f(e.to) } as ProbeEvent;
    case 'momentum':
    case 'leapfrog':
    case 'substep':
      return { ...e, x: f(e.x), p: push(e.x, e.p) };
    case 'tree':
    case 'slice-level':
    case 'shrink':
    case 'flow-map':
    case 'flow-draw':
      return { ...e, x: f(e.x) };
    case 'interval':
      return { ...e, lo: f(e.lo), hi: f(e.hi) };
    case 'ellipse':
    case 'anneal':
    case 'decision':
    case 'result':
      return e;
  }
}
