import { noInfo, type CpuScratch, type SamplerDecl } from './types';
import type { TargetDecl } from '../targets/types';
import type { RngStream } from '../rng/stream';
import { bounded, ENERGY_CAP, kineticEnergy, leapfrog, MAX_ENERGY_ERROR, scaleMomentum } from './hamiltonian';
import { copy, type TransitionProbe } from './probe';
import { ADAPT_METRIC, targetAccept, WARMUP } from './warmup-params';
import hamiltonianWgsl from '../../shaders/samplers/lib_hamiltonian.wgsl?raw';
import wgsl from '../../shaders/samplers/nuts.wgsl?raw';

const params = {
  eps: {
    label: 'Step size ε', type: 'f32', default: 0.25, min: 0, minExclusive: true, max: 10,
    doc: 'Leapfrog step size: the tree doubles until the trajectory turns, so smaller steps cost more gradients.',
  },
  maxDepth: {
    label: 'Max tree depth', unit: 'doublings', type: 'u32', default: 10, min: 1, max: 12,
    doc: 'Most doublings per transition: at most 2^depth − 1 leapfrog steps; each level keeps two d-vectors of checkpoints per chain.',
  },
  warmup: WARMUP,
  targetAccept: targetAccept(0.9),
  adaptMetric: ADAPT_METRIC,
} as const;

/** One subtree's summary (the WGSL `Subtree`). */
interface Subtree {
  logW: number;
  lp: number;
  h: number;
  steps: number;
  acceptSum: number;
  divergent: boolean;
  turning: boolean;
}

/** The trajectory's ends, sums and the subtree's proposal: function-scope arrays in the WGSL. */
interface Work {
  qEnd: Float64Array; pEnd: Float64Array; gEnd: Float64Array;
  qOther: Float64Array; pOther: Float64Array; gOther: Float64Array;
  rho: Float64Array; rhoSub: Float64Array; qProp: Float64Array; gProp: Float64Array;
}

// Allocated once per engine scratch (the engine allocates that once per run).
const works = new WeakMap<CpuScratch, Work>();
function workOf(scratch: CpuScratch, d: number): Work {
  let w = works.get(scratch);
  if (!w) {
    const v = () => new Float64Array(d);
    w = { qEnd: v(), pEnd: v(), gEnd: v(), qOther: v(), pOther: v(), gOther: v(), rho: v(), rhoSub: v(), qProp: v(), gProp: v() };
    works.set(scratch, w);
  }
  return w;
}

function popcount(n: number): number {
  let c = 0;
  for (let m = n; m !== 0; m &= m - 1) c++;
  return c;
}

const trailingOnes = (n: number) => 31 - Math.clz32(~n & (n + 1));

function logSumExp2(a: number, b: number): number {
  const m = Math.max(a, b);
  if (m === -Infinity) return m;
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}

function turning(pA: Float64Array, pB: Float64Array, rho: Float64Array, invMass: Float64Array): boolean {
  let a = 0;
  let b = 0;
  for (let i = 0; i < rho.length; i++) {
    a += invMass[i] * pA[i] * rho[i];
    b += invMass[i] * pB[i] * rho[i];
  }
  return a <= 0 || b <= 0;
}

/** The WGSL `build_subtree`: 2^depth leapfrog steps from the end (q, p, g), checkpoints in `aux`. */
function buildSubtree(
  target: TargetDecl, q: Float64Array, p: Float64Array, g: Float64Array, w: Work,
  eps: number, depth: number, h0: number, rng: RngStream, four: Float64Array,
  aux: Float64Array, maxDepth: number, invMass: Float64Array, probe?: TransitionProbe,
): Subtree {
  const d = q.length;
  const t: Subtree = { logW: -Infinity, lp: 0, h: 0, steps: 0, acceptSum: 0, divergent: false, turning: false };
  const rho = w.rhoSub;
  rho.fill(0);
  const leaves = 1 << depth;
  for (let n = 0; n < leaves; n++) {
    if ((n & 3) === 0) rng.uniform4(four);
    const lp = leapfrog(target, q, p, g, eps, invMass);
    t.steps++;
    const h = -lp + kineticEnergy(p, invMass);
    const dh = h - h0;
    probe?.({ kind: 'leapfrog', x: copy(q), p: copy(p), energy: h, step: t.steps, steps: leaves, depth, direction: Math.sign(eps) });
    if (!Number.isFinite(dh) || dh > MAX_ENERGY_ERROR) {
      t.divergent = true;
      return t;
    }
    t.acceptSum += Math.min(1, Math.exp(-dh));
    t.logW = logSumExp2(t.logW, -dh);
    if (Math.log(four[n & 3]) < -dh - t.logW) {
      w.qProp.set(q);
      w.gProp.set(g);
      t.lp = lp;
      t.h = h;
    }
    for (let i = 0; i < d; i++) rho[i] += p[i];
    if ((n & 1) === 0) {
      const k = popcount(n);
      aux.set(p, k * d);
      aux.set(rho, (maxDepth + k) * d);
    } else {
      const top = popcount(n >> 1);
      const spans = trailingOnes(n);
      for (let j = 0; j < spans; j++) {
        const k = top - j;
        let a = 0;
        let b = 0;
        for (let i = 0; i < d; i++) {
          const pFirst = aux[k * d + i];
          const r = rho[i] - aux[(maxDepth + k) * d + i] + pFirst;
          a += invMass[i] * pFirst * r;
          b += invMass[i] * p[i] * r;
        }
        if (a <= 0 || b <= 0) {
          t.turning = true;
          return t;
        }
      }
    }
  }
  return t;
}

/** Multinomial NUTS with the generalised U-turn criterion (Betancourt 2017), iterative as in
 * NumPyro; the algorithm and its draw order are described in shaders/samplers/nuts.wgsl. */
export const nuts: SamplerDecl<typeof params> = {
  id: 'nuts',
  name: 'No-U-Turn Sampler (NUTS)',
  family: 'hamiltonian',
  description: 'Double a leapfrog trajectory in random directions until it turns back, then draw a point from it by energy.',
  testing: { caseFor: (t) => ({ params: { eps: t.moveScale.eps, maxDepth: 6 }, minAccept: 0.05 }) },
  params,
  wgsl: hamiltonianWgsl + wgsl,
  usesGradient: true,
  reports: ['accepted', 'gradEvals', 'divergent', 'acceptProb', 'energy', 'energyError', 'treeDepth'],
  adapt: { step: 'eps', metric: 'diagonal' },
  aux: { vectors: (p) => 2 * p.maxDepth, momentum: false },
  cpuStep(s, { target, params: p, rng, scratch, aux, tuning, probe }) {
    const { invMass } = tuning;
    const four = scratch.four;
    const w = workOf(scratch, s.x.length);
    let { qEnd, pEnd, gEnd, qOther, pOther, gOther } = w;
    const rho = w.rho;
    const info = noInfo();
    qEnd.set(s.x);
    gEnd.set(s.g);
    rng.normalsThenUniform(pEnd, four);
    scaleMomentum(pEnd, invMass);
    qOther.set(qEnd);
    pOther.set(pEnd);
    gOther.set(gEnd);
    let dir = 1;
    rho.set(pEnd);
    const h0 = -s.logp + kineticEnergy(pEnd, invMass);
    probe?.({ kind: 'momentum', x: copy(qEnd), p: copy(pEnd), energy: h0 });
    let h = h0;
    let logW = 0;
    let depth = 0;
    let steps = 0;
    let acceptSum = 0;
    while (depth < p.maxDepth) {
      rng.uniform4(four);
      const uMerge = four[1];
      if ((four[0] < 0.5) !== (dir > 0)) {
        dir = -dir;
        [qEnd, qOther] = [qOther, qEnd];
        [pEnd, pOther] = [pOther, pEnd];
        [gEnd, gOther] = [gOther, gEnd];
      }
      const t = buildSubtree(target, qEnd, pEnd, gEnd, w, dir * p.eps, depth, h0, rng, four, aux, p.maxDepth, invMass, probe);
      const built = depth;
      depth++;
      steps += t.steps;
      acceptSum += t.acceptSum;
      let merged = false;
      let uturn = false;
      if (!t.divergent && !t.turning) {
        if (Math.log(uMerge) < t.logW - logW) {
          s.x.set(w.qProp);
          s.g.set(w.gProp);
          s.logp = t.lp;
          h = t.h;
          info.accepted = 1;
          merged = true;
        }
        logW = logSumExp2(logW, t.logW);
        for (let i = 0; i < rho.length; i++) rho[i] += w.rhoSub[i];
        uturn = turning(pOther, pEnd, rho, invMass);
      }
      probe?.({
        kind: 'tree', depth: built, direction: dir, accepted: merged, turning: t.turning, uturn, divergent: t.divergent, x: copy(s.x),
      });
      if (t.divergent) {
        info.divergent = 1;
        break;
      }
      if (t.turning || uturn) break;
    }
    info.gradEvals = steps;
    info.treeDepth = depth;
    info.acceptProb = acceptSum / steps;
    info.energy = bounded(h, ENERGY_CAP);
    info.energyError = bounded(h - h0, ENERGY_CAP);
    return info;
  },
};
