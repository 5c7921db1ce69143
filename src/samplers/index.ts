import type { SamplerDecl } from './types';
import { rwm } from './rwm';
import { hmc } from './hmc';

/** Every sampler, in the order the UI lists them. */
export const SAMPLERS: readonly SamplerDecl[] = [rwm, hmc];

export function findSampler(id: string): SamplerDecl | undefined {
  return SAMPLERS.find((s) => s.id === id);
}
