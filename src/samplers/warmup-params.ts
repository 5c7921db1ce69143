/** Warm-up parameters, declared once and spread into the schemas of the samplers that adapt.
 * The Warmup controller (src/engine/adaptation) reads them by these names. */

export const WARMUP = {
  label: 'Warm-up iterations', type: 'u32', default: 500, min: 0, max: 100000,
  doc: 'Iterations of adaptation before sampling (pooled over all chains); 0 switches adaptation off.',
} as const;

/** Samplers without adaptation discard their first draws instead: nothing is tuned, but the
 * chains leave their dispersed starts before anything is recorded. */
export const BURNIN = {
  label: 'Burn-in iterations', type: 'u32', default: 200, min: 0, max: 100000,
  doc: 'Iterations run and discarded before recording starts (the chains leave their starts); 0 records from the first.',
} as const;

export const ADAPT_METRIC = {
  label: 'Adapt the metric', type: 'u32', default: 1, min: 0, max: 1,
  doc: '1: learn a diagonal mass matrix (or proposal covariance) from the chains in warm-up windows; 0: keep the identity.',
} as const;

export const ADAPT_LENGTH = {
  label: 'Adapt trajectory length', type: 'u32', default: 1, min: 0, max: 1,
  doc: '1: tune ε·L by ChEES (Hoffman et al. 2021) across the chains in warm-up; 0: keep L.',
} as const;

export function targetAccept(defaultValue: number) {
  return {
    label: 'Target acceptance δ', type: 'f32', default: defaultValue, min: 0.05, max: 0.99,
    doc: 'Mean acceptance probability that dual averaging steers the step size to in warm-up.',
  } as const;
}
