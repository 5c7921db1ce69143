import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CpuEngine } from '../../src/cpu/cpu-engine';
import { GpuEngine } from '../../src/engine/gpu-engine';
import { ExplainRunner, EXPLAIN_PARTICLES, type ExplainConfig, type ExplainStep } from '../../src/explain/explain-runner';
import { SAMPLERS } from '../../src/samplers';
import { kineticEnergy } from '../../src/samplers/hamiltonian';
import type { ProbeEvent, ProbeEventOf, ProbeKind } from '../../src/samplers/probe';
import { findTarget } from '../../src/targets';
import { nodeGpu } from '../support/gpu';

/** Explain mode's runner: the probed chain is the unprobed chain, bit for bit, and what the probe
 * reports is the transition's own geometry. */

const TRANSITIONS = 6;

/** A configuration each sampler explains on: 2-D banana, unless the sampler needs more. */
function configOf(sampler: string): ExplainConfig {
  const base = { target: 'banana', sampler, seed: 11 };
  switch (sampler) {
    case 'annealed':
      // The smoothed score is closed form for mixtures only.
      return { ...base, target: 'mixture', params: { stepsPerLevel: 2 } };
    case 'hmc':
      return { ...base, params: { eps: 0.2, L: 7 } };
    case 'flow-imh':
    case 'neutra-hmc':
    case 'neutra-mala':
      return { ...base, params: { trainIterations: 30, trainBatch: 64, flowLayers: 2, flowWidth: 8 } };
    case 'mixflow':
      return { ...base, params: { flowSteps: 12 } };
    default:
      return base;
  }
}

const ofKind = <K extends ProbeKind>(events: readonly ProbeEvent[], kind: K) =>
  events.filter((e): e is ProbeEventOf<K> => e.kind === kind);

async function explained(config: ExplainConfig, transitions: number): Promise<{ runner: ExplainRunner; steps: ExplainStep[] }> {
  const runner = await ExplainRunner.create(config);
  await runner.train(() => {}, () => false);
  const steps = Array.from({ length: transitions }, () => runner.step());
  return { runner, steps };
}

describe('the probed chain is the swarm chain', () => {
  for (const sampler of SAMPLERS) {
    test(`${sampler.id}: bit-identical to an unprobed CPU run, events from the transition`, async () => {
      const config = configOf(sampler.id);
      const { runner, steps } = await explained(config, TRANSITIONS);
      const chains = runner.config.chains;
      expect(chains).toBe(sampler.interaction ? EXPLAIN_PARTICLES : 1);
      const plain = new CpuEngine();
      await plain.configure({ ...config, chains });
      if (runner.trainingTotal > 0) await plain.trainFlow(runner.trainingTotal);
      plain.run(TRANSITIONS);
      const pos = await plain.readPositions();
      const d = runner.config.d;
      runner.current().forEach((x, c) => {
        expect(Array.from(x)).toEqual(Array.from({ length: d }, (_, i) => pos[i * chains + c]));
      });
      // Each step starts where the last ended, and every sampler says something.
      for (let t = 1; t < steps.length; t++) expect(Array.from(steps[t].before)).toEqual(Array.from(steps[t - 1].after));
      for (const s of steps) expect(s.events.length).toBeGreaterThan(0);
      runner.dispose();
    });
  }
});

describe('events are the transition\'s geometry', () => {
  test('HMC: L leapfrog points ending at the proposal, the energy error from their energies, accepted → at the last point', async () => {
    const { steps } = await explained(configOf('hmc'), 10);
    let accepted = 0;
    for (const s of steps) {
      const [momentum] = ofKind(s.events, 'momentum');
      const path = ofKind(s.events, 'leapfrog');
      const [decision] = ofKind(s.events, 'decision');
      expect(path).toHaveLength(7);
      expect(path.map((e) => e.step)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(Array.from(momentum.x)).toEqual(Array.from(s.before));
      const last = path[path.length - 1];
      expect(decision.energyError).toBe(last.energy - momentum.energy);
      expect(s.info.energyError).toBe(decision.energyError);
      expect(last.energy).toBeCloseTo(-findTarget('banana')!.logDensity(last.x) + kineticEnergy(last.p, new Float64Array(2).fill(1)), 12);
      expect(Array.from(s.after)).toEqual(Array.from(decision.accepted ? last.x : s.before));
      expect(decision.accepted).toBe(decision.logU! < decision.logAlpha!);
      accepted += decision.accepted ? 1 : 0;
    }
    // Both outcomes are exercised over the ten transitions at this step size.
    expect(accepted).toBeGreaterThan(0);
  });

  test('NUTS: subtrees at depths 0..treeDepth−1 in both directions, the sample among the tree\'s points', async () => {
    const { steps } = await explained(configOf('nuts'), 8);
    const directions = new Set<number>();
    for (const s of steps) {
      const trees = ofKind(s.events, 'tree');
      expect(trees.map((t) => t.depth)).toEqual(Array.from({ length: s.info.treeDepth }, (_, k) => k));
      trees.forEach((t) => directions.add(t.direction));
      const last = trees[trees.length - 1];
      // The tree stopped for a reason, or at the depth cap.
      expect(last.uturn || last.turning || last.divergent || s.info.treeDepth === 10).toBe(true);
      const points = [s.before, ...ofKind(s.events, 'leapfrog').map((e) => e.x)];
      expect(points.some((x) => x.every((v, i) => v === s.after[i]))).toBe(true);
      expect(ofKind(s.events, 'leapfrog')).toHaveLength(s.info.gradEvals);
    }
    expect([...directions].sort()).toEqual([-1, 1]);
  });

  for (const id of ['slice', 'hit-and-run', 'elliptical', 'polar-slice']) {
    test(`${id}: the level is under f at the start, the point taken is above it, brackets hold the start`, async () => {
      const { steps } = await explained(configOf(id), 6);
      for (const s of steps) {
        const levels = ofKind(s.events, 'slice-level');
        expect(levels.length).toBeGreaterThan(0);
        for (const l of levels) expect(l.logY).toBeLessThan(l.logF);
        const taken = ofKind(s.events, 'shrink').filter((e) => e.inside);
        // Each accepted proposal is above the level it was drawn under.
        let level = -Infinity;
        for (const e of s.events) {
          if (e.kind === 'slice-level') level = e.logY;
          if (e.kind === 'shrink' && e.inside) expect(e.logF).toBeGreaterThan(level);
          if (e.kind === 'shrink' && !e.inside) expect(e.logF > level).toBe(false);
        }
        if (s.info.accepted) expect(taken.length).toBeGreaterThan(0);
        // Brackets on a line hold the point they were opened around.
        let start = s.before;
        for (const e of s.events) {
          if (e.kind === 'slice-level') start = e.x;
          if (e.kind !== 'interval' || id === 'polar-slice') continue;
          let along = 0;
          let len2 = 0;
          for (let i = 0; i < start.length; i++) {
            along += (start[i] - e.lo[i]) * (e.hi[i] - e.lo[i]);
            len2 += (e.hi[i] - e.lo[i]) ** 2;
          }
          expect(along).toBeGreaterThanOrEqual(-1e-12 * len2);
          expect(along).toBeLessThanOrEqual(len2 * (1 + 1e-12));
        }
      }
    });
  }

  for (const id of ['rwm', 'adaptive-rwm', 'flow-imh']) {
    test(`${id}: the chain moves to the proposal exactly when the decision says so`, async () => {
      const { steps } = await explained(configOf(id), 12);
      const outcomes = new Set<boolean>();
      for (const s of steps) {
        const [proposal] = ofKind(s.events, 'proposal');
        const [decision] = ofKind(s.events, 'decision');
        expect(Array.from(proposal.from)).toEqual(Array.from(s.before));
        expect(Array.from(s.after)).toEqual(Array.from(decision.accepted ? proposal.x : s.before));
        expect(decision.accepted).toBe(decision.logU! < decision.logAlpha!);
        outcomes.add(decision.accepted);
      }
      expect(outcomes.size).toBe(2);
    });
  }

  for (const id of ['ula', 'mala']) {
    test(`${id}: drift = x + (h/2)∇log p(x), noise ends at the proposal`, async () => {
      const config = configOf(id);
      const { steps, runner } = await explained(config, 6);
      const target = findTarget(config.target)!;
      const h = runner.config.params.h;
      for (const s of steps) {
        const [drift] = ofKind(s.events, 'drift');
        const [noise] = ofKind(s.events, 'noise');
        const g = new Float64Array(2);
        target.gradLogDensity(s.before, g);
        expect(drift.h).toBe(h);
        drift.to.forEach((v, i) => expect(Math.abs(v - (s.before[i] + 0.5 * h * g[i]))).toBeLessThan(1e-12));
        expect(Array.from(noise.from)).toEqual(Array.from(drift.to));
        const [decision] = ofKind(s.events, 'decision');
        expect(Array.from(s.after)).toEqual(Array.from(decision.accepted ? noise.to : s.before));
      }
    });
  }

  test('SVGD: one Stein force per particle, each particle moved by ε φ', async () => {
    const { steps, runner } = await explained(configOf('svgd'), 3);
    const eps = runner.config.params.eps;
    for (const s of steps) {
      const { stein, before, after } = s.particles!;
      expect(stein).toHaveLength(EXPLAIN_PARTICLES);
      stein.forEach((e, c) => {
        expect(Array.from(e.from)).toEqual(Array.from(before[c]));
        e.to.forEach((v, i) => expect(v).toBe(e.from[i] + eps * e.phi[i]));
        expect(Array.from(after[c])).toEqual(Array.from(e.to));
      });
    }
  });

  test('flows: the grid is pushed through the trained flow', async () => {
    const { runner } = await explained(configOf('flow-imh'), 1);
    const grid = await runner.flowGrid([0, 1]);
    expect(grid).not.toBeNull();
    expect(grid!.length).toBe(18);
    expect(grid!.every((line) => line.every(Number.isFinite))).toBe(true);
  });
});

describe('the explained chain is the WGSL kernel\'s chain 0', () => {
  let gpu: GpuEngine;
  beforeAll(async () => {
    gpu = await GpuEngine.create(nodeGpu);
  });
  afterAll(() => gpu.dispose());

  for (const sampler of ['rwm', 'mala', 'hmc', 'nuts', 'slice']) {
    test(sampler, async () => {
      // A Gaussian: no steep tails where float32 rounding would grow chaotically along a path.
      const config: ExplainConfig = { target: 'correlated', sampler, seed: 3 };
      const { runner } = await explained(config, 4);
      await gpu.configure({ ...config, chains: 1 });
      gpu.run(4);
      const pos = await gpu.readPositions();
      // WGSL's sin/cos are good to 2^-11, so Box–Muller normals agree to ~5e-4 and four
      // transitions' positions to ~2e-4; a different random number would differ by O(1).
      runner.current()[0].forEach((v, i) => expect(Math.abs(v - pos[i])).toBeLessThan(2e-3));
    });
  }
});
