import type { ParamSpec } from '../engine/params';
import { SAMPLERS } from '../samplers';
import type { SamplerDecl, SamplerFamily } from '../samplers/types';

/** The sampler families' names, in the order a lecture would take them (a Record, so a new family
 * cannot be left out of the menu or the help). */
const FAMILY_LABELS: Record<SamplerFamily, string> = {
  baseline: 'Random walk', langevin: 'Langevin', hamiltonian: 'Hamiltonian', slice: 'Slice',
  flow: 'Normalizing flows', particles: 'Interacting particles',
};

export interface SamplerGroup {
  readonly family: SamplerFamily;
  readonly label: string;
  readonly samplers: readonly SamplerDecl[];
}

export const SAMPLER_GROUPS: readonly SamplerGroup[] = (Object.entries(FAMILY_LABELS) as [SamplerFamily, string][])
  .map(([family, label]) => ({ family, label, samplers: SAMPLERS.filter((s) => s.family === family) }));

/** The parameter's allowed values, e.g. "(0, 10]" for a step size that must be positive. */
export const rangeText = (spec: ParamSpec) => `${spec.minExclusive ? '(' : '['}${spec.min}, ${spec.max}]`;

/** Its label with its unit, where it has one. */
export const paramLabel = (spec: ParamSpec) => `${spec.label}${spec.unit ? ` (${spec.unit})` : ''}`;
