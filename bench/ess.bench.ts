import { test } from 'vitest';
import { runWarmup } from '../src/engine/adaptation/warmup';
import type { SamplingEngine } from '../src/engine/types';
import { illScale } from '../src/targets/illConditionedNd';
import { createEngines } from './engines';
import { essBulk } from '../src/diagnostics';
import { printTable, saveSection } from './report';

/** ESS per gradient evaluation of HMC and NUTS on ill-conditioned-nd after warm-up, per engine. */

const TARGET = 'ill-conditioned-nd';
const D = 100;
/** Few chains: ESS per gradient is a per-chain figure, and the unadapted start of NUTS's
 * warm-up (trees of hundreds of steps) would otherwise take minutes on SwiftShader. */
const CHAINS = 64;
/** Sampling transitions traced after warm-up (every one, for every chain). */
const SAMPLES = 500;
/** Scales 0.1, 0.46, 2.2 and 10: the extremes of the conditioning and two between. */
const COORDS = [0, 33, 66, 99];
/** Warm-up round length (transitions between adaptation updates). */
const ROUND = 10;
/** App defaults (warm-up 500, metric adapted; HMC also adapts its length by ChEES). */
const SAMPLERS = ['hmc', 'nuts'] as const;

interface EssRow {
  readonly sampler: string;
  readonly engine: string;
  /** Parameters in force after warm-up. */
  readonly params: Record<string, number>;
  readonly warmupSeconds: number;
  readonly samplingSeconds: number;
  readonly gradsPerTransition: number;
  readonly acceptProb: number;
  readonly divergent: number;
  /** Bulk-ESS per chain of x_i and of x_i², for each traced coordinate. */
  readonly essPerChain: { readonly coord: number; readonly scale: number; readonly x: number; readonly xSquared: number }[];
  /** Min over coordinates of ESS per chain / gradient evaluations per chain in sampling. */
  readonly essPerGrad: { readonly x: number; readonly xSquared: number };
}

/** Warm-up, then SAMPLES transitions with every chain's traced coordinates read after each. */
async function essRun(engine: SamplingEngine, sampler: string): Promise<EssRow> {
  const resolved = await engine.configure({ target: TARGET, d: D, sampler, chains: CHAINS, seed: 1 });
  const t0 = performance.now();
  await runWarmup(engine, resolved, ROUND);
  const request = { shownChains: CHAINS, coords: COORDS };
  const start = await engine.snapshot(request);
  const t1 = performance.now();
  // traces[k][c][t]: coordinate COORDS[k] of chain c after sampling transition t.
  const traces = COORDS.map(() => Array.from({ length: CHAINS }, () => new Float64Array(SAMPLES)));
  let end = start;
  for (let t = 0; t < SAMPLES; t++) {
    engine.run(1);
    end = await engine.snapshot(request);
    traces.forEach((chains, k) => chains.forEach((trace, c) => (trace[t] = end.positions[k * CHAINS + c])));
  }
  const t2 = performance.now();
  const gradsPerChain = (end.totals.gradEvals - start.totals.gradEvals) / CHAINS;
  const essPerChain = COORDS.map((coord, k) => ({
    coord,
    scale: illScale(coord, D),
    x: essBulk(traces[k]) / CHAINS,
    xSquared: essBulk(traces[k].map((trace) => trace.map((v) => v * v))) / CHAINS,
  }));
  const minOver = (f: (e: (typeof essPerChain)[number]) => number) => Math.min(...essPerChain.map(f)) / gradsPerChain;
  return {
    sampler,
    engine: engine.kind,
    params: { ...end.params },
    warmupSeconds: (t1 - t0) / 1000,
    samplingSeconds: (t2 - t1) / 1000,
    gradsPerTransition: gradsPerChain / SAMPLES,
    // Warm-up resets the stats after its last round, so these cover sampling only.
    acceptProb: end.stats.acceptProb / (CHAINS * end.statsIterations),
    divergent: end.totals.divergent - start.totals.divergent,
    essPerChain,
    essPerGrad: { x: minOver((e) => e.x), xSquared: minOver((e) => e.xSquared) },
  };
}

test('ESS per gradient evaluation: HMC and NUTS after warm-up, WebGPU vs CPU reference', async () => {
  const engines = await createEngines();
  const rows: EssRow[] = [];
  for (const sampler of SAMPLERS) {
    for (const engine of [engines.gpu, engines.cpu]) rows.push(await essRun(engine, sampler));
  }
  engines.gpu.dispose();
  const adapter = engines.gpu.description;
  const length = (r: EssRow) => (r.sampler === 'hmc' ? `L ≤ ${r.params.L}` : `depth ≤ ${r.params.maxDepth}`);
  printTable(`ESS per gradient on ${TARGET} (d = ${D}), ${CHAINS} chains, ${SAMPLES} draws after warm-up`, adapter,
    ['sampler', 'engine', 'adapted ε', 'length', 'grads/transition', 'accept', 'min ESS/grad (x_i)', 'min ESS/grad (x_i²)', 'warm-up s', 'sampling s'],
    rows.map((r) => [r.sampler, r.engine, r.params.eps.toPrecision(3), length(r), r.gradsPerTransition.toFixed(1),
      r.acceptProb.toFixed(3), r.essPerGrad.x.toPrecision(3), r.essPerGrad.xSquared.toPrecision(3),
      r.warmupSeconds.toFixed(1), r.samplingSeconds.toFixed(1)]));
  saveSection('essPerGradient', adapter, {
    benchmark: `Bulk-ESS (Vehtari et al. 2021, src/diagnostics essBulk) per gradient evaluation on ${TARGET}, d = ${D}: ` +
      `${CHAINS} chains, default parameters, warm-up by runWarmup (rounds of ${ROUND}), then ${SAMPLES} traced ` +
      `transitions of coordinates ${COORDS.join(', ')}; min over coordinates of ESS per chain / gradients per chain`,
    target: TARGET, d: D, chains: CHAINS, samples: SAMPLES, coords: COORDS,
    rows,
  });
});
