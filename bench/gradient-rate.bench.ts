import { test } from 'vitest';
import type { RunConfig, Tuning } from '../src/engine/types';
import { illScale } from '../src/targets/illConditionedNd';
import { createEngines } from './engines';
import { compareRates } from './measure';
import { printTable, saveSection, sci, times } from './report';

/** Gradient evaluations/s of the gradient-based samplers, WebGPU vs the CPU reference. */

const D = 100;

interface Case {
  readonly target: string;
  readonly d?: number;
  readonly chains: number;
  /** Per sampler: step sizes near what warm-up picks on this target (see the ESS benchmark). */
  readonly params: Readonly<Record<'mala' | 'hmc' | 'nuts', Record<string, number>>>;
  readonly tuning?: Tuning;
}

const CASES: readonly Case[] = [
  { target: 'banana', chains: 65536, params: { mala: { h: 0.1 }, hmc: { eps: 0.2, L: 10 }, nuts: { eps: 0.2 } } },
  {
    target: 'ill-conditioned-nd', d: D, chains: 4096,
    // ε ≈ warm-up's; NUTS's also away from π / 2^k, where on this (once preconditioned,
    // isotropic) Gaussian trees of 2^k steps span whole half-periods and rarely stop turning.
    params: { mala: { h: 0.6 }, hmc: { eps: 0.75, L: 10 }, nuts: { eps: 0.55 } },
    // The metric warm-up converges to (the exact variances), set directly: warming up 4,096
    // chains at d = 100 takes minutes on SwiftShader, and without a metric NUTS's trees (and so
    // its work per transition) would be far longer than in any real run.
    tuning: { invMass: Float64Array.from({ length: D }, (_, i) => illScale(i, D) ** 2) },
  },
];

test('gradient evaluations/s: MALA, HMC, NUTS on WebGPU vs CPU reference', async () => {
  const engines = await createEngines();
  const rows = [];
  for (const c of CASES) {
    for (const [sampler, params] of Object.entries(c.params)) {
      // Chains start from exact draws, so the rate is that of a run in equilibrium.
      const config: RunConfig = { target: c.target, d: c.d, sampler, params, chains: c.chains, seed: 1, init: 'exact' };
      const r = await compareRates(engines, config, { tuning: c.tuning });
      rows.push({ target: c.target, d: c.d ?? 2, chains: c.chains, sampler, params, ...r });
    }
  }
  engines.gpu.dispose();
  const adapter = engines.gpu.description;
  printTable('Gradient evaluations/s', adapter,
    ['target', 'd', 'chains', 'sampler', 'grads/transition', 'WebGPU grad evals/s', 'CPU grad evals/s', 'WebGPU / CPU'],
    rows.map((r) => [r.target, r.d, r.chains, r.sampler, (r.webgpu.gradEvalsPerSec / r.webgpu.transitionsPerSec).toFixed(1),
      sci(r.webgpu.gradEvalsPerSec), sci(r.cpu.gradEvalsPerSec), times(r.ratio)]));
  saveSection('gradientRate', adapter, {
    benchmark: 'Gradient evaluations/s (engine counters), chains started from exact draws; ' +
      'ill-conditioned-nd with its exact variances as the diagonal metric',
    rows,
  });
});
