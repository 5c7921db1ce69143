import { afterAll, describe, expect, test } from 'vitest';
import { TARGETS } from '../../src/targets';
import type { TargetDecl } from '../../src/targets/types';
import { initialPositions } from '../../src/engine/init-state';
import { defaultParams } from '../../src/engine/params';
import { defaultTuning } from '../../src/engine/tuning';
import { RngStream, seedKey, UniformPool } from '../../src/rng/stream';
import type { CpuChainState, SamplerDecl, TuningState } from '../../src/samplers/types';
import { noInfo } from '../../src/samplers/types';
import { rwm } from '../../src/samplers/rwm';
import { mala } from '../../src/samplers/mala';
import { hmc } from '../../src/samplers/hmc';
import { nuts } from '../../src/samplers/nuts';
import { slice } from '../../src/samplers/slice-coordinate';
import { elliptical } from '../../src/samplers/elliptical';
import { flowImh } from '../../src/samplers/flow-imh';
import { langevinLogQ, langevinProposal } from '../../src/samplers/langevin';
import { mhAccept } from '../../src/samplers/metropolis';
import { lineInSlice, sliceSettings, type Line, type SliceResult, type SliceSettings } from '../../src/samplers/slice';
import { flowShapeOf } from '../../src/flows/params';
import { affineFlowParams, flowForward, flowInverse, logBaseDensity, newTape } from '../../src/flows/realnvp';
import { compareSamples, STATIONARITY } from '../support/stationarity';

/**
 * Negative controls, one per sampler family: a deliberately broken twin of each sampler must FAIL
 * the stationarity check that the real sampler PASSES, on the same target, seed, chains and
 * transitions (CPU reference, float64). As in tests/statistical/stationarity.test.ts: N chains start at exact
 * draws, take K transitions, and their final states are compared with N fresh exact draws by
 * compareSamples (z of means and variances, two-sample KS per marginal, Bonferroni at family-wise
 * α = 0.001). A correct kernel keeps the law; each broken one drifts away from it.
 *
 * Every broken twin reuses the real sampler or its building blocks with ONE change, made through
 * the smallest seam available:
 *  - an RngStream that hands the real cpuStep altered draws (RWM, HMC, NUTS, elliptical slice), so
 *    the real code runs unchanged and only one of its inputs is wrong;
 *  - where the wrong line sits inside a cpuStep with no seam (MALA, flow-IMH, coordinate slice), a
 *    short re-composition of the real building blocks with a `broken` switch. With the switch off
 *    it must reproduce the real sampler bit for bit (checked on a subset of chains), which shows
 *    that the switch is the only difference.
 */

const { chains: N, transitions: K } = STATIONARITY;
const SEED = 11;
/** Fidelity checks (switch off ≡ the real sampler) run on this many chains. */
const N_FIDELITY = 256;

const targetOf = (id: string) => TARGETS.find((t) => t.id === id)!;

interface Variant {
  readonly sampler: SamplerDecl;
  readonly params?: Record<string, number>;
  readonly tuning?: TuningState;
  /** The stream handed to cpuStep (default: the real RngStream). */
  readonly rng?: (key: [number, number]) => RngStream;
}

/** K transitions of `v` on each chain from coordinate-major `starts`, driven as
 * CpuEngine.transitions drives them (rng.reset(chain, iteration) before each cpuStep, ∇log p cached
 * in the state, per-chain aux vectors zeroed at the start). Returns the final positions. */
function runChains(target: TargetDecl, d: number, v: Variant, starts: Float64Array, steps: number, seed: number): Float64Array {
  const n = starts.length / d;
  const params = { ...defaultParams(v.sampler.params), ...v.params } as never;
  const tuning = v.tuning ?? defaultTuning(d, false);
  const state: CpuChainState = { x: new Float64Array(d), g: new Float64Array(d), logp: 0 };
  const scratch = { a: new Float64Array(d), b: new Float64Array(d), c: new Float64Array(d), four: new Float64Array(4) };
  const key = seedKey(seed);
  const rng = v.rng ? v.rng(key) : new RngStream(key, 0, 0);
  const aux = new Float64Array((v.sampler.aux?.vectors(params) ?? 0) * d);
  const out = new Float64Array(d * n);
  for (let c = 0; c < n; c++) {
    for (let i = 0; i < d; i++) state.x[i] = starts[i * n + c];
    state.logp = target.gradLogDensity(state.x, state.g);
    aux.fill(0);
    for (let k = 0; k < steps; k++) {
      rng.reset(c, k);
      v.sampler.cpuStep(state, { target, params, rng, scratch, aux, tuning, iteration: k });
    }
    for (let i = 0; i < d; i++) out[i * n + c] = state.x[i];
  }
  return out;
}

interface Row { family: string; variant: string; check: string; value: number; critical: number; verdict: string }
const rows: Row[] = [];

/** The stationarity check of one variant; records its most extreme statistic (relative to its
 * critical value) in the table. */
function stationarity(family: string, variant: string, target: TargetDecl, d: number, v: Variant, steps: number = K) {
  const starts = initialPositions(target, d, N, SEED, 'exact');
  const after = runChains(target, d, v, starts, steps, SEED);
  const fresh = initialPositions(target, d, N, 99, 'exact');
  const result = compareSamples(after, fresh, d, [...Array(d).keys()]);
  const worst = result.checks.reduce((a, b) => (b.value / b.critical > a.value / a.critical ? b : a));
  rows.push({
    family, variant, check: worst.name, value: worst.value, critical: worst.critical,
    verdict: result.failures.length === 0 ? 'pass' : `FAIL (${result.failures.length}/${result.checks.length})`,
  });
  return result;
}

/** The real sampler passes and its broken twin fails, same target, seed, chains, transitions. */
function control(family: string, targetId: string, real: Variant, broken: Variant, brokenName: string, steps: number = K) {
  const target = targetOf(targetId);
  const d = 2;
  const ok = stationarity(family, `${real.sampler.id} (real) on ${targetId}`, target, d, real, steps);
  const bad = stationarity(family, `${brokenName} on ${targetId}`, target, d, broken, steps);
  expect(ok.failures).toEqual([]);
  expect(bad.failures.length).toBeGreaterThan(0);
}

/** With its switch off, a re-composed twin is the real sampler: identical final states. */
function expectSameAsReal(targetId: string, real: Variant, twin: Variant) {
  const target = targetOf(targetId);
  const starts = initialPositions(target, 2, N_FIDELITY, SEED, 'exact');
  expect(runChains(target, 2, twin, starts, K, SEED)).toEqual(runChains(target, 2, real, starts, K, SEED));
}

// ---------------------------------------------------------------------------------------------
// Streams that alter one kind of draw and pass everything else through unchanged.

/** The standard normals of every `normalsThenUniform` call mapped by `f` (the uniform it returns
 * is untouched). In RWM, HMC and elliptical slice that call draws the proposal noise, the momentum
 * and ν respectively, plus the accept/slice-level uniform. */
class MappedNormals extends RngStream {
  constructor(key: [number, number], private readonly f: (z: number) => number) { super(key, 0, 0); }
  override normalsThenUniform(out: Float64Array, u: Float64Array): number {
    const r = super.normalsThenUniform(out, u);
    for (let i = 0; i < out.length; i++) out[i] = this.f(out[i]);
    return r;
  }
}

/**
 * NUTS's merge uniform forced to 0. nuts.ts draws, per transition: the momentum
 * (normalsThenUniform), then per doubling of depth j one uniform4 block in the outer loop
 * (four[0]: direction, four[1]: uMerge) followed by ⌈2^j / 4⌉ blocks inside buildSubtree; a
 * subtree that stops early ends the transition. Setting uMerge = 0 turns the line
 *   `if (Math.log(uMerge) < t.logW - logW)`   (biased progressive sampling, Betancourt 2017 A.3.2)
 * into `if (true)`: every valid new subtree replaces the proposal, whatever its weight.
 */
class AlwaysMergeNuts extends RngStream {
  private inMomentum = false;
  private leafBlocks = 0;
  /** Outer blocks seen since the last reset: NUTS's tree depth if the schedule above is right. */
  depth = 0;
  constructor(key: [number, number]) { super(key, 0, 0); }
  override reset(chain: number, iteration: number): this {
    this.leafBlocks = 0;
    this.depth = 0;
    return super.reset(chain, iteration);
  }
  override normalsThenUniform(out: Float64Array, u: Float64Array): number {
    this.inMomentum = true;
    const r = super.normalsThenUniform(out, u);
    this.inMomentum = false;
    return r;
  }
  override uniform4(out: Float64Array): Float64Array {
    super.uniform4(out);
    if (this.inMomentum) return out;
    if (this.leafBlocks > 0) {
      this.leafBlocks--;
    } else {
      out[1] = 0;
      this.leafBlocks = Math.ceil((1 << this.depth) / 4);
      this.depth++;
    }
    return out;
  }
}

// ---------------------------------------------------------------------------------------------
// Re-composed twins (the wrong line has no seam in the real cpuStep).

/** mala.ts → langevin.ts `malaStep`, re-composed from its building blocks. Broken: the line
 *   `const logAlpha = lp - s.logp + langevinLogQ(s.x, y, gy, …) - langevinLogQ(y, s.x, s.g, …);`
 * loses its proposal ratio log q(x|y) − log q(y|x), as if the Langevin proposal were symmetric. */
function malaTwin(broken: boolean): SamplerDecl {
  return {
    ...mala,
    id: broken ? 'mala-no-ratio' : 'mala-twin',
    cpuStep(s, { target, params, rng, scratch, tuning }) {
      const h = (params as { h: number }).h;
      const y = scratch.a;
      const gy = scratch.b;
      const u = rng.normalsThenUniform(y, scratch.four);
      langevinProposal(s.x, s.g, y, h, tuning.invMass);
      const lp = target.gradLogDensity(y, gy);
      const ratio = broken ? 0 : langevinLogQ(s.x, y, gy, h, tuning.invMass) - langevinLogQ(y, s.x, s.g, h, tuning.invMass);
      return mhAccept(s, y, gy, lp, lp - s.logp + ratio, u);
    },
  } as SamplerDecl;
}

/** flow-imh.ts `cpuStep` (h = 0: no local MALA step), re-composed. Broken: the line
 *   `mhAccept(s, w.y, w.gy, lp, lp - s.logp + logQCur - logQNew, u)`
 * loses logQCur − logQNew, i.e. the independence proposal is accepted as if it were symmetric. */
function flowImhTwin(broken: boolean): SamplerDecl {
  const works = new Map<number, { tape: ReturnType<typeof newTape>; y: Float64Array; gy: Float64Array; zCur: Float64Array }>();
  return {
    ...flowImh,
    id: broken ? 'flow-imh-no-logq' : 'flow-imh-twin',
    cpuStep(s, { target, params, rng, scratch, tuning }) {
      const d = s.x.length;
      const shape = flowShapeOf(params as never, d);
      let w = works.get(d);
      if (!w) works.set(d, (w = { tape: newTape(shape), y: new Float64Array(d), gy: new Float64Array(d), zCur: new Float64Array(d) }));
      const flow = tuning.flow!;
      const z = scratch.a;
      const u = rng.normalsThenUniform(z, scratch.four);
      const logQNew = logBaseDensity(z) - flowForward(flow, shape, z, w.y, w.tape);
      const logDetCur = flowInverse(flow, shape, s.x, w.zCur, w.tape);
      const logQCur = logBaseDensity(w.zCur) - logDetCur;
      const lp = target.gradLogDensity(w.y, w.gy);
      return mhAccept(s, w.y, w.gy, lp, broken ? lp - s.logp : lp - s.logp + logQCur - logQNew, u);
    },
  } as SamplerDecl;
}

/** slice.ts `sliceAlong`, stepping-out branch (no doubling, no probe), re-composed from
 * `lineInSlice`. Broken ('unsplit'): the line
 *   `let j = Math.min(Math.floor(pool.next() * s.maxSteps), s.maxSteps - 1);`
 * gives the whole stepping-out budget to the left end (j = m − 1, k = 0) instead of splitting it
 * at random (Neal 2003, fig. 3), so the bracket is not randomly placed around x: it grows to the
 * left only, and the interval x would get is not the interval its successor would get. (The
 * uniform is still drawn, so the stream stays aligned with the real sampler.) */
function sliceAlongTwin(line: Line, t0: number, logP0: number, logY: number, s: SliceSettings, pool: UniformPool, broken: SliceBug): SliceResult {
  let lo = t0 - s.w * pool.next();
  let hi = lo + s.w;
  const u1 = pool.next();
  let j = broken === 'unsplit' ? s.maxSteps - 1 : Math.min(Math.floor(u1 * s.maxSteps), s.maxSteps - 1);
  let k = s.maxSteps - 1 - j;
  while (j > 0 && lineInSlice(line, lo, logY)) { lo -= s.w; j--; }
  while (k > 0 && lineInSlice(line, hi, logY)) { hi += s.w; k--; }
  for (let n = 0; n < s.maxShrink; n++) {
    const t1 = lo + pool.next() * (hi - lo);
    if (lineInSlice(line, t1, logY)) return { t: t1, logP: line.logP, capped: false };
    if (t1 < t0) lo = t1;
    else hi = t1;
  }
  return { t: t0, logP: logP0, capped: true };
}

/** slice-coordinate.ts `cpuStep` with sliceAlongTwin in place of sliceAlong. */
type SliceBug = 'none' | 'unsplit';
function sliceTwin(broken: SliceBug): SamplerDecl {
  return {
    ...slice,
    id: `slice-${broken}`,
    cpuStep(s, { target, params, rng, scratch }) {
      const settings = sliceSettings(params as never);
      const pool = new UniformPool(rng);
      const dir = scratch.a.fill(0);
      const line: Line = { target, base: s.x, dir, radial: false, point: scratch.b, evals: 0, logP: 0 };
      let capped = false;
      for (let i = 0; i < s.x.length; i++) {
        dir[i] = 1;
        const logY = s.logp + Math.log(pool.next());
        const r = sliceAlongTwin(line, 0, s.logp, logY, settings, pool, broken);
        dir[i] = 0;
        s.x[i] += r.t;
        s.logp = r.logP;
        capped ||= r.capped;
      }
      const info = noInfo();
      info.densityEvals = line.evals;
      info.capped = capped ? 1 : 0;
      info.accepted = 1 - info.capped;
      return info;
    },
  } as SamplerDecl;
}

/** A fixed flow, no training: q = N(shift, e^(2 logScale) I) (affineFlowParams). */
function fixedFlow(params: Record<string, number>, d: number, shift: number, logScale: number): TuningState {
  const shape = flowShapeOf({ ...defaultParams(flowImh.params), ...params } as never, d);
  return { ...defaultTuning(d, false), flow: affineFlowParams(shape, shift, logScale) };
}

// ---------------------------------------------------------------------------------------------

describe('negative controls: a broken twin fails the stationarity check its real sampler passes', () => {
  afterAll(() => {
    const fmt = (r: Row) => [r.family.padEnd(11), r.variant.padEnd(50), r.check.padEnd(8), r.value.toFixed(3).padStart(8), r.critical.toFixed(3).padStart(8), r.verdict].join('  ');
    console.log([
      `negative controls: ${N} chains from exact draws, compareSamples vs ${N} fresh exact draws (α = 0.001, Bonferroni); worst check shown (|z| for mean/var, D for ks)`,
      ['family'.padEnd(11), 'variant'.padEnd(50), 'check'.padEnd(8), 'value'.padStart(8), 'critical'.padStart(8), 'verdict'].join('  '),
      ...rows.map(fmt),
    ].join('\n'));
  });

  test('baseline: RWM with an asymmetric proposal (noise mean 0.3σ, accepted as symmetric)', () => {
    const params = { sigma: 1 };
    control('baseline', 'gaussian',
      { sampler: rwm, params },
      // Breaks rwm.ts `y[i] = s.x[i] + p.sigma * y[i]`: the noise is N(0.3, 1), the accept step
      // still min(1, p(y)/p(x)).
      { sampler: rwm, params, rng: (key) => new MappedNormals(key, (z) => z + 0.3) }, 'rwm, drifting proposal');
  });

  test('langevin: MALA without the proposal ratio q(x|y)/q(y|x)', () => {
    const params = { h: 1 };
    expectSameAsReal('gaussian', { sampler: mala, params }, { sampler: malaTwin(false), params });
    control('langevin', 'gaussian', { sampler: mala, params }, { sampler: malaTwin(true), params }, 'mala, no proposal ratio');
  });

  test('hamiltonian: HMC whose kinetic energy has the wrong mass (p ~ N(0, 1.5² M), K = ½ pᵀM⁻¹p)', () => {
    const params = { eps: 0.3, L: 5, jitter: 0.2 };
    control('hamiltonian', 'gaussian',
      { sampler: hmc, params },
      // Breaks hmc.ts `scaleMomentum(mom, invMass)`: the momentum is drawn with mass 2.25·M while
      // leapfrog and kineticEnergy keep M, so H is not the energy of the momentum law.
      { sampler: hmc, params, rng: (key) => new MappedNormals(key, (z) => 1.5 * z) }, 'hmc, momentum mass ≠ energy mass');
  });

  // Always taking the new subtree weights a point by w(z')/W(half without the start) instead of
  // w(z')/W(whole tree): wrong only as far as the two halves' weights differ, i.e. by the energy
  // error. A large step (ε = 1.6, still stable on N(0, I)) makes that error, and the bias, large.
  test('hamiltonian: NUTS whose progressive sampling always takes the new subtree', () => {
    const params = { eps: 1.6, maxDepth: 6 };
    // The stream tampers only the outer blocks: its count of them is the tree depth NUTS reports.
    const target = targetOf('gaussian');
    const starts = initialPositions(target, 2, N_FIDELITY, SEED, 'exact');
    const rng = new AlwaysMergeNuts(seedKey(SEED));
    const state: CpuChainState = { x: new Float64Array(2), g: new Float64Array(2), logp: 0 };
    const scratch = { a: new Float64Array(2), b: new Float64Array(2), c: new Float64Array(2), four: new Float64Array(4) };
    const values = { ...defaultParams(nuts.params), ...params };
    const aux = new Float64Array(nuts.aux!.vectors(values) * 2);
    let depths = 0;
    for (let c = 0; c < N_FIDELITY; c++) {
      state.x[0] = starts[c];
      state.x[1] = starts[N_FIDELITY + c];
      state.logp = target.gradLogDensity(state.x, state.g);
      for (let k = 0; k < K; k++) {
        rng.reset(c, k);
        const info = nuts.cpuStep(state, { target, params: values, rng, scratch, aux, tuning: defaultTuning(2, false), iteration: k });
        expect(rng.depth).toBe(info.treeDepth);
        depths += info.treeDepth;
      }
    }
    expect(depths / (N_FIDELITY * K)).toBeGreaterThan(1);
    control('hamiltonian', 'gaussian',
      { sampler: nuts, params },
      { sampler: nuts, params, rng: (key) => new AlwaysMergeNuts(key) }, 'nuts, always the new subtree');
  });

  test('slice: coordinate-wise slice whose stepping-out budget is not split at random', () => {
    const params = { w: 1, maxSteps: 32 };
    expectSameAsReal('gaussian', { sampler: slice, params }, { sampler: sliceTwin('none'), params });
    control('slice', 'gaussian', { sampler: slice, params }, { sampler: sliceTwin('unsplit'), params }, 'slice, stepping-out all to the left', 5);
  });

  test('slice: elliptical slice whose ν is not drawn from the prior (scale s dropped)', () => {
    const params = { s: 2 };
    control('slice', 'gaussian',
      { sampler: elliptical, params },
      // Breaks elliptical.ts `nu[i] *= std[i]`: ν ~ N(0, I) while the likelihood still divides by
      // the N(0, s²I) prior.
      { sampler: elliptical, params, rng: (key) => new MappedNormals(key, (z) => z / params.s) }, 'elliptical, ν without prior scale');
  });

  test('flow: flow-IMH without log q in the acceptance (fixed flow q = N(0.5, 1.5²), no training)', () => {
    const params = { flowLayers: 1, flowWidth: 2, flowDepth: 1, trainIterations: 0, h: 0 };
    const tuning = fixedFlow(params, 2, 0.5, Math.log(1.5));
    expectSameAsReal('gaussian', { sampler: flowImh, params, tuning }, { sampler: flowImhTwin(false), params, tuning });
    control('flow', 'gaussian', { sampler: flowImh, params, tuning }, { sampler: flowImhTwin(true), params, tuning }, 'flow-imh, no log q');
  });
});
