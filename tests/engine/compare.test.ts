import { afterAll, describe, expect, it } from 'vitest';
import { CpuEngine } from '../../src/cpu/cpu-engine';
import { GpuEngine } from '../../src/engine/gpu-engine';
import type { SamplingEngine } from '../../src/engine/types';
import type { Budget } from '../../src/compare/budget';
import { Comparison, type ComparisonSetup } from '../../src/compare/comparison';
import type { ComparisonSide } from '../../src/compare/comparison-side';
import { windowConvergence } from '../../src/compare/side-metrics';
import type { TraceData } from '../../src/stats/trace-window';
import { nodeGpu } from '../support/gpu';
import { mean, variance, zCritical } from '../support/stats';

const cpuPair = (): [SamplingEngine, SamplingEngine] => [new CpuEngine(), new CpuEngine()];

const setup = (budget: Budget, chains = 64): ComparisonSetup => ({
  run: { target: 'correlated', chains, seed: 7 }, a: { sampler: 'hmc' }, b: { sampler: 'rwm' }, budget,
});

async function compared(budget: Budget, engines = cpuPair(), chains = 64): Promise<Comparison> {
  const c = await Comparison.start(engines, setup(budget, chains));
  await c.runToEnd();
  return c;
}

/** Chains [first, first + n) of a trace window. */
function chainsOf(t: TraceData, first: number, n: number): TraceData {
  const stride = t.d + 1;
  const values = new Float64Array(t.rows * n * stride);
  for (let r = 0; r < t.rows; r++) {
    values.set(t.values.subarray((r * t.chains + first) * stride, (r * t.chains + first + n) * stride), r * n * stride);
  }
  return { ...t, chains: n, values };
}

/** The side's ESS per 1000 evaluations estimated from disjoint groups of its traced chains
 * (the same scaling as its metric): mean and standard error over the groups. */
function efficiencyByGroups(side: ComparisonSide, groups: number): { mean: number; se: number } {
  const trace = side.trace!;
  const size = trace.chains / groups;
  const evaluations = side.spent.evaluations.training + side.spent.evaluations.warmup + side.spent.evaluations.sampling;
  const perGroup = Array.from({ length: groups }, (_, g) => {
    const ess = windowConvergence(chainsOf(trace, g * size, size)).essBulk;
    return (ess * side.config.chains * side.metrics.draws) / (size * trace.rows) * 1000 / evaluations;
  });
  return { mean: mean(perGroup), se: Math.sqrt(variance(perGroup) / groups) };
}

describe('comparison on the CPU reference', () => {
  it('gives each side the same evaluation budget and stops within one round of it', async () => {
    const budget: Budget = { kind: 'evaluations', amount: 6000 };
    const c = await compared(budget);
    for (const side of c.sides) {
      expect(side.budget).toEqual(budget);
      expect(side.finished).toBe(true);
      const h = side.history;
      const lastRound = h.at(-1)!.evaluations - h.at(-2)!.evaluations;
      expect(side.used).toBeGreaterThanOrEqual(budget.amount);
      expect(side.used - budget.amount).toBeLessThanOrEqual(lastRound);
      expect(h.at(-1)!.evaluations).toBe(side.used);
    }
    // RWM pays one density evaluation per transition, its burn-in first; HMC paid for its warm-up.
    const [hmc, rwm] = c.sides;
    const burnin = rwm.config.params.burnin;
    expect(burnin).toBeGreaterThan(0);
    expect(rwm.metrics.draws).toBe(budget.amount - burnin);
    expect(hmc.spent.evaluations.warmup).toBeGreaterThan(0);
    expect(rwm.spent.evaluations.warmup).toBe(burnin * rwm.config.chains);
  }, 60_000);

  it('gives each side the same time budget and stops within one round of it', async () => {
    const budget: Budget = { kind: 'seconds', amount: 0.6 };
    const c = await compared(budget);
    for (const side of c.sides) {
      const h = side.history;
      expect(side.used).toBeGreaterThanOrEqual(budget.amount);
      expect(side.used - budget.amount).toBeLessThanOrEqual(h.at(-1)!.seconds - h.at(-2)!.seconds);
    }
  }, 60_000);

  it('gives the same numbers for the same seed', async () => {
    const budget: Budget = { kind: 'evaluations', amount: 6000 };
    const [first, second] = [await compared(budget), await compared(budget)];
    first.sides.forEach((side, k) => {
      const again = second.sides[k];
      expect(side.metrics.essBulk).toBeGreaterThan(0);
      // Everything but the wall-clock rates.
      const { essPerSecond: _, ...numbers } = side.metrics;
      const { essPerSecond: __, ...numbersAgain } = again.metrics;
      expect(numbersAgain).toEqual(numbers);
      expect(again.spent.evaluations).toEqual(side.spent.evaluations);
      expect(again.history.map((p) => [p.evaluations, p.error])).toEqual(side.history.map((p) => [p.evaluations, p.error]));
    });
  }, 60_000);

  it('finds HMC more efficient per evaluation than random-walk Metropolis on the correlated target, beyond Monte Carlo error', async () => {
    const c = await compared({ kind: 'evaluations', amount: 20_000 });
    const [hmc, rwm] = c.sides;
    const groups = 8;
    const [h, r] = [efficiencyByGroups(hmc, groups), efficiencyByGroups(rwm, groups)];
    // Standard error of log(HMC / RWM) by the delta method; t quantile with groups − 1 = 7
    // degrees of freedom at one-sided level 0.001 (the SEs come from 8 groups each).
    const seLog = Math.hypot(h.se / h.mean, r.se / r.mean);
    const T7_999 = 4.785;
    expect(Math.log(h.mean / r.mean)).toBeGreaterThan(T7_999 * seLog);
    // The metric the page shows (all traced chains pooled) agrees with the groups' estimate.
    expect(Math.log(hmc.metrics.essPerKiloEval / rwm.metrics.essPerKiloEval)).toBeGreaterThan(T7_999 * seLog);
    for (const side of c.sides) {
      expect(Math.abs(Math.log(side.metrics.essPerKiloEval / efficiencyByGroups(side, groups).mean))).toBeLessThan(T7_999 * seLog);
    }
  }, 120_000);

  it('records the error against the truth at increasing cost, shrinking as the draws add up', async () => {
    const c = await compared({ kind: 'evaluations', amount: 20_000 });
    for (const side of c.sides) {
      const h = side.history;
      for (let k = 1; k < h.length; k++) {
        expect(h[k].evaluations).toBeGreaterThan(h[k - 1].evaluations);
        expect(h[k].seconds).toBeGreaterThan(h[k - 1].seconds);
      }
      // The pooled mean's error in sds is N(0, 1/ESS) per coordinate: the final error must be
      // within its Monte Carlo error (max over d = 2 coordinates, family-wise level 0.001) ...
      const { essBulk, truthError } = side.metrics;
      expect(truthError).toBe(h.at(-1)!.error);
      expect(truthError).toBeLessThan(zCritical(0.001, 2) / Math.sqrt(essBulk));
      // ... and the first round's, from 10 transitions per chain (hundreds of times fewer
      // effective draws, so an error of the same size would take both errors at ~20× their
      // typical sizes apart), larger.
      expect(h[0].error).toBeGreaterThan(truthError);
    }
  }, 120_000);
});

describe('comparison on WebGPU (Dawn)', () => {
  const engines: SamplingEngine[] = [];
  afterAll(() => engines.forEach((e) => e.dispose()));

  it('runs a small comparison end to end', async () => {
    engines.push(await GpuEngine.create(nodeGpu), await GpuEngine.create(nodeGpu));
    const c = await compared({ kind: 'evaluations', amount: 4000 }, [engines[0], engines[1]], 1024);
    for (const side of c.sides) {
      expect(side.engine.kind).toBe('webgpu');
      expect(side.finished).toBe(true);
      expect(side.used - 4000).toBeLessThanOrEqual(side.history.at(-1)!.evaluations - side.history.at(-2)!.evaluations);
      const m = side.metrics;
      expect(m.essBulk).toBeGreaterThan(0);
      expect(m.truthError).toBeLessThan(zCritical(0.001, 2) / Math.sqrt(m.essBulk));
      expect(side.shown?.shownChains).toBe(1024);
    }
  }, 300_000);
});
