import { EngineError, type FieldProblem } from './errors';
import { type ParamValues, validateParams } from './params';
import type { ResolvedConfig, RunConfig } from './types';
import { findTarget, TARGETS } from '../targets';
import { CUSTOM_TARGET, customTarget } from '../targets/custom';
import type { TargetDecl } from '../targets/types';
import { findSampler, SAMPLERS } from '../samplers';
import type { SamplerDecl } from '../samplers/types';
import { flowLayout } from '../flows/realnvp';
import { ringFloats, statsBufferFloats } from './recording';

export const MAX_CHAINS = 1 << 22;
export const DEFAULT_STEPS_PER_DISPATCH = 8;
const MAX_STEPS_PER_DISPATCH = 1024;

/** Device-dependent bounds on a run, checked before any buffer is made. */
export interface RunLimits {
  /** Largest storage buffer binding, bytes. */
  readonly maxStorageBytes: number;
}

export interface Resolved extends ResolvedConfig {
  readonly targetDecl: TargetDecl;
  readonly samplerDecl: SamplerDecl;
  readonly init: 'dispersed' | 'exact' | Float64Array;
  /** Persistent per-chain d-vectors the sampler keeps (its `aux`). */
  readonly auxVectors: number;
  /** Parameters of the sampler's normalizing flow (0 without one), kept in the tuning buffer. */
  readonly flowFloats: number;
}

/** Floats in the largest per-run buffer: the positions, the sampler's aux vectors, the stats
 * with the recording (src/engine/recording.ts), or a dense d×d factor. */
export function largestBufferFloats(d: number, chains: number, auxVectors: number, dense: boolean): number {
  return Math.max(d * chains, auxVectors * d * chains, statsBufferFloats(d, chains), dense ? 2 * d + d * d : 0);
}

/** The tuning buffer's floats: inverse mass and centre, plus a dense factor or a flow's
 * parameters where used. */
export function tuningFloats(d: number, dense: boolean, flowFloats = 0): number {
  return 2 * d + (dense ? d * d : 0) + flowFloats;
}

function integerIn(value: unknown, lo: number, hi: number, what: string, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < lo || value > hi) {
    throw new EngineError(`${what} must be a whole number in [${lo}, ${hi}], got ${String(value)}`, field);
  }
  return value;
}

/** Validates a RunConfig against the registries and the device; throws one EngineError that
 * names every bad setting. */
export function resolveConfig(config: RunConfig, limits?: RunLimits): Resolved {
  const problems: FieldProblem[] = [];
  /** Runs one check; a rejection is recorded and `fallback` stands in so the others still run. */
  const check = <T>(f: () => T, fallback: T): T => {
    try {
      return f();
    } catch (e) {
      if (!(e instanceof EngineError)) throw e;
      problems.push(...e.problems);
      return fallback;
    }
  };
  const custom = config.target === CUSTOM_TARGET ? customTarget(config.expression ?? '') : null;
  const targetDecl = custom ? (custom.ok ? custom.target : undefined) : findTarget(config.target);
  if (custom && !custom.ok) {
    problems.push(...custom.errors.map((e) => ({ field: 'expression', message: `Your density: ${e.message}` })));
  } else if (!targetDecl) {
    problems.push({ field: 'target', message: `Unknown target "${config.target}" (known: ${[...TARGETS.map((t) => t.id), CUSTOM_TARGET].join(', ')})` });
  }
  const samplerDecl = findSampler(config.sampler);
  if (!samplerDecl) {
    problems.push({ field: 'sampler', message: `Unknown sampler "${config.sampler}" (known: ${SAMPLERS.map((s) => s.id).join(', ')})` });
  }
  const dim = targetDecl?.dimension;
  const d = !dim ? NaN : dim.kind === 'fixed'
    ? dim.d
    : check(() => integerIn(config.d ?? dim.default, dim.min, dim.max, `Dimension d of ${config.target}`, 'd'), NaN);
  const chains = check(() => integerIn(config.chains, 1, MAX_CHAINS, 'Number of chains', 'chains'), NaN);
  const seed = check(() => integerIn(config.seed, 0, 0xffffffff, 'Seed', 'seed'), 0);
  const stepsPerDispatch = check(() => integerIn(
    config.stepsPerDispatch ?? DEFAULT_STEPS_PER_DISPATCH, 1, MAX_STEPS_PER_DISPATCH,
    'Transitions per dispatch', 'stepsPerDispatch'), 1);
  const params: ParamValues | undefined = samplerDecl
    ? check(() => validateParams(samplerDecl.params, config.params, samplerDecl.name), undefined)
    : undefined;
  const crossProblem = samplerDecl && params ? samplerDecl.check?.(params) : null;
  if (crossProblem) problems.push({ message: crossProblem });
  if (samplerDecl?.needsSmoothedScore && targetDecl && !targetDecl.smoothedGradLogDensity) {
    const able = TARGETS.filter((t) => t.smoothedGradLogDensity).map((t) => t.id).join(', ');
    problems.push({
      field: 'target',
      message: `${samplerDecl.name} needs a target whose Gaussian-smoothed score is closed form (${able}); ${targetDecl.id} has none`,
    });
  }
  const init = config.init ?? 'dispersed';
  if (init === 'exact' && targetDecl && !targetDecl.exact) {
    problems.push({ field: 'init', message: `Target ${targetDecl.id} has no exact sampler to start from` });
  }
  const sized = Number.isInteger(d) && Number.isInteger(chains);
  if (init instanceof Float64Array && sized && init.length !== d * chains) {
    problems.push({ field: 'init', message: `Initial positions must hold d × chains = ${d * chains} values, got ${init.length}` });
  }
  if (init instanceof Float64Array && !init.every(Number.isFinite)) {
    problems.push({ field: 'init', message: 'Initial positions must all be finite numbers' });
  }
  const auxVectors = samplerDecl?.aux && params ? samplerDecl.aux.vectors(params) : 0;
  const flowFloats = samplerDecl?.flow && params && Number.isInteger(d) ? flowLayout(samplerDecl.flow(params, d)).size : 0;
  const dense = samplerDecl?.adapt?.metric === 'dense';
  const bytes = 4 * largestBufferFloats(d, chains, auxVectors, dense);
  if (limits && sized && bytes > limits.maxStorageBytes) {
    // Every buffer but the ring grows with the chains.
    const statsPerChain = statsBufferFloats(d, 1) - ringFloats(d);
    const perChain = Math.max(d * Math.max(1, auxVectors), statsPerChain);
    const maxChains = Math.floor((limits.maxStorageBytes / 4 - (perChain === statsPerChain ? ringFloats(d) : 0)) / perChain);
    const what = perChain === statsPerChain ? `the per-chain stats and recorded moments, ${statsPerChain} floats per chain`
      : auxVectors > 1 ? `${auxVectors} vectors of d per chain for ${samplerDecl!.name}` : 'one state buffer';
    problems.push({
      field: 'chains',
      message: `d × chains = ${d} × ${chains} needs ${(bytes / 2 ** 20).toFixed(0)} MiB (${what}), over this device's ` +
        `limit of ${(limits.maxStorageBytes / 2 ** 20).toFixed(0)} MiB per buffer: ` +
        (maxChains >= 1 ? `at d = ${d} at most ${maxChains} chains fit` : `d = ${d} does not fit with this sampler`),
    });
  }
  // An unknown target or sampler is among the problems.
  if (problems.length > 0 || !targetDecl || !samplerDecl || !params) throw EngineError.of(problems);
  return {
    target: targetDecl.id, ...(custom ? { expression: config.expression } : {}), d, sampler: samplerDecl.id, params, chains, seed, stepsPerDispatch,
    targetDecl, samplerDecl, init, auxVectors, flowFloats,
  };
}
