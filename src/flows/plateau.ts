import type { TrainingPoint } from './training';

/** The ELBO is judged every CHECK_EVERY iterations: training rounds end there, so where training
 * stops does not depend on how long its rounds were (a link gives the same flow every time). */
export const CHECK_EVERY = 25;
/** Never stop before this many iterations. */
const MIN_ITERATIONS = 100;

/**
 * Whether a flow's training has levelled off: at each check, the mean ELBO of the latest quarter
 * of the checks (at least two) is compared with the quarter before it, and training has
 * plateaued once the gain is within twice its standard error (from the batches' own SEs). The
 * flow is then as good as its batches can tell; training more would spend time the chains could
 * use (the samplers stay exact whatever the flow).
 */
export class ElboPlateau {
  private readonly checks: TrainingPoint[] = [];

  /** Reads a round's point; true once training has plateaued. */
  observe(p: TrainingPoint): boolean {
    if (p.iteration % CHECK_EVERY !== 0) return false;
    this.checks.push(p);
    if (p.iteration < MIN_ITERATIONS) return false;
    const k = Math.max(2, Math.floor(this.checks.length / 4));
    if (this.checks.length < 2 * k) return false;
    const recent = this.checks.slice(-k);
    const before = this.checks.slice(-2 * k, -k);
    const gain = mean(recent) - mean(before);
    return gain <= 2 * Math.hypot(meanSe(recent), meanSe(before));
  }
}

const mean = (ps: readonly TrainingPoint[]) => ps.reduce((a, p) => a + p.elbo, 0) / ps.length;
const meanSe = (ps: readonly TrainingPoint[]) => Math.sqrt(ps.reduce((a, p) => a + p.elboSe ** 2, 0)) / ps.length;
