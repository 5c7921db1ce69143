import { centralMoment, ks2Statistic, ksCritical, mean, variance, zCritical } from './stats';

/** The stationarity test's size: chains started at exact draws and the transitions they take. The
 * grid (tests/statistical/stationarity.test.ts) and its negative controls, which must fail at the
 * same size, both use it. */
export const STATIONARITY = { chains: 4096, transitions: 10 } as const;

/** The metric paths: a diagonal mass matrix equal to ill-conditioned-nd's true variances (what
 * warm-up aims at) whitens it, so these unit-scale steps move every coordinate. Kinetic Langevin
 * runs BAOAB here, exact on Gaussians whatever h. Run by the grid (stationarity) and by the
 * coupling test. */
export const DIAGONAL_MASS = {
  target: 'ill-conditioned-nd',
  d: 10,
  cases: [['hmc', { eps: 0.5, L: 6 }], ['nuts', { eps: 0.5 }], ['mala', { h: 0.6 }], ['kinetic', { h: 0.4, gamma: 0.5, scheme: 0 }]],
} as const;

export interface SampleComparison {
  /** |z| of each moment test and D of each KS test, with their critical values. */
  readonly checks: { name: string; value: number; critical: number }[];
  readonly failures: string[];
}

/** Standard error of the sample variance of n iid draws: √((m4 − s⁴)/n). */
export function varianceSe(a: ArrayLike<number>): number {
  const m2 = centralMoment(a, 2);
  return Math.sqrt(Math.max(centralMoment(a, 4) - m2 * m2, 0) / a.length);
}

/**
 * Two samples of iid draws (one per chain: chains are independent) compared coordinate by
 * coordinate: z-tests of the means and of the variances with standard errors from the samples,
 * and a two-sample KS test of each marginal; Bonferroni over all of them at family-wise `alpha`.
 * Samples are coordinate-major ([i * n + c]).
 */
export function compareSamples(
  a: Float64Array, b: Float64Array, d: number, coords: readonly number[], alpha = 0.001,
): SampleComparison {
  const na = a.length / d;
  const nb = b.length / d;
  const tests = coords.length * 3;
  const z = zCritical(alpha, tests);
  const ks = ksCritical(alpha / tests, (na * nb) / (na + nb));
  const checks: SampleComparison['checks'] = [];
  for (const i of coords) {
    const x = a.subarray(i * na, (i + 1) * na);
    const y = b.subarray(i * nb, (i + 1) * nb);
    const zMean = (mean(x) - mean(y)) / Math.sqrt(variance(x) / na + variance(y) / nb);
    const zVar = (centralMoment(x, 2) - centralMoment(y, 2)) / Math.hypot(varianceSe(x), varianceSe(y));
    checks.push({ name: `mean[${i}]`, value: Math.abs(zMean), critical: z });
    checks.push({ name: `var[${i}]`, value: Math.abs(zVar), critical: z });
    checks.push({ name: `ks[${i}]`, value: ks2Statistic(x, y), critical: ks });
  }
  const failures = checks.filter((c) => !(c.value < c.critical)).map((c) => `${c.name}: ${c.value.toFixed(3)} ≥ ${c.critical.toFixed(3)}`);
  return { checks, failures };
}

/**
 * Pooled final states of converged chains against known moments: z-tests of mean (SE = sd/√n)
 * and variance (SE = √((m4 − s⁴)/n)), Bonferroni at family-wise `alpha`.
 */
export function compareToTruth(
  a: Float64Array, d: number, coords: readonly number[],
  truth: { mean: readonly number[]; variance: readonly number[] }, alpha = 0.001,
): string[] {
  const n = a.length / d;
  const z = zCritical(alpha, coords.length * 2);
  const failures: string[] = [];
  for (const i of coords) {
    const x = a.subarray(i * n, (i + 1) * n);
    const zMean = (mean(x) - truth.mean[i]) / Math.sqrt(variance(x) / n);
    const zVar = (centralMoment(x, 2) - truth.variance[i]) / varianceSe(x);
    if (!(Math.abs(zMean) < z)) failures.push(`mean[${i}] = ${mean(x).toFixed(4)} vs ${truth.mean[i]} (|z| = ${Math.abs(zMean).toFixed(2)} ≥ ${z.toFixed(2)})`);
    if (!(Math.abs(zVar) < z)) failures.push(`var[${i}] = ${centralMoment(x, 2).toFixed(4)} vs ${truth.variance[i]} (|z| = ${Math.abs(zVar).toFixed(2)} ≥ ${z.toFixed(2)})`);
  }
  return failures;
}
