import { afterAll, describe, expect, test } from 'vitest';
import { SAMPLERS } from '../../src/samplers';
import { findTarget } from '../../src/targets';
import { dimensionOf, type TargetDecl } from '../../src/targets/types';
import type { SamplerDecl, SamplerTestCase } from '../../src/samplers/types';
import type { SamplingEngine, Tuning } from '../../src/engine/types';
import { CpuEngine } from '../../src/cpu/cpu-engine';
import { engineOf } from '../support/engines';
import { DIAGONAL_MASS } from '../support/stationarity';

/**
 * Coupling: the WGSL kernel runs the same Markov chain as its float64 twin. Both engines start
 * the same chains at the same points with the same seed, so every transition consumes the same
 * Philox numbers, and after each of K transitions each chain's GPU state is compared with its
 * float64 state. Two things can separate them without a bug. Rounding drifts: float32, and
 * WGSL's sin/cos (2^-11 absolute, in Box–Muller and in the slice samplers' ellipses and
 * spheres), compound from ~1e-4 after one transition to ~1e-2 after eight for a few chains. And a
 * decision on its boundary (accept, a U-turn, a slice bracket) can go the other way in float32;
 * that chain then follows another path, O(1) away. So: each transition may part (O(1)) at most
 * 2 % of the chains still together, and at the end most chains (85 %) must still agree to float32
 * tolerance. A kernel that differs in anything but rounding fails both at once: the controls
 * below show it for a 1 % change of step size and for another stream of numbers.
 */
const CHAINS = 256;
const K = 8;
/** |GPU − CPU| ≤ TOL · max(1, |CPU|) in every coordinate: the same state to float32 accuracy. */
const TOL = 1e-2;
/** Beyond PARTED · max(1, |CPU|) in some coordinate, a chain has taken another path. */
const PARTED = 0.1;
/** Least share of the chains still together before a transition that are together after it. */
const MIN_KEPT = 0.98;
/** Least share of the chains within TOL after all K transitions. */
const MIN_COUPLED = 0.85;

/** Representative targets: curved 2-D, a mixture (smoothed score: annealed Langevin), a dense
 * correlated N-D and one of extreme curvature. */
const TARGETS: readonly [string, number][] = [['banana', 2], ['mixture', 2], ['correlated-nd', 16], ['funnel-nd', 8]];

const targetsFor = (s: SamplerDecl) => TARGETS.filter(([id]) => !s.needsSmoothedScore || findTarget(id)!.smoothedGradLogDensity);

interface Coupling {
  /** Share of the chains within TOL in every coordinate after each of the K transitions. */
  readonly coupled: number;
  /** Least share of the chains still together (within PARTED) kept together by one transition. */
  readonly kept: number;
  /** Worst relative error among the coupled chains. */
  readonly worst: number;
}

/** Both engines on case `c`; `perturb` changes the GPU side only (the controls). */
async function coupling(
  gpu: SamplingEngine, cpu: SamplingEngine, sampler: string, target: TargetDecl, d: number, c: SamplerTestCase,
  perturb: { params?: Record<string, number>; seed?: number } = {},
): Promise<Coupling> {
  const base = { target: target.id, d, sampler, params: c.params, chains: CHAINS, seed: 21, init: 'exact' as const };
  await gpu.configure({ ...base, params: { ...c.params, ...perturb.params }, seed: perturb.seed ?? base.seed });
  await cpu.configure(base);
  if (c.tuning) {
    gpu.tune(c.tuning);
    cpu.tune(c.tuning);
  }
  const drifted = new Uint8Array(CHAINS);
  const parted = new Uint8Array(CHAINS);
  let worst = 0;
  let kept = 1;
  let together = CHAINS;
  for (let t = 0; t < K; t++) {
    gpu.run(1);
    cpu.run(1);
    const [a, b] = await Promise.all([gpu.readPositions(), cpu.readPositions()]);
    for (let ch = 0; ch < CHAINS; ch++) {
      let err = 0;
      for (let i = 0; i < d; i++) {
        const k = i * CHAINS + ch;
        const e = Math.abs(a[k] - b[k]) / Math.max(1, Math.abs(b[k]));
        err = e > err || Number.isNaN(e) ? e : err;
      }
      if (!(err <= TOL)) drifted[ch] = 1;
      if (!(err <= PARTED)) parted[ch] = 1;
      if (!drifted[ch]) worst = Math.max(worst, err);
    }
    const now = CHAINS - parted.reduce((s, v) => s + v, 0);
    kept = Math.min(kept, together > 0 ? now / together : 0);
    together = now;
  }
  return { coupled: 1 - drifted.reduce((s, v) => s + v, 0) / CHAINS, kept, worst };
}

const rows: string[] = [];
/** Records the case's row and asserts it coupled. */
function expectCoupled(label: string, targetId: string, { coupled, kept, worst }: Coupling): void {
  rows.push(`  ${label.padEnd(60)} ${targetId.padEnd(20)} ${coupled.toFixed(3)} ${kept.toFixed(3)} (${worst.toExponential(1)})`);
  expect(kept).toBeGreaterThanOrEqual(MIN_KEPT);
  expect(coupled).toBeGreaterThanOrEqual(MIN_COUPLED);
}
afterAll(() => console.log(`coupling: ${CHAINS} chains × ${K} transitions: share coupled at the end, least share kept together by a transition (worst relative error among coupled chains)\n${rows.join('\n')}`));

describe('every WGSL sampler runs the same chain as its float64 twin', () => {
  const cpu = new CpuEngine();
  for (const sampler of SAMPLERS) {
    test.each(targetsFor(sampler))(`${sampler.id} on %s (d = %d)`, async (id, dim) => {
      const target = findTarget(id)!;
      const d = dimensionOf(target, dim);
      expectCoupled(sampler.id, id, await coupling(await engineOf('webgpu'), cpu, sampler.id, target, d, sampler.testing.caseFor(target, d)));
    });
  }
});

/** Code paths the declared cases do not take: the other bracket rule of each slice sampler,
 * shrinkage caps that bind, kinetic Langevin's other splitting, and a diagonal mass matrix (what
 * warm-up hands HMC, NUTS, MALA and kinetic Langevin) on a target it whitens. */
describe('the WGSL kernels stay coupled on their other code paths', () => {
  const cpu = new CpuEngine();
  const illConditioned = findTarget(DIAGONAL_MASS.target)!;
  const mass = { invMass: Float64Array.from(illConditioned.truth(DIAGONAL_MASS.d).variance) };
  const cases: readonly (readonly [string, string, Readonly<Record<string, number>>, Tuning | undefined])[] = [
    ['slice', 'banana', { w: 1, doubling: 1 }, undefined],
    ['hit-and-run', 'banana', { w: 2, doubling: 0 }, undefined],
    ['slice', 'banana', { w: 4, maxShrink: 2 }, undefined],
    ['hit-and-run', 'banana', { w: 4, maxShrink: 2, doubling: 1 }, undefined],
    ['elliptical', 'banana', { s: 3, maxShrink: 2 }, undefined],
    ['polar-slice', 'banana', { w: 4, maxShrink: 2 }, undefined],
    ['kinetic', 'banana', { h: 0.1, gamma: 1, scheme: 1 }, undefined],
    ...DIAGONAL_MASS.cases.map(([id, params]) => [id, DIAGONAL_MASS.target, params, mass] as const),
  ];
  test.each(cases)('%s on %s with %o', async (id, targetId, params, tuning) => {
    const target = findTarget(targetId)!;
    const d = dimensionOf(target, DIAGONAL_MASS.d);
    const declared = SAMPLERS.find((s) => s.id === id)!.testing.caseFor(target, d);
    const c = { ...declared, params: { ...declared.params, ...params }, tuning };
    expectCoupled(`${id} ${JSON.stringify(params)}`, targetId, await coupling(await engineOf('webgpu'), cpu, id, target, d, c));
  });
});

describe('the coupling check separates kernels that differ in more than rounding', () => {
  const cpu = new CpuEngine();
  const banana = findTarget('banana')!;
  test.each([
    ['hmc', { eps: 0.202 }, undefined],
    ['rwm', { sigma: 1.01 }, undefined],
    ['nuts', undefined, 22],
    ['slice', undefined, 22],
  ] as const)('%s with %o or seed %s on the GPU is not coupled', async (id, params, seed) => {
    const declared = SAMPLERS.find((s) => s.id === id)!.testing.caseFor(banana, 2);
    const { coupled } = await coupling(await engineOf('webgpu'), cpu, id, banana, 2, declared, { params, seed });
    expect(coupled).toBeLessThan(0.5);
  });
});
