import type { Resolved } from './config';
import type { ResolvedConfig } from './types';

/** The serialisable part of a resolved configuration (what the engines report back). */
export function publicConfig(r: Resolved): ResolvedConfig {
  const { target, expression, d, sampler, params, chains, seed, stepsPerDispatch } = r;
  return { target, ...(expression !== undefined ? { expression } : {}), d, sampler, params, chains, seed, stepsPerDispatch };
}
