import type { HostRandom } from '../rng/host-random';

/** Quantile levels of `TargetTruth.quantiles`. */
export const QUANTILE_LEVELS = [0.05, 0.25, 0.5, 0.75, 0.95] as const;

/** What is known exactly about a target at dimension d. */
export interface TargetTruth {
  /** Per-coordinate mean. */
  readonly mean: readonly number[];
  /** Per-coordinate variance. */
  readonly variance: readonly number[];
  /** Full covariance where it is small enough to list (2-D targets). */
  readonly cov?: readonly (readonly number[])[];
  /** Marginal quantiles of coordinates 0 and 1 at QUANTILE_LEVELS (2-D, from grid quadrature). */
  readonly quantiles?: readonly [readonly number[], readonly number[]];
  /** Multimodal targets: mode centres and the mass nearest each centre. */
  readonly modes?: { readonly centers: readonly (readonly number[])[]; readonly mass: readonly number[] };
  /** Where the numbers come from. */
  readonly source: string;
}

export type Dimension =
  | { readonly kind: 'fixed'; readonly d: number }
  | { readonly kind: 'param'; readonly default: number; readonly min: number; readonly max: number };

/**
 * A target density, declared once: every part of the app (GPU engine, CPU reference, renderer,
 * tests, UI) reads this record.
 *
 * WGSL contract (`wgsl`), compiled with `const D: u32` injected and shaders/lib included:
 *   fn log_density(x: ptr<function, array<f32, D>>) -> f32
 *   fn grad_log_density(x: ptr<function, array<f32, D>>, g: ptr<function, array<f32, D>>) -> f32
 * (the second writes ∇log p into g and returns log p). Log-densities are up to a constant.
 */
export interface TargetDecl {
  readonly id: string;
  readonly name: string;
  /** One line for the UI. */
  readonly description: string;
  readonly dimension: Dimension;
  readonly wgsl: string;
  /** TypeScript reference (float64). `x.length` is the dimension. */
  logDensity(x: Float64Array): number;
  /** Writes ∇log p(x) into g and returns log p(x). */
  gradLogDensity(x: Float64Array, g: Float64Array): number;
  /** [xmin, xmax, ymin, ymax] of the default view of coordinates 0 and 1. */
  readonly viewBox: readonly [number, number, number, number];
  /** Box of the dispersed start: each coordinate uniform in [lo, hi]. */
  readonly initBox: readonly [number, number];
  /** Moves of a sensible size on this target: a leapfrog/Langevin step `eps` and a proposal or
   * slice width `sigma` (any value is valid for an exact sampler; a useful one gives tests power).
   * Every test suite derives its sampler parameters from it (SamplerDecl.testing). */
  readonly moveScale: { readonly eps: number; readonly sigma: number };
  /** One exact draw into `out` (length d), where an exact sampler exists. */
  readonly exact?: (rng: HostRandom, out: Float64Array) => void;
  readonly truth: (d: number) => TargetTruth;
  /** Where the Gaussian-smoothed density p * N(0, s²I) is closed form (mixtures): writes its
   * score into g and returns its log-density. WGSL: the target then also defines
   *   fn smoothed_grad_log_density(x: ptr<function, array<f32, D>>,
   *                                g: ptr<function, array<f32, D>>, s2: f32) -> f32 */
  readonly smoothedGradLogDensity?: (x: Float64Array, s2: number, g: Float64Array) => number;
  /** Where the model is naturally a Gaussian prior N(0, diag(std²)) times a likelihood: std of
   * coordinate i at dimension d (elliptical slice sampling proposes from it). WGSL: the target
   * then also defines `fn gaussian_prior_std(i: u32) -> f32`; others get a stub and
   * `HAS_GAUSSIAN_PRIOR = false` (src/engine/pipelines.ts). */
  readonly gaussianPriorStd?: (i: number, d: number) => number;
  /** log Z of exp(log_density) where known (flows' issue uses it). */
  readonly logZ?: (d: number) => number;
}

export function dimensionOf(t: TargetDecl, d?: number): number {
  return t.dimension.kind === 'fixed' ? t.dimension.d : (d ?? t.dimension.default);
}
