import { test } from 'vitest';
import { computeReport } from '../src/stats/compute-report';
import type { ReportInput } from '../src/stats/report-input';
import { HostRandom } from '../src/rng/host-random';
import { createEngines } from './engines';
import { measureRate, MIN_SECONDS } from './measure';
import { printTable, saveSection, sci, times } from './report';
import type { RecordSpec } from '../src/engine/types';

const CHAINS = 64;
const DRAWS = 2000;
const REPEATS = 20;

/** 64 traced chains × 2,000 draws of an AR(1) with ρ = 0.5 in both coordinates plus an energy
 * column, as the session posts them to the worker (HMC on banana: energy plot, distances and grid
 * KL all computed). */
function input(): ReportInput {
  const d = 2;
  const values = new Float64Array(DRAWS * CHAINS * (d + 1));
  const rho = 0.5;
  for (let c = 0; c < CHAINS; c++) {
    const rng = new HostRandom(1, c, 'exact');
    const x = [rng.normal(), rng.normal(), rng.normal()];
    for (let r = 0; r < DRAWS; r++) {
      for (let i = 0; i <= d; i++) {
        x[i] = rho * x[i] + Math.sqrt(1 - rho * rho) * rng.normal();
        values[(r * CHAINS + c) * (d + 1) + i] = x[i];
      }
    }
  }
  const bins = 64;
  const spec: RecordSpec = { traceChains: CHAINS, window: DRAWS, histogram: { coords: [0, 1], box: [-4, 4, -3, 8], bins } };
  const hist2 = new Uint32Array(bins * bins).fill(10);
  return {
    target: 'banana', d, sampler: 'hmc', coords: [0, 1], chains: 16384, divergences: 0,
    trace: { from: 0, rows: DRAWS, chains: CHAINS, d, values },
    recording: {
      spec, start: 0, draws: DRAWS, mean: Float64Array.of(0, 1), variance: Float64Array.of(1, 3),
      hist1: [new Uint32Array(bins).fill(640), new Uint32Array(bins).fill(640)], hist2,
    },
    shownChains: 4096, positions: Float64Array.from({ length: 2 * 4096 }, (_, k) => Math.sin(k)),
  };
}

test('a full diagnostics refresh on 64 chains × 2,000 draws (2 coordinates)', () => {
  const data = input();
  for (let k = 0; k < 3; k++) computeReport(data); // JIT warm-up
  const ms = Array.from({ length: REPEATS }, () => {
    const t0 = performance.now();
    computeReport(data);
    return performance.now() - t0;
  }).sort((a, b) => a - b);
  const median = ms[REPEATS >> 1];
  printTable('Diagnostics refresh (Node, one thread)', 'CPU', ['chains × draws', 'median ms', 'min ms', 'max ms'],
    [[`${CHAINS} × ${DRAWS}`, median.toFixed(1), ms[0].toFixed(1), ms.at(-1)!.toFixed(1)]]);
  saveSection('diagnostics-refresh', 'node', {
    benchmark: 'computeReport: summary (R-hat, ESS, MCSE, quantiles), ACF, ranks, energy/E-BFMI, error vs truth, distances, grid KL',
    chains: CHAINS, draws: DRAWS, medianMs: median, minMs: ms[0], maxMs: ms.at(-1),
  });
});

test('recording every draw: HMC on banana with 16,384 chains, recording on vs off', async () => {
  const { gpu, cpu } = await createEngines();
  const spec: RecordSpec = { traceChains: 64, window: 2000, histogram: { coords: [0, 1], box: [-4, 4, -3, 8], bins: 64 } };
  const rows = [];
  for (const [name, engine, chains] of [['WebGPU', gpu, 16384], ['CPU reference', cpu, 1024]] as const) {
    await engine.configure({ target: 'banana', sampler: 'hmc', params: { eps: 0.2, L: 10 }, chains, seed: 1 });
    const off = await measureRate(engine, MIN_SECONDS);
    engine.record(spec);
    const on = await measureRate(engine, MIN_SECONDS);
    rows.push({ engine: name, chains, offPerSec: off.transitionsPerSec, onPerSec: on.transitionsPerSec, ratio: on.transitionsPerSec / off.transitionsPerSec });
  }
  gpu.dispose();
  printTable('Recording overhead (Welford moments, histograms, 64-chain ring)', gpu.description,
    ['engine', 'chains', 'transitions/s off', 'transitions/s on', 'on / off'],
    rows.map((r) => [r.engine, r.chains, sci(r.offPerSec), sci(r.onPerSec), times(r.ratio)]));
  saveSection('recording-overhead', gpu.description, { benchmark: 'HMC (eps 0.2, L 10) on banana, record() on vs off', rows });
});
