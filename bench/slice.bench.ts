import { test } from 'vitest';
import type { SamplingEngine } from '../src/engine/types';
import { createEngines } from './engines';
import { essBulk } from '../src/diagnostics';
import { compareRates } from './measure';
import { printTable, saveSection, sci, times } from './report';

/**
 * The slice samplers on gaussian-nd at d = 10, 100, 1000: density evaluations/s (WebGPU vs the
 * CPU reference, one after the other in this run) and bulk-ESS of x_0 and x_0² per density
 * evaluation. The Gibbsian polar slice paper (Schär, Habeck & Rudolf 2023) claims it scales with
 * dimension better than hit-and-run and elliptical slice; the ESS columns test that here.
 */

const TARGET = 'gaussian-nd';
const DIMS = [10, 100, 1000] as const;
const CHAINS = 4096;

interface SamplerCase {
  readonly id: string;
  /** Elliptical slice with s = 1 would draw gaussian-nd exactly (prior = target); s = 2 leaves a
   * likelihood N(0, (4/3) I)-shaped to slice, as a real model would. */
  readonly params: Record<string, number>;
  /** Transitions between traced draws: 1 where a transition is nearly independent of the last;
   * d/50 for the isotropic one-line moves, whose autocorrelation time grows like d. */
  readonly thin: (d: number) => number;
}

const SAMPLERS: readonly SamplerCase[] = [
  { id: 'slice', params: {}, thin: () => 1 },
  { id: 'hit-and-run', params: {}, thin: (d) => Math.max(1, d / 50) },
  { id: 'elliptical', params: { s: 2 }, thin: (d) => Math.max(1, d / 50) },
  { id: 'polar-slice', params: {}, thin: () => 1 },
];

/** A coordinate-wise transition at d = 1000 is 1000 univariate slices (~6 × 10³ evaluations of
 * a 1000-term density per chain): its throughput runs on fewer chains, and its ESS on fewer
 * chains and draws, or one cell would take many minutes on the CPU reference. */
const heavy = (sampler: string, d: number) => sampler === 'slice' && d >= 1000;
const rateChains = (sampler: string, d: number) => (heavy(sampler, d) ? 256 : CHAINS);
const essChains = (sampler: string, d: number) => (heavy(sampler, d) ? 16 : 64);
const draws = (sampler: string, d: number) => (heavy(sampler, d) ? 100 : sampler === 'slice' ? 200 : 400);

interface EssResult {
  readonly chains: number;
  readonly draws: number;
  readonly thin: number;
  readonly evalsPerTransition: number;
  readonly essPerChain: { readonly x: number; readonly xSquared: number };
  readonly essPerEval: { readonly x: number; readonly xSquared: number };
}

/** Chains from exact draws (in equilibrium), traced every `thin` transitions. */
async function essRun(engine: SamplingEngine, c: SamplerCase, d: number): Promise<EssResult> {
  const chains = essChains(c.id, d);
  const n = draws(c.id, d);
  const thin = c.thin(d);
  await engine.configure({ target: TARGET, d, sampler: c.id, params: c.params, chains, seed: 4, init: 'exact' });
  const request = { shownChains: chains, coords: [0] };
  const start = await engine.snapshot(request);
  const traces = Array.from({ length: chains }, () => new Float64Array(n));
  let end = start;
  for (let t = 0; t < n; t++) {
    engine.run(thin);
    end = await engine.snapshot(request);
    traces.forEach((trace, k) => (trace[t] = end.positions[k]));
  }
  const evalsPerChain = (end.totals.densityEvals - start.totals.densityEvals) / chains;
  const essPerChain = {
    x: essBulk(traces) / chains,
    xSquared: essBulk(traces.map((trace) => trace.map((v) => v * v))) / chains,
  };
  return {
    chains, draws: n, thin,
    evalsPerTransition: evalsPerChain / (n * thin),
    essPerChain,
    essPerEval: { x: essPerChain.x / evalsPerChain, xSquared: essPerChain.xSquared / evalsPerChain },
  };
}

test('slice samplers: density evaluations/s and ESS per density evaluation on gaussian-nd', async () => {
  const engines = await createEngines();
  const rows = [];
  for (const d of DIMS) {
    for (const c of SAMPLERS) {
      const chains = rateChains(c.id, d);
      const rates = await compareRates(engines, { target: TARGET, d, sampler: c.id, params: c.params, chains, seed: 1, init: 'exact' });
      // ESS per evaluation is a property of the algorithm: measured on the float64 reference,
      // which is the faster engine for a few dozen chains on a CPU adapter.
      const ess = await essRun(engines.cpu, c, d);
      rows.push({
        d, sampler: c.id, params: c.params, chains,
        webgpu: rates.webgpu, cpu: rates.cpu,
        ratio: rates.webgpu.densityEvalsPerSec / rates.cpu.densityEvalsPerSec,
        ess,
      });
    }
  }
  engines.gpu.dispose();
  const adapter = engines.gpu.description;
  printTable(`Slice samplers on ${TARGET}: density evaluations/s and ESS per evaluation`, adapter,
    ['d', 'sampler', 'chains', 'evals/transition', 'WebGPU evals/s', 'CPU evals/s', 'WebGPU / CPU', 'ESS/eval (x₀)', 'ESS/eval (x₀²)'],
    rows.map((r) => [r.d, r.sampler, r.chains, r.ess.evalsPerTransition.toFixed(1), sci(r.webgpu.densityEvalsPerSec),
      sci(r.cpu.densityEvalsPerSec), times(r.ratio), sci(r.ess.essPerEval.x), sci(r.ess.essPerEval.xSquared)]));
  saveSection('slice', adapter, {
    benchmark: `Density evaluations/s (engine counters) on ${TARGET}, chains from exact draws, default parameters ` +
      '(elliptical: s = 2); bulk-ESS (src/diagnostics essBulk) of x_0 and x_0² per density evaluation on the CPU reference, ' +
      'from traced draws (thinned for hit-and-run and elliptical)',
    target: TARGET,
    rows,
  });
});
