import { beforeAll, describe, expect, it } from 'vitest';
import { TARGETS, findTarget } from '../../src/targets';
import type { TargetDecl } from '../../src/targets/types';
import { HostRandom } from '../../src/rng/host-random';
import { evaluateTarget } from '../../src/engine/evaluate';
import { EngineError } from '../../src/engine/errors';
import { testDevice } from '../support/gpu';

// ---------------------------------------------------------------------------------------------
// Independent references, written from docs/TARGETS.md (full expressions, normalising constants
// where convenient): they only need to agree with the declarations up to an additive constant.

/** log N((x, y); m, [[sxx, sxy], [sxy, syy]]) from the textbook formula. */
function logNormal2(x: number, y: number, mx: number, my: number, sxx: number, sxy: number, syy: number): number {
  const det = sxx * syy - sxy * sxy;
  const dx = x - mx;
  const dy = y - my;
  return -Math.log(2 * Math.PI * Math.sqrt(det)) - (syy * dx * dx - 2 * sxy * dx * dy + sxx * dy * dy) / (2 * det);
}

function logSumExp(terms: number[]): number {
  const m = Math.max(...terms);
  return m + Math.log(terms.reduce((s, t) => s + Math.exp(t - m), 0));
}

const logStdNormal = (z: number) => -0.5 * z * z - 0.5 * Math.log(2 * Math.PI);

/** Lower Cholesky factor of the dense AR(1) covariance Σ_ij = 0.9^|i-j| (no use of its precision). */
const arCholesky = new Map<number, Float64Array>();
function arFactor(d: number): Float64Array {
  let L = arCholesky.get(d);
  if (!L) {
    L = new Float64Array(d * d);
    for (let i = 0; i < d; i++) {
      for (let j = 0; j <= i; j++) {
        let s = 0.9 ** Math.abs(i - j);
        for (let k = 0; k < j; k++) s -= L[i * d + k] * L[j * d + k];
        L[i * d + j] = i === j ? Math.sqrt(s) : s / L[j * d + j];
      }
    }
    arCholesky.set(d, L);
  }
  return L;
}

const REFERENCE: Record<string, (x: Float64Array) => number> = {
  gaussian: ([x, y]) => -(x * x + y * y) / 2,
  correlated: ([x, y]) => logNormal2(x, y, 0, 0, 1, 0.95, 1),
  banana: ([x, y]) => -(x * x) / 8 - (y - (x * x - 4) / 4) ** 2 / 2,
  funnel: ([x, y]) => logNormal2(x, y, 0, 0, Math.exp(y), 0, 9), // N(x; 0, e^y) N(y; 0, 9)
  donut: ([x, y]) => -((Math.sqrt(x * x + y * y) - 2.6) ** 2) / 0.033,
  mixture: ([x, y]) => logSumExp([
    Math.log(0.5) + logNormal2(x, y, -2, -1.5, 0.6, 0.3, 0.6),
    Math.log(0.3) + logNormal2(x, y, 2, 2, 0.4, 0, 0.4),
    Math.log(0.2) + logNormal2(x, y, 2.5, -2, 0.3, -0.2, 0.5),
  ]),
  squiggle: ([x, y]) => logNormal2(x, y + Math.sin(5 * x), 0, 0, 2, 0.25, 0.5),
  'eight-modes': ([x, y]) => logSumExp(Array.from({ length: 8 }, (_, k) =>
    Math.log(1 / 8) + logNormal2(x, y, 4 * Math.cos((k * Math.PI) / 4), 4 * Math.sin((k * Math.PI) / 4), 0.09, 0, 0.09))),
  rosenbrock: ([x, y]) => -((1 - x) ** 2 + 100 * (y - x * x) ** 2) / 20,
  'two-moons': ([x, y]) => -(((Math.sqrt(x * x + y * y) - 2) / 0.2) ** 2) / 2
    + logSumExp([-(((x - 2) / 0.6) ** 2) / 2, -(((x + 2) / 0.6) ** 2) / 2]),
  'gaussian-nd': (x) => x.reduce((s, v) => s + logStdNormal(v), 0),
  // 1-based as in TARGETS.md: s_i = 10^(-1 + 2 (i - 1)/(d - 1)).
  'ill-conditioned-nd': (x) => {
    const d = x.length;
    let s = 0;
    for (let i = 1; i <= d; i++) {
      const si = Math.pow(10, -1 + (2 * (i - 1)) / (d - 1));
      s += logStdNormal(x[i - 1] / si) - Math.log(si);
    }
    return s;
  },
  // -½ |L⁻¹ x|² with L the Cholesky factor of the dense Σ.
  'correlated-nd': (x) => {
    const d = x.length;
    const L = arFactor(d);
    const z = new Float64Array(d);
    let s = 0;
    for (let i = 0; i < d; i++) {
      let v = x[i];
      for (let k = 0; k < i; k++) v -= L[i * d + k] * z[k];
      z[i] = v / L[i * d + i];
      s += z[i] * z[i];
    }
    return -0.5 * s;
  },
  'funnel-nd': (x) => {
    const v = x[0];
    let s = logStdNormal(v / 3);
    for (let i = 1; i < x.length; i++) s += logStdNormal(x[i] / Math.exp(v / 2)) - v / 2;
    return s;
  },
  'banana-nd': (x) => {
    let s = -(x[0] * x[0]) / 8 - (x[1] - (x[0] * x[0] - 4) / 4) ** 2 / 2;
    for (let i = 2; i < x.length; i++) s -= (x[i] * x[i]) / 2;
    return s;
  },
  'mixture-nd': (x) => {
    const mu = 3 / Math.sqrt(x.length);
    let lp = Math.log(0.5);
    let lm = Math.log(0.5);
    for (const v of x) {
      lp += logStdNormal(v - mu);
      lm += logStdNormal(v + mu);
    }
    return logSumExp([lp, lm]);
  },
};


// ---------------------------------------------------------------------------------------------
// Test points: 100 around the typical set, 28 further out.

const N_TYPICAL = 100;
const N_WIDE = 28;

function rowOf(points: Float64Array, d: number, i: number): Float64Array {
  return points.subarray(i * d, (i + 1) * d);
}

/** A typical-set draw for targets without an exact sampler. */
function typicalDraw(t: TargetDecl, rng: HostRandom, out: Float64Array): void {
  if (t.exact) return t.exact(rng, out);
  if (t.id === 'rosenbrock') {
    out[0] = 1 + Math.sqrt(10) * rng.normal();
    out[1] = out[0] * out[0] + Math.sqrt(0.1) * rng.normal();
    return;
  }
  // two-moons: rejection from its view box with the reference density (log p ≤ ~0 everywhere).
  const [x0, x1, y0, y1] = t.viewBox;
  for (;;) {
    out[0] = x0 + (x1 - x0) * rng.uniform();
    out[1] = y0 + (y1 - y0) * rng.uniform();
    if (Math.log(rng.uniform()) < REFERENCE[t.id](out)) return;
  }
}

/** Points in float32 (as the GPU sees them), so both sides evaluate the same points. */
function testPoints(t: TargetDecl, d: number): Float64Array {
  const pts = new Float64Array((N_TYPICAL + N_WIDE) * d);
  for (let i = 0; i < N_TYPICAL; i++) typicalDraw(t, new HostRandom(1234, i, 'exact'), rowOf(pts, d, i));
  const [x0, x1, y0, y1] = t.viewBox;
  for (let i = N_TYPICAL; i < N_TYPICAL + N_WIDE; i++) {
    const rng = new HostRandom(1234, i, 'init');
    const row = rowOf(pts, d, i);
    // Off the typical set: a draw with every coordinate stretched by U(0, 2), and coordinates 0
    // and 1 uniform over the view box.
    typicalDraw(t, rng, row);
    for (let j = 2; j < d; j++) row[j] *= 2 * rng.uniform();
    row[0] = x0 + (x1 - x0) * rng.uniform();
    row[1] = y0 + (y1 - y0) * rng.uniform();
    // Funnel necks: v ≥ -10 keeps e^-v (and x² e^-v) far from float32 overflow.
    if (t.id === 'funnel-nd') row[0] = Math.max(row[0], -10);
  }
  for (let i = 0; i < pts.length; i++) pts[i] = Math.fround(pts[i]);
  return pts;
}

const CASES = TARGETS.flatMap((t) =>
  t.dimension.kind === 'fixed' ? [{ t, d: t.dimension.d }] : [2, 7, 100].map((d) => ({ t, d })));

const EPS32 = 2 ** -23;
const EPS64 = 2 ** -52;
function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

/** Scale of the rounding in log p: |log p| plus the first-order effect Σ|x_i ∂_i log p| of
 * relative perturbations of the inputs (catches cancellation, e.g. rosenbrock's y - x²). */
function magnitude(lp: number, x: Float64Array, g: Float64Array): number {
  let s = Math.abs(lp) + 1;
  for (let i = 0; i < x.length; i++) s += Math.abs(x[i] * g[i]);
  return s;
}

/** Σ_j |∂g_i/∂x_j| |x_j| per i (central differences of the TS gradient): how much g_i moves when
 * every input is perturbed relatively by 1. */
function inputSensitivity(t: TargetDecl, x: Float64Array): Float64Array {
  const d = x.length;
  const out = new Float64Array(d);
  const xh = Float64Array.from(x);
  const gp = new Float64Array(d);
  const gm = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    const h = 1e-6 * Math.max(1, Math.abs(x[j]));
    xh[j] = x[j] + h;
    t.gradLogDensity(xh, gp);
    xh[j] = x[j] - h;
    t.gradLogDensity(xh, gm);
    xh[j] = x[j];
    for (let i = 0; i < d; i++) out[i] += (Math.abs(gp[i] - gm[i]) / (2 * h)) * Math.abs(x[j]);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

describe('target registry', () => {
  it('has unique ids, 2-D targets before N-D ones, and an independent reference for each', () => {
    const ids = TARGETS.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    const firstNd = TARGETS.findIndex((t) => t.dimension.kind === 'param');
    for (const [k, t] of TARGETS.entries()) {
      expect(t.dimension, t.id).toEqual(k < firstNd ? { kind: 'fixed', d: 2 } : { kind: 'param', default: 10, min: 2, max: 1024 });
      // A new target is tested against its TARGETS.md formula only once it is written here.
      expect(REFERENCE[t.id], `no independent reference for ${t.id}`).toBeTypeOf('function');
    }
    expect(Object.keys(REFERENCE).sort()).toEqual([...ids].sort());
  });

  it('has sane boxes, truths and exact samplers', () => {
    for (const t of TARGETS) {
      const [x0, x1, y0, y1] = t.viewBox;
      expect(x0 < x1 && y0 < y1, t.id).toBe(true);
      expect(t.initBox[0], t.id).toBe(-t.initBox[1]);
      const d = t.dimension.kind === 'fixed' ? t.dimension.d : t.dimension.default;
      const truth = t.truth(d);
      expect(truth.mean.length, t.id).toBe(d);
      expect(truth.variance.length, t.id).toBe(d);
      // The means of coordinates 0 and 1 lie well inside the view box.
      expect(truth.mean[0] > x0 && truth.mean[0] < x1 && truth.mean[1] > y0 && truth.mean[1] < y1, t.id).toBe(true);
      if (t.exact) {
        const out = new Float64Array(d).fill(NaN);
        t.exact(new HostRandom(1, 0, 'exact'), out);
        expect(out.every(Number.isFinite), t.id).toBe(true);
      }
    }
    // TARGETS.md: no exact sampler for these two.
    expect(findTarget('rosenbrock')!.exact).toBeUndefined();
    expect(findTarget('two-moons')!.exact).toBeUndefined();
  });
});

describe.each(CASES)('$t.id (d = $d): TypeScript reference', ({ t, d }) => {
  const pts = testPoints(t, d);
  const n = pts.length / d;

  it('matches the TARGETS.md formula up to an additive constant', () => {
    const ref = REFERENCE[t.id];
    expect(ref, `no reference for ${t.id}`).toBeDefined();
    const c0 = t.logDensity(rowOf(pts, d, 0)) - ref(rowOf(pts, d, 0));
    for (let i = 0; i < n; i++) {
      const x = rowOf(pts, d, i);
      const lp = t.logDensity(x);
      const r = ref(x);
      expect(Number.isFinite(lp), `${t.id} point ${i}`).toBe(true);
      expect(Math.abs(lp - r - c0), `${t.id} point ${i}: ${lp} vs ${r}`).toBeLessThanOrEqual(1e-9 * (Math.abs(lp) + Math.abs(r) + 1));
    }
  });

  it('gradient matches central finite differences and returns log p', () => {
    const g = new Float64Array(d);
    const xh = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      const x = rowOf(pts, d, i);
      const lp = t.gradLogDensity(x, g);
      expect(lp, `${t.id} point ${i}`).toBeCloseTo(t.logDensity(x), 12);
      for (let j = 0; j < d; j++) {
        // Fourth-order central stencil: truncation ~h⁴ f⁽⁵⁾ stays negligible even between the
        // eight modes (sd 0.3), rounding ~ε64 |f|/h ≈ 1e-12 |f|.
        const h = 1e-4 * Math.max(1, Math.abs(x[j]));
        const f = (k: number) => {
          xh.set(x);
          xh[j] = x[j] + k * h;
          return t.logDensity(xh);
        };
        const fd = (8 * (f(1) - f(-1)) - (f(2) - f(-2))) / (12 * h);
        const tol = 1e-6 * (Math.abs(g[j]) + 1) + (10 * EPS64 * (Math.abs(lp) + 1)) / h;
        expect(Math.abs(fd - g[j]), `${t.id} point ${i} coord ${j}: fd ${fd} grad ${g[j]}`).toBeLessThanOrEqual(tol);
      }
    }
  });
});

describe('WGSL targets on the GPU', () => {
  let device: GPUDevice;
  beforeAll(async () => {
    device = (await testDevice()).device;
  });

  describe.each(CASES)('$t.id (d = $d)', ({ t, d }) => {
    it('matches the TypeScript reference, and its gradient matches its own finite differences', async () => {
      const pts = testPoints(t, d);
      const n = pts.length / d;
      const gpu = await evaluateTarget(device, t, d, pts);

      // (1) Value and gradient against float64. log p: float32 rounding of every operation and of
      // the inputs, bounded by ~ε32 × magnitude() with room for a few roundings. Gradient:
      // likewise, on the scale of the largest component at that point (components mix terms of
      // that size, e.g. squiggle's ∂x = g_u + 5 cos 5x g_v) plus the first-order effect
      // Σ_j |H_ij x_j| of rounding the inputs (e.g. rosenbrock's 20 x (y - x²)).
      const g = new Float64Array(d);
      const mags = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const x = rowOf(pts, d, i);
        const lp = t.gradLogDensity(x, g);
        mags[i] = magnitude(lp, x, g);
        const tolLp = 8 * EPS32 * mags[i];
        expect(Math.abs(gpu.logp[i] - lp), `${t.id} point ${i}: ${gpu.logp[i]} vs ${lp}`).toBeLessThanOrEqual(tolLp);
        expect(Math.abs(gpu.logpFromGrad[i] - lp), `${t.id} point ${i} (grad_log_density)`).toBeLessThanOrEqual(tolLp);
        const gmax = maxAbs(g);
        const hx = inputSensitivity(t, x);
        for (let j = 0; j < d; j++) {
          const gg = gpu.grad[i * d + j];
          const tolG = 8 * EPS32 * (Math.abs(g[j]) + gmax + 1 + hx[j]);
          expect(Math.abs(gg - g[j]), `${t.id} point ${i} coord ${j}: ${gg} vs ${g[j]}`).toBeLessThanOrEqual(tolG);
        }
      }

      // (2) WGSL gradient against central differences of WGSL log p, step h = 1e-2 max(1, |x_j|).
      // Tolerance = truncation (the same difference quotient in float64, from the TS reference,
      // minus the exact gradient: the function's curvature is not the GPU's business) + float32
      // rounding of the two values divided by the step (as in (1)) + 1e-4
      // relative. A wrong factor or sign in the WGSL gradient is O(|g|) and fails.
      const fdPts = new Float64Array(n * d * 2 * d);
      const steps = new Float64Array(n * d);
      for (let i = 0; i < n; i++) {
        const x = rowOf(pts, d, i);
        for (let j = 0; j < d; j++) {
          const h = 1e-2 * Math.max(1, Math.abs(x[j]));
          const hi = Math.fround(x[j] + h);
          const lo = Math.fround(x[j] - h);
          steps[i * d + j] = hi - lo;
          const base = (i * d + j) * 2 * d;
          fdPts.set(x, base);
          fdPts[base + j] = hi;
          fdPts.set(x, base + d);
          fdPts[base + d + j] = lo;
        }
      }
      const fdGpu = await evaluateTarget(device, t, d, fdPts);
      for (let i = 0; i < n; i++) {
        t.gradLogDensity(rowOf(pts, d, i), g);
        for (let j = 0; j < d; j++) {
          const k = i * d + j;
          const fHi = fdGpu.logp[2 * k];
          const fLo = fdGpu.logp[2 * k + 1];
          const fd = (fHi - fLo) / steps[k];
          const fdTs = (t.logDensity(rowOf(fdPts, d, 2 * k)) - t.logDensity(rowOf(fdPts, d, 2 * k + 1))) / steps[k];
          const truncation = Math.abs(fdTs - g[j]);
          const rounding = (2 * 8 * EPS32 * mags[i]) / steps[k];
          const tol = truncation + rounding + 1e-4 * Math.abs(g[j]);
          const err = Math.abs(fd - gpu.grad[k]);
          expect(err, `${t.id} point ${i} coord ${j}: fd ${fd} vs wgsl grad ${gpu.grad[k]} (tol ${tol})`).toBeLessThanOrEqual(tol);
        }
      }
    });
  });

  it('compiles every N-D target at the largest dimension, d = 1024', async () => {
    const d = 1024;
    for (const t of TARGETS.filter((t) => t.dimension.kind === 'param')) {
      const x = new Float64Array(d);
      t.exact!(new HostRandom(7, 0, 'exact'), x);
      for (let i = 0; i < d; i++) x[i] = Math.fround(x[i]);
      const g = new Float64Array(d);
      const lp = t.gradLogDensity(x, g);
      const gpu = await evaluateTarget(device, t, d, x);
      expect(Math.abs(gpu.logp[0] - lp), t.id).toBeLessThanOrEqual(64 * EPS32 * magnitude(lp, x, g));
      expect(Math.abs(gpu.grad[d - 1] - g[d - 1]), t.id).toBeLessThanOrEqual(1e-4 * (maxAbs(g) + 1));
    }
  });

  it('reports WGSL compile errors with their source line', async () => {
    const broken: TargetDecl = { ...findTarget('gaussian')!, id: 'broken', wgsl: 'fn log_density(x: ptr<function, array<f32, D>>) -> f32 { return nope; }' };
    const err = await evaluateTarget(device, broken, 2, new Float64Array(2)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect(String((err as Error).message)).toMatch(/nope/);
  });
});

// ---------------------------------------------------------------------------------------------
// logZ: trapezoid quadrature of exp(log p) over ±12 sd in coordinates where the integrand is a
// smooth bump (sheared or rescaled for the curved targets), at d = 2.

interface Chart {
  /** Box of (u, v). */
  box: [number, number, number, number];
  /** (u, v) -> point; returns log |Jacobian|. */
  map(u: number, v: number, out: Float64Array): number;
}

function chartOf(t: TargetDecl): Chart {
  const tr = t.truth(2);
  const s0 = 12 * Math.sqrt(tr.variance[0]);
  const s1 = 12 * Math.sqrt(tr.variance[1]);
  switch (t.id) {
    case 'banana':
    case 'banana-nd': // y = (x² - 4)/4 + w
      return { box: [-24, 24, -12, 12], map: (u, w, o) => ((o[0] = u), (o[1] = (u * u - 4) / 4 + w), 0) };
    case 'funnel': // x = e^(y/2) u
      return { box: [-12, 12, -36, 36], map: (u, y, o) => ((o[0] = Math.exp(y / 2) * u), (o[1] = y), y / 2) };
    case 'funnel-nd': // x_1 = e^(v/2) u
      return { box: [-36, 36, -12, 12], map: (v, u, o) => ((o[0] = v), (o[1] = Math.exp(v / 2) * u), v / 2) };
    case 'rosenbrock': // y = x² + w
      return { box: [1 - 12 * Math.sqrt(10), 1 + 12 * Math.sqrt(10), -12 * Math.sqrt(0.1), 12 * Math.sqrt(0.1)], map: (x, w, o) => ((o[0] = x), (o[1] = x * x + w), 0) };
    default:
      return { box: [tr.mean[0] - s0, tr.mean[0] + s0, tr.mean[1] - s1, tr.mean[1] + s1], map: (u, v, o) => ((o[0] = u), (o[1] = v), 0) };
  }
}

describe('logZ', () => {
  const withZ = TARGETS.filter((t) => t.logZ);

  it('is declared wherever it is known in closed form', () => {
    expect(withZ.map((t) => t.id)).toEqual(TARGETS.map((t) => t.id).filter((id) => id !== 'two-moons'));
  });

  it.each(withZ.map((t) => ({ t })))('$t.id: matches quadrature at d = 2', ({ t }) => {
    const { box, map } = chartOf(t);
    const m = 1200;
    const hu = (box[1] - box[0]) / m;
    const hv = (box[3] - box[2]) / m;
    const x = new Float64Array(2);
    let s = 0;
    for (let a = 0; a <= m; a++) {
      const wa = a === 0 || a === m ? 0.5 : 1;
      for (let b = 0; b <= m; b++) {
        const wb = b === 0 || b === m ? 0.5 : 1;
        const lj = map(box[0] + a * hu, box[2] + b * hv, x);
        s += wa * wb * Math.exp(t.logDensity(x) + lj);
      }
    }
    // The integrands are smooth and negligible at the box's edge: trapezoid error ≪ 1e-6.
    expect(Math.abs(Math.log(s * hu * hv) - t.logZ!(2))).toBeLessThan(1e-6);
  });
});
