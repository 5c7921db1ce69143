import type { SamplerDecl } from './types';
import { rwm } from './rwm';
import { hmc } from './hmc';
import { nuts } from './nuts';
import { ula } from './ula';
import { mala } from './mala';
import { kinetic } from './kinetic';
import { adaptiveRwm } from './adaptive-rwm';
import { annealed } from './annealed';
import { slice } from './slice-coordinate';
import { hitAndRun } from './hit-and-run';
import { elliptical } from './elliptical';
import { polarSlice } from './polar-slice';
import { flowImh } from './flow-imh';
import { neutraHmc, neutraMala } from './neutra';
import { mixflow } from './mixflow';
import { svgd } from './svgd';

/** Every sampler, in the order the UI lists them. */
export const SAMPLERS: readonly SamplerDecl[] = [
  rwm, adaptiveRwm, ula, mala, kinetic, hmc, nuts, annealed, slice, hitAndRun, elliptical, polarSlice, flowImh, neutraHmc, neutraMala, mixflow, svgd,
];

export function findSampler(id: string): SamplerDecl | undefined {
  return SAMPLERS.find((s) => s.id === id);
}
