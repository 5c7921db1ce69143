import { describe, expect, test } from 'vitest';
import { findTarget } from '../../src/targets';
import type { TargetDecl } from '../../src/targets/types';
import { flowForward, initialFlowParams, newTape, type FlowShape } from '../../src/flows/realnvp';
import { CpuFlowTrainer, type AdamSettings } from '../../src/flows/training';
import { HostRandom } from '../../src/rng/host-random';

/*
 * Reverse KL, KL(q‖p), is mode seeking: a flow trained on a multimodal target settles on some
 * modes and drops the others, and the diagnostics computed from the flow's own draws (ELBO,
 * importance-sampling log Z, its SE, the importance weights' ESS) cannot see the dropped mass.
 * The default-shaped flow (6 coupling layers, MLPs 16 wide and 2 deep, batch 512, Adam lr 5e-3),
 * trained by the float64 CPU trainer for 600 steps, then measured on 20,000 flow draws: ELBO ± SE,
 * IS log Z ± SE, IS-ESS, and the flow's mass nearest each mode centre against the target's
 * (truth-2d.json, quadrature). Both targets are normalised: log Z = 0.
 *
 * The remedy tried: tempering during training, the flow trained on p^β with β rising geometrically
 * from 0.1 to 1 over the first 60 % of the steps (p^0.1's modes are √10 times wider and its
 * barriers 10 times lower, so the flow spreads over them before they sharpen). A wider initial
 * base (the flow's final scale ×4, so its first draws cover the eight-modes ring) was also tried
 * and did not help: 0.582/0.417/0.001 on the mixture, one mode of eight.
 *
 * Measured (CPU trainer, 600 steps; SEs from the 20,000 draws):
 *   mixture (true mass .499/.302/.200):
 *     plain     ELBO −0.302 ± 0.003, IS log Z −0.220 ± 0.007, IS-ESS 0.53, mass .575/.425/.000
 *               (IS log Z = log(.499 + .302) = −0.223: the log of the mass the flow covers)
 *     tempered  ELBO −0.110 ± 0.004, IS log Z −0.002 ± 0.003, IS-ESS 0.84, mass .506/.324/.171
 *   eight-modes (true mass 1/8 each):
 *     plain     ELBO −2.161 ± 0.003, IS log Z −2.081 ± 0.004 (log 1/8 = −2.079), IS-ESS 0.77,
 *               all the mass on one mode
 *     tempered  ELBO −1.485 ± 0.010, IS log Z −0.22 ± 0.35, IS-ESS 0.00, mass on five modes
 *               (.310/.129/.007/.014/.540): more modes, but not all, and the IS weights then
 *               have a heavy tail (the ESS does flag this flow)
 * (Earlier, GPU trainer, 1000 steps: mixture ELBO −0.29, IS log Z −0.20 ± 0.02, mass
 * .511/.489/.000; eight-modes on one mode, ELBO −2.08, IS log Z −2.08, IS-ESS 0.97.)
 * Wall time: ~55 s (four trainings of ~13 s on one core).
 */

const SHAPE: FlowShape = { d: 2, layers: 6, width: 16, depth: 2 };
const ADAM: AdamSettings = { lr: 5e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8 };
const BATCH = 512;
const STEPS = 600;
const DRAWS = 20_000;
/** Standard errors in a tolerance (two-sided ~6e-5 for a normal estimate). */
const Z = 4;
/** A mode the flow "holds": at least this share of its draws, by more than Z binomial SEs. */
const HELD = 0.05;
/** A mode the flow "covers" for importance sampling: any share of its draws above this. */
const COVERED = 0.005;

interface Measured {
  elbo: number;
  elboSe: number;
  logZ: number;
  logZSe: number;
  ess: number;
  /** Share of the draws nearest each mode centre. */
  mass: number[];
}

/** Trains the flow on `target`, or on target^β(step) when `beta` is given. */
function train(target: TargetDecl, beta?: (step: number) => number): Float64Array {
  let b = 1;
  const tempered: TargetDecl = {
    ...target,
    logDensity: (x) => b * target.logDensity(x),
    gradLogDensity: (x, g) => {
      const lp = target.gradLogDensity(x, g);
      for (let i = 0; i < g.length; i++) g[i] *= b;
      return b * lp;
    },
  };
  const rng = new HostRandom(1, 0, 'init');
  const trainer = new CpuFlowTrainer(beta ? tempered : target, SHAPE, BATCH, 2, initialFlowParams(SHAPE, () => rng.normal()), ADAM);
  const chunk = 10;
  for (let step = 0; step < STEPS; step += chunk) {
    if (beta) b = beta(step);
    trainer.train(chunk);
  }
  return Float64Array.from(trainer.params);
}

/** β from 0.1 up to 1 geometrically over the first 60 % of the steps, then 1. */
const ramp = (step: number) => Math.min(1, 0.1 * 10 ** (step / (0.6 * STEPS)));

/** The flow's estimates and mode masses from DRAWS fresh float64 draws. */
function measure(target: TargetDecl, params: Float64Array): Measured {
  const { centers } = target.truth(2).modes!;
  const rng = new HostRandom(7, 0, 'init');
  const z = new Float64Array(2);
  const x = new Float64Array(2);
  const tape = newTape(SHAPE);
  const counts = new Array<number>(centers.length).fill(0);
  const logW = new Float64Array(DRAWS);
  for (let n = 0; n < DRAWS; n++) {
    z[0] = rng.normal();
    z[1] = rng.normal();
    const logDet = flowForward(params, SHAPE, z, x, tape);
    const logQ = -0.5 * (z[0] * z[0] + z[1] * z[1]) - Math.log(2 * Math.PI) - logDet;
    logW[n] = target.logDensity(x) - logQ;
    let nearest = 0;
    centers.forEach((c, k) => {
      if (Math.hypot(x[0] - c[0], x[1] - c[1]) < Math.hypot(x[0] - centers[nearest][0], x[1] - centers[nearest][1])) nearest = k;
    });
    counts[nearest]++;
  }
  const elbo = logW.reduce((s, v) => s + v, 0) / DRAWS;
  const elboSe = Math.sqrt(logW.reduce((s, v) => s + (v - elbo) ** 2, 0) / (DRAWS - 1) / DRAWS);
  const max = Math.max(...logW);
  let s1 = 0;
  let s2 = 0;
  for (const l of logW) {
    const w = Math.exp(l - max);
    s1 += w;
    s2 += w * w;
  }
  const meanW = s1 / DRAWS;
  return {
    elbo, elboSe,
    logZ: max + Math.log(meanW),
    // Delta method: sd(w) / (√n · mean w).
    logZSe: Math.sqrt(Math.max(s2 / DRAWS - meanW * meanW, 0) / DRAWS) / meanW,
    ess: (s1 * s1) / (DRAWS * s2),
    mass: counts.map((c) => c / DRAWS),
  };
}

const binomialSe = (p: number) => Math.sqrt((p * (1 - p)) / DRAWS);
/** Modes holding more than HELD of the flow's draws, by more than Z binomial SEs. */
const held = (m: Measured) => m.mass.filter((p) => p - Z * binomialSe(HELD) > HELD).length;

const results = new Map<string, Measured>();
function measured(id: string, tempered: boolean): Measured {
  const key = `${id}/${tempered}`;
  let m = results.get(key);
  if (!m) {
    const target = findTarget(id)!;
    m = measure(target, train(target, tempered ? ramp : undefined));
    const f = (v: number) => v.toFixed(3);
    console.log(`${id}, ${tempered ? 'tempered' : 'plain'}: ELBO ${f(m.elbo)} ± ${f(m.elboSe)}, IS log Z ${f(m.logZ)} ± ${f(m.logZSe)}`,
      `(log Z ${f(target.logZ!(2))}), IS-ESS ${f(m.ess)}, mass ${m.mass.map(f).join('/')} vs ${target.truth(2).modes!.mass.map(f).join('/')}`);
    results.set(key, m);
  }
  return m;
}

describe('reverse-KL flow training is mode seeking (CPU trainer, default flow shape)', () => {
  test.each(['mixture', 'eight-modes'])('%s: ELBO ≤ log Z, the dominant mode held, IS log Z = log(covered mass)', (id) => {
    const target = findTarget(id)!;
    const logZ = target.logZ!(2);
    const truth = target.truth(2).modes!.mass;
    const m = measured(id, false);
    // The ELBO is a lower bound.
    expect(m.elbo).toBeLessThan(logZ + Z * m.elboSe);
    // The flow holds at least the dominant mode's mass (it may hold more: it drops other modes).
    const dominant = truth.indexOf(Math.max(...truth));
    const heaviest = m.mass.indexOf(Math.max(...m.mass));
    expect(m.mass[heaviest]).toBeGreaterThan(truth[dominant] - Z * binomialSe(truth[dominant]));
    // Modes dropped: IS from the flow's own draws estimates the mass it covers, not Z.
    const covered = truth.reduce((s, p, k) => s + (m.mass[k] > COVERED ? p : 0), 0);
    expect(covered).toBeLessThan(1);
    expect(Math.abs(m.logZ - Math.log(covered))).toBeLessThan(Z * m.logZSe);
    expect(logZ - m.logZ).toBeGreaterThan(Z * m.logZSe);
  });

  test('eight-modes: the IS-ESS is high while IS log Z misses log Z by log(8 / modes covered)', () => {
    const m = measured('eight-modes', false);
    const covered = m.mass.filter((p) => p > COVERED).length;
    console.log(`eight-modes, plain: ${covered} of 8 modes covered; IS log Z − log Z = ${m.logZ.toFixed(3)} ± ${m.logZSe.toFixed(3)},`,
      `log(${covered}/8) = ${Math.log(covered / 8).toFixed(3)}, IS-ESS ${m.ess.toFixed(3)}`);
    expect(covered).toBeLessThan(8);
    // By the weights alone the flow looks like a good importance sampler ...
    expect(m.ess).toBeGreaterThan(0.5);
    // ... while its log Z is off by the log of the share of modes it covers.
    expect(Math.abs(m.logZ - Math.log(covered / 8))).toBeLessThan(Z * m.logZSe);
  });

  test.each(['mixture', 'eight-modes'])('%s: tempering during training holds more modes and raises the ELBO', (id) => {
    const target = findTarget(id)!;
    const plain = measured(id, false);
    const tempered = measured(id, true);
    console.log(`${id}: modes holding ≥ ${HELD * 100} % of the mass: plain ${held(plain)}, tempered ${held(tempered)};`,
      `ELBO gap to log Z: plain ${(target.logZ!(2) - plain.elbo).toFixed(3)}, tempered ${(target.logZ!(2) - tempered.elbo).toFixed(3)}`);
    expect(held(tempered)).toBeGreaterThan(held(plain));
    expect(tempered.elbo - plain.elbo).toBeGreaterThan(Z * Math.hypot(tempered.elboSe, plain.elboSe));
    expect(tempered.elbo).toBeLessThan(target.logZ!(2) + Z * tempered.elboSe);
  });
});
