import { EngineError, type FieldProblem } from './errors';
import { type ParamValues, validateParams } from './params';
import type { ResolvedConfig, RunConfig } from './types';
import { findTarget, TARGETS } from '../targets';
import type { TargetDecl } from '../targets/types';
import { findSampler, SAMPLERS } from '../samplers';
import type { SamplerDecl } from '../samplers/types';

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
  const targetDecl = findTarget(config.target);
  if (!targetDecl) {
    problems.push({ field: 'target', message: `Unknown target "${config.target}" (known: ${TARGETS.map((t) => t.id).join(', ')})` });
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
  const params: ParamValues = samplerDecl ? check(() => validateParams(samplerDecl.params, config.params, samplerDecl.name), {}) : {};
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
  const bytes = d * chains * 4;
  if (limits && sized && bytes > limits.maxStorageBytes) {
    const maxChains = Math.floor(limits.maxStorageBytes / (4 * d));
    problems.push({
      field: 'chains',
      message: `d × chains = ${d} × ${chains} needs ${(bytes / 2 ** 20).toFixed(0)} MiB per state buffer, over this device's ` +
        `limit of ${(limits.maxStorageBytes / 2 ** 20).toFixed(0)} MiB: at d = ${d} at most ${maxChains} chains fit`,
    });
  }
  // An unknown target or sampler is among the problems.
  if (problems.length > 0 || !targetDecl || !samplerDecl) throw EngineError.of(problems);
  return {
    target: targetDecl.id, d, sampler: samplerDecl.id, params, chains, seed, stepsPerDispatch,
    targetDecl, samplerDecl, init,
  };
}
