/** What a run has spent, by phase: evaluations summed over all chains (training: one per
 * particle of each batch), and milliseconds of engine calls. */
export interface Spent {
  readonly evaluations: PhaseSplit;
  readonly ms: PhaseSplit;
}

export interface PhaseSplit {
  readonly training: number;
  readonly warmup: number;
  readonly sampling: number;
}

export type CostPhase = keyof PhaseSplit;

export const NOTHING_SPENT: Spent = {
  evaluations: { training: 0, warmup: 0, sampling: 0 },
  ms: { training: 0, warmup: 0, sampling: 0 },
};

export const totalOf = (p: PhaseSplit) => p.training + p.warmup + p.sampling;

/** Adds one round's evaluations and milliseconds to `phase`. */
export function addSpent(s: Spent, phase: CostPhase, evaluations: number, ms: number): Spent {
  return {
    evaluations: { ...s.evaluations, [phase]: s.evaluations[phase] + evaluations },
    ms: { ...s.ms, [phase]: s.ms[phase] + ms },
  };
}
