import { EngineError } from './errors';
import { validateParams } from './params';
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

/** Validates a RunConfig against the registries and the device; throws EngineError. */
export function resolveConfig(config: RunConfig, limits?: RunLimits): Resolved {
  const targetDecl = findTarget(config.target);
  if (!targetDecl) {
    throw new EngineError(`Unknown target "${config.target}" (known: ${TARGETS.map((t) => t.id).join(', ')})`, 'target');
  }
  const samplerDecl = findSampler(config.sampler);
  if (!samplerDecl) {
    throw new EngineError(`Unknown sampler "${config.sampler}" (known: ${SAMPLERS.map((s) => s.id).join(', ')})`, 'sampler');
  }
  const dim = targetDecl.dimension;
  const d = dim.kind === 'fixed'
    ? dim.d
    : integerIn(config.d ?? dim.default, dim.min, dim.max, `Dimension d of ${targetDecl.id}`, 'd');
  const chains = integerIn(config.chains, 1, MAX_CHAINS, 'Number of chains', 'chains');
  const seed = integerIn(config.seed, 0, 0xffffffff, 'Seed', 'seed');
  const stepsPerDispatch = integerIn(
    config.stepsPerDispatch ?? DEFAULT_STEPS_PER_DISPATCH, 1, MAX_STEPS_PER_DISPATCH,
    'Transitions per dispatch', 'stepsPerDispatch');
  const params = validateParams(samplerDecl.params, config.params, samplerDecl.name);
  const init = config.init ?? 'dispersed';
  if (init === 'exact' && !targetDecl.exact) {
    throw new EngineError(`Target ${targetDecl.id} has no exact sampler to start from`, 'init');
  }
  if (init instanceof Float64Array && init.length !== d * chains) {
    throw new EngineError(`Initial positions must hold d × chains = ${d * chains} values, got ${init.length}`, 'init');
  }
  if (init instanceof Float64Array && !init.every(Number.isFinite)) {
    throw new EngineError('Initial positions must all be finite numbers', 'init');
  }
  if (limits) {
    const bytes = d * chains * 4;
    if (bytes > limits.maxStorageBytes) {
      const maxChains = Math.floor(limits.maxStorageBytes / (4 * d));
      throw new EngineError(
        `d × chains = ${d} × ${chains} needs ${(bytes / 2 ** 20).toFixed(0)} MiB per state buffer, over this device's ` +
        `limit of ${(limits.maxStorageBytes / 2 ** 20).toFixed(0)} MiB: at d = ${d} at most ${maxChains} chains fit`,
        'chains');
    }
  }
  return {
    target: targetDecl.id, d, sampler: samplerDecl.id, params, chains, seed, stepsPerDispatch,
    targetDecl, samplerDecl, init,
  };
}
