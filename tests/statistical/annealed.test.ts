import { beforeAll, describe, expect, test } from 'vitest';
import { findTarget } from '../../src/targets';
import type { TargetDecl } from '../../src/targets/types';
import { HostRandom } from '../../src/rng/host-random';
import { wgslPrelude } from '../../src/engine/compose';
import type { RunConfig } from '../../src/engine/types';
import { normalCdf } from '../support/stats';
import { runKernel } from '../support/kernel';
import { testDevice } from '../support/gpu';
import { engineOf, STATISTICAL_ENGINES } from '../support/engines';

// ---------------------------------------------------------------------------------------------
// The Gaussian-smoothed score: log p_s(x) = log ∫ p(z) N(x − z; 0, s²I) dz, p = exp(logDensity).

const SMOOTHED = ['mixture', 'eight-modes', 'mixture-nd'].map((id) => findTarget(id)!);
/** s² from none to wider than every target. */
const S2 = [0, 0.0025, 0.09, 1, 25].map(Math.fround);

/** log p_s(x) at d = 2 by trapezoid quadrature over z ∈ [-10, 10]², cut to x ± 10s, with a step a
 * fifth of the integrand's narrowest scale (min(s, 0.3): the eight modes' sd is 0.3, the mixture's
 * narrowest direction 0.42). Both factors are Gaussian bumps negligible at the edges, so the
 * trapezoid error is of order e^(−2π²·25), and what lies outside the box is below 1e-12 of p_s. */
function smoothedByQuadrature(t: TargetDecl, x: Float64Array, s2: number): number {
  const s = Math.sqrt(s2);
  const h = Math.min(s, 0.3) / 5;
  const lo = [0, 1].map((i) => Math.max(-10, x[i] - 10 * s));
  const hi = [0, 1].map((i) => Math.min(10, x[i] + 10 * s));
  const n = [0, 1].map((i) => Math.ceil((hi[i] - lo[i]) / h));
  const z = new Float64Array(2);
  let sum = 0;
  for (let a = 0; a <= n[0]; a++) {
    z[0] = lo[0] + ((hi[0] - lo[0]) * a) / n[0];
    const wa = a === 0 || a === n[0] ? 0.5 : 1;
    for (let b = 0; b <= n[1]; b++) {
      z[1] = lo[1] + ((hi[1] - lo[1]) * b) / n[1];
      const wb = b === 0 || b === n[1] ? 0.5 : 1;
      const r2 = (x[0] - z[0]) ** 2 + (x[1] - z[1]) ** 2;
      sum += wa * wb * Math.exp(t.logDensity(z) - r2 / (2 * s2));
    }
  }
  const cell = ((hi[0] - lo[0]) / n[0]) * ((hi[1] - lo[1]) / n[1]);
  return Math.log((sum * cell) / (2 * Math.PI * s2));
}

/** Test points: draws from p_s (an exact draw plus s·z), and points anywhere in the view box. */
function smoothedPoints(t: TargetDecl, d: number, s2: number, n: number): Float64Array[] {
  return Array.from({ length: n }, (_, i) => {
    const rng = new HostRandom(31, i, 'exact');
    const x = new Float64Array(d);
    t.exact!(rng, x);
    for (let j = 0; j < d; j++) x[j] += Math.sqrt(s2) * rng.normal();
    if (i % 3 === 2) {
      const [x0, x1, y0, y1] = t.viewBox;
      x[0] = x0 + (x1 - x0) * rng.uniform();
      x[1] = y0 + (y1 - y0) * rng.uniform();
    }
    return x.map(Math.fround);
  });
}

describe('Gaussian-smoothed score (TypeScript)', () => {
  test.each(SMOOTHED.map((t) => [t.id, t] as const))('%s: log p_s matches quadrature of p * N(0, s²I) at d = 2', (_id, t) => {
    for (const s2 of S2.filter((v) => v > 0)) {
      for (const x of smoothedPoints(t, 2, s2, 6)) {
        const lp = t.smoothedGradLogDensity!(x, s2, new Float64Array(2));
        const q = smoothedByQuadrature(t, x, s2);
        expect(Math.abs(lp - q), `${t.id} s² = ${s2} at (${x[0]}, ${x[1]}): ${lp} vs ${q}`).toBeLessThan(1e-8 * (1 + Math.abs(q)));
      }
    }
  });

  // mixture-nd beyond d = 2, where quadrature is out of reach: the closed form written out
  // independently, ½ N(+μ, (1 + s²)I) + ½ N(−μ, (1 + s²)I) scaled by the target's (2π)^(d/2).
  test.each([7, 100])('mixture-nd: log p_s is the two-Gaussian mixture with variance 1 + s² at d = %i', (d) => {
    const t = findTarget('mixture-nd')!;
    const mu = 3 / Math.sqrt(d);
    for (const s2 of S2) {
      const v = 1 + s2;
      for (const x of smoothedPoints(t, d, s2, 6)) {
        let qp = 0;
        let qm = 0;
        for (const xi of x) {
          qp += (xi - mu) ** 2;
          qm += (xi + mu) ** 2;
        }
        const logN = (q: number) => -q / (2 * v) - (d / 2) * Math.log(2 * Math.PI * v);
        const m = Math.max(logN(qp), logN(qm));
        const ref = m + Math.log(0.5 * Math.exp(logN(qp) - m) + 0.5 * Math.exp(logN(qm) - m)) + (d / 2) * Math.log(2 * Math.PI);
        const lp = t.smoothedGradLogDensity!(x, s2, new Float64Array(d));
        expect(Math.abs(lp - ref), `s² = ${s2}`).toBeLessThan(1e-10 * (1 + Math.abs(ref)));
      }
    }
  });

  test.each(SMOOTHED.map((t) => [t.id, t] as const))('%s: the score matches central differences of log p_s; s² = 0 is the target', (_id, t) => {
    const d = t.dimension.kind === 'fixed' ? t.dimension.d : 7;
    const g = new Float64Array(d);
    const g0 = new Float64Array(d);
    const scratch = new Float64Array(d);
    const xh = new Float64Array(d);
    for (const s2 of S2) {
      for (const x of smoothedPoints(t, d, s2, 9)) {
        const lp = t.smoothedGradLogDensity!(x, s2, g);
        if (s2 === 0) {
          expect(lp).toBe(t.gradLogDensity(x, g0));
          expect(Array.from(g)).toEqual(Array.from(g0));
        }
        for (let j = 0; j < d; j++) {
          // Fourth-order stencil, as in tests/kernel/targets.test.ts.
          const h = 1e-4 * Math.max(1, Math.abs(x[j]));
          const f = (k: number) => {
            xh.set(x);
            xh[j] = x[j] + k * h;
            return t.smoothedGradLogDensity!(xh, s2, scratch);
          };
          const fd = (8 * (f(1) - f(-1)) - (f(2) - f(-2))) / (12 * h);
          const tol = 1e-6 * (Math.abs(g[j]) + 1) + (10 * 2 ** -52 * (Math.abs(lp) + 1)) / h;
          expect(Math.abs(fd - g[j]), `${t.id} s² = ${s2} coord ${j}: fd ${fd} vs ${g[j]}`).toBeLessThanOrEqual(tol);
        }
      }
    }
  });
});

/** A test kernel evaluating the target's `smoothed_grad_log_density` at every (point, s²) pair,
 * the inputs baked in as constants; per pair it writes log p_s then the score, as f32 bits. */
function smoothedKernel(t: TargetDecl, d: number, points: Float64Array[], s2: readonly number[]): string {
  const lit = (v: number) => `${v}f`;
  const n = points.length * s2.length;
  return [wgslPrelude(d), t.wgsl, `
const N_S2: u32 = ${s2.length}u;
const N_PAIRS: u32 = ${n}u;
var<private> PTS: array<f32, ${points.length * d}> = array<f32, ${points.length * d}>(${points.flatMap((x) => Array.from(x, lit)).join(', ')});
var<private> S2S: array<f32, N_S2> = array<f32, N_S2>(${s2.map(lit).join(', ')});
@group(0) @binding(0) var<storage, read_write> result: array<u32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let k = gid.x;
  if (k >= N_PAIRS) {
    return;
  }
  let p = k / N_S2;
  var x: array<f32, D>;
  for (var i = 0u; i < D; i = i + 1u) {
    x[i] = PTS[p * D + i];
  }
  var g: array<f32, D>;
  let lp = smoothed_grad_log_density(&x, &g, S2S[k % N_S2]);
  result[k * (D + 1u)] = bitcast<u32>(lp);
  for (var i = 0u; i < D; i = i + 1u) {
    result[k * (D + 1u) + 1u + i] = bitcast<u32>(g[i]);
  }
}`].join('\n');
}

const EPS32 = 2 ** -23;

describe('Gaussian-smoothed score (WGSL)', () => {
  let device: GPUDevice;
  beforeAll(async () => {
    device = (await testDevice()).device;
  });

  const cases = SMOOTHED.flatMap((t) => (t.dimension.kind === 'fixed' ? [{ t, d: t.dimension.d }] : [2, 10].map((d) => ({ t, d }))));
  test.each(cases)('$t.id (d = $d) matches the TypeScript reference in float32', async ({ t, d }) => {
    // Points drawn around the typical set of the middle smoothing level, at every level.
    const points = smoothedPoints(t, d, 0.09, 24);
    const words = await runKernel(device, smoothedKernel(t, d, points, S2), points.length * S2.length, points.length * S2.length * (d + 1));
    const out = new Float32Array(words.buffer);
    const g = new Float64Array(d);
    const gp = new Float64Array(d);
    const gm = new Float64Array(d);
    const xh = new Float64Array(d);
    points.forEach((x, p) => {
      S2.forEach((s2, j) => {
        const base = (p * S2.length + j) * (d + 1);
        const lp = t.smoothedGradLogDensity!(x, s2, g);
        // As in tests/kernel/targets.test.ts: float32 rounding on the scale of |log p_s| plus the effect
        // Σ|x_i g_i| of relative input perturbations; for the score, the scale of its largest
        // component plus Σ_j |∂g_i/∂x_j| |x_j| (from differences of the TS score).
        let mag = Math.abs(lp) + 1;
        let gmax = 0;
        for (let i = 0; i < d; i++) {
          mag += Math.abs(x[i] * g[i]);
          gmax = Math.max(gmax, Math.abs(g[i]));
        }
        expect(Math.abs(out[base] - lp), `${t.id} point ${p} s² = ${s2}: ${out[base]} vs ${lp}`).toBeLessThanOrEqual(8 * EPS32 * mag);
        const hx = new Float64Array(d);
        for (let k = 0; k < d; k++) {
          const h = 1e-6 * Math.max(1, Math.abs(x[k]));
          xh.set(x);
          xh[k] = x[k] + h;
          t.smoothedGradLogDensity!(xh, s2, gp);
          xh[k] = x[k] - h;
          t.smoothedGradLogDensity!(xh, s2, gm);
          for (let i = 0; i < d; i++) hx[i] += (Math.abs(gp[i] - gm[i]) / (2 * h)) * Math.abs(x[k]);
        }
        for (let i = 0; i < d; i++) {
          const tol = 8 * EPS32 * (Math.abs(g[i]) + gmax + 1 + hx[i]);
          expect(Math.abs(out[base + 1 + i] - g[i]), `${t.id} point ${p} s² = ${s2} coord ${i}: ${out[base + 1 + i]} vs ${g[i]}`).toBeLessThanOrEqual(tol);
        }
      });
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Mode masses: chains are independent, so the counts of final states nearest each mode centre are
// multinomial; Pearson's chi-square against the target's masses is χ²(k − 1) under the null.

/** P(χ²_k > x): Q(k/2, x/2) from Q(1, y) = e^(−y) or Q(½, y) = erfc(√y), and
 * Q(a + 1, y) = Q(a, y) + y^a e^(−y) / Γ(a + 1). */
function chiSquareTail(k: number, x: number): number {
  const y = x / 2;
  let a = k % 2 === 0 ? 1 : 0.5;
  let q = k % 2 === 0 ? Math.exp(-y) : 2 * (1 - normalCdf(Math.sqrt(x)));
  // y^a e^(−y) / Γ(a + 1), updated by the factor y / (a + 1).
  let term = k % 2 === 0 ? y * Math.exp(-y) : Math.sqrt(y) * Math.exp(-y) / (0.5 * Math.sqrt(Math.PI));
  for (; a < k / 2; a++) {
    q += term;
    term *= y / (a + 1);
  }
  return q;
}

/** The chi-square critical value at level alpha with k degrees of freedom (bisection). */
function chiSquareCritical(k: number, alpha: number): number {
  let lo = 0;
  let hi = 1000;
  while (hi - lo > 1e-9) {
    const mid = (lo + hi) / 2;
    if (chiSquareTail(k, mid) > alpha) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

const ALPHA = 0.001;

/** Pearson's statistic of the final states (coordinate-major) assigned to the nearest centre. */
function modeChiSquare(pos: Float64Array, d: number, centers: readonly (readonly number[])[], mass: readonly number[]): number {
  const n = pos.length / d;
  const counts = new Float64Array(centers.length);
  for (let c = 0; c < n; c++) {
    let best = 0;
    let bestDist = Infinity;
    centers.forEach((m, k) => {
      let s = 0;
      for (let i = 0; i < d; i++) s += (pos[i * n + c] - m[i]) ** 2;
      if (s < bestDist) {
        bestDist = s;
        best = k;
      }
    });
    counts[best]++;
  }
  return mass.reduce((s, p, k) => s + (counts[k] - n * p) ** 2 / (n * p), 0);
}

const N = 4096;
/** A short schedule where symmetry fixes the masses (the defaults take 10 × 100 steps): 10 levels
 * from σ = 5 to 0.05 of 25 steps each, ε = 2e-3 (α_k = 0.8 σ_k²), 500 gradient evaluations. */
const SHORT = { levels: 10, stepsPerLevel: 25, eps: 2e-3 };
const SHORT_STEPS = SHORT.levels * SHORT.stepsPerLevel;

/** An asymmetric start: every chain uniform in `box` (per coordinate [lo, hi]), far from most of
 * the mass, so a sampler that cannot cross between modes keeps the start's imbalance. */
function boxStart(d: number, box: readonly (readonly [number, number])[]): Float64Array {
  const out = new Float64Array(N * d);
  for (let c = 0; c < N; c++) {
    const rng = new HostRandom(5, c, 'init');
    for (let i = 0; i < d; i++) {
      const [lo, hi] = box[Math.min(i, box.length - 1)];
      out[i * N + c] = lo + (hi - lo) * rng.uniform();
    }
  }
  return out;
}

describe.each(STATISTICAL_ENGINES)('annealed Langevin on %s', (kind) => {
  test('eight-modes from one corner: annealing recovers the equal masses, ULA and MALA with the same gradients do not', async () => {
    const engine = await engineOf(kind);
    const t = findTarget('eight-modes')!;
    const { centers, mass } = t.truth(2).modes!;
    const critical = chiSquareCritical(centers.length - 1, ALPHA);
    // Near modes 0 and 1 only: 2 ≤ x ≤ 5, 0 ≤ y ≤ 3.
    const init = boxStart(2, [[2, 5], [0, 3]]);
    const base = { target: t.id, chains: N, seed: 3, init, stepsPerDispatch: 25 };
    const chi2: Record<string, number> = {};
    // ULA and MALA at h = 0.05 (stable and mixing within a mode of sd 0.3), one gradient per step.
    for (const [sampler, params, steps] of [
      ['annealed', SHORT, SHORT_STEPS], ['ula', { h: 0.05 }, 2 * SHORT_STEPS], ['mala', { h: 0.05 }, 2 * SHORT_STEPS],
    ] as const) {
      await engine.configure({ ...base, sampler, params });
      engine.run(steps);
      const snap = await engine.snapshot();
      expect(snap.totals.gradEvals, sampler).toBe(2 * SHORT_STEPS * N);
      expect(snap.totals.divergent, sampler).toBe(0);
      chi2[sampler] = modeChiSquare(await engine.readPositions(), 2, centers, mass);
    }
    console.log(`eight-modes on ${kind}: chi-square (7 df) annealed ${chi2.annealed.toFixed(1)}, ULA ${chi2.ula.toFixed(0)}, ` +
      `MALA ${chi2.mala.toFixed(0)}; critical value at α = ${ALPHA}: ${critical.toFixed(2)}`);
    expect(chi2.annealed).toBeLessThan(critical);
    expect(chi2.ula).toBeGreaterThan(10 * critical);
    expect(chi2.mala).toBeGreaterThan(10 * critical);
  });

  test.each([
    // Mixture: from next to the .3 mode, the .5 mode the farthest. Unequal modes must trade mass
    // while they separate, which takes the default schedule's longer levels (with 25 steps per
    // level the .5 mode ends about 1 % short).
    { target: 'mixture', d: 2, box: [[2, 5], [0, 3]], params: {}, steps: 1000 },
    // Mixture-nd: every chain on the +μ side.
    { target: 'mixture-nd', d: 10, box: [[0, 2]], params: SHORT, steps: SHORT_STEPS },
  ] as const)('$target: annealing from one side recovers the mode masses', async ({ target, d, box, params, steps }) => {
    const engine = await engineOf(kind);
    const { centers, mass } = findTarget(target)!.truth(d).modes!;
    const critical = chiSquareCritical(centers.length - 1, ALPHA);
    await engine.configure({ target, d, sampler: 'annealed', params, chains: N, seed: 4, init: boxStart(d, box), stepsPerDispatch: 25 });
    engine.run(steps);
    const chi2 = modeChiSquare(await engine.readPositions(), d, centers, mass);
    console.log(`${target} on ${kind}: chi-square (${centers.length - 1} df) ${chi2.toFixed(2)}; critical value at α = ${ALPHA}: ${critical.toFixed(2)}`);
    expect(chi2).toBeLessThan(critical);
  });

  test('bad input is rejected with a clear message', async () => {
    const engine = await engineOf(kind);
    const run = (c: Partial<RunConfig>) =>
      engine.configure({ target: 'eight-modes', sampler: 'annealed', chains: 16, seed: 1, ...c });
    await expect(run({ params: { sigmaMin: 2, sigmaMax: 1 } })).rejects.toThrow(/σ_min < σ_max/);
    await expect(run({ params: { sigmaMin: 1, sigmaMax: 1 } })).rejects.toThrow(/σ_min < σ_max/);
    await expect(run({ params: { levels: 0 } })).rejects.toThrow(/levels.*\[2, 1000\], got 0/);
    await expect(run({ params: { levels: 1 } })).rejects.toThrow(/levels.*got 1/);
    const err = await run({ target: 'banana' }).catch((e: unknown) => String(e));
    expect(err).toMatch(/closed form \(mixture, eight-modes, mixture-nd\); banana has none/);
  });
});

test('GPU and CPU take the same annealed steps through a whole schedule', async () => {
  const [gpu, cpu] = await Promise.all([engineOf('webgpu'), engineOf('cpu')]);
  // Three levels of two steps and two steps after: the level follows the iteration on both.
  const cfg: RunConfig = { target: 'eight-modes', sampler: 'annealed', params: { levels: 3, stepsPerLevel: 2 }, chains: 512, seed: 8, init: 'exact' };
  await Promise.all([gpu.configure(cfg), cpu.configure(cfg)]);
  gpu.run(8);
  cpu.run(8);
  const [a, b] = await Promise.all([gpu.readPositions(), cpu.readPositions()]);
  let close = 0;
  for (let c = 0; c < 512; c++) {
    if (Math.abs(a[c] - b[c]) < 1e-2 && Math.abs(a[512 + c] - b[512 + c]) < 1e-2) close++;
  }
  // Box–Muller normals agree to ~5e-4 (WGSL sin/cos), steps are at most √α ≈ 3 of them.
  expect(close / 512).toBeGreaterThan(0.97);
});
