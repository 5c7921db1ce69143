import { beforeAll, describe, expect, it } from 'vitest';
import { checkExpression, compileExpression, expressionTarget, MAX_LENGTH, type ViewBox } from '../../src/targets/expression';
import { isF32, wgslFloat } from '../../src/targets/expression/emit-wgsl';
import type { TargetDecl } from '../../src/targets/types';
import { HostRandom } from '../../src/rng/host-random';
import { evaluateTarget } from '../../src/engine/evaluate';
import { testDevice } from '../support/gpu';

// ---------------------------------------------------------------------------------------------
// Expressions with an independent float64 formula written by hand.

interface Case {
  readonly text: string;
  readonly d: number;
  readonly ref: (x: Float64Array) => number;
  /** Test coordinates are uniform in [lo, hi]: [-3, 3] unless the expression needs less. */
  readonly box?: readonly [number, number];
}

const sq = (v: number) => v * v;
const sumSq = (x: Float64Array, from: number, to: number) => x.slice(from, to).reduce((s, v) => s + v * v, 0);

const CASES: Case[] = [
  { text: '-(x^2 + y^2)/2', d: 2, ref: ([x, y]) => -(x * x + y * y) / 2 },
  { text: '-(x^2 + y^2)/2 + log(1 + sin(3*x)^2)', d: 2, ref: ([x, y]) => -(x * x + y * y) / 2 + Math.log(1 + sq(Math.sin(3 * x))) },
  { text: '-x^2/8 - (y - (x^2 - 4)/4)^2/2', d: 2, ref: ([x, y]) => -(x * x) / 8 - sq(y - (x * x - 4) / 4) / 2 },
  { text: '-sqrt(1 + x^2 + y^2)', d: 2, ref: ([x, y]) => -Math.hypot(1, x, y) },
  { text: '-abs(x) - 2*abs(y - 1)', d: 2, ref: ([x, y]) => -Math.abs(x) - 2 * Math.abs(y - 1) },
  { text: '-max(x, y)^2 - min(x, 2*y)', d: 2, ref: ([x, y]) => -sq(Math.max(x, y)) - Math.min(x, 2 * y) },
  { text: 'max(x, 0, y) - x^2 - y^2', d: 2, ref: ([x, y]) => Math.max(x, 0, y) - x * x - y * y },
  { text: '-3*min(x^2, 1) - y^2', d: 2, ref: ([x, y]) => -3 * Math.min(x * x, 1) - y * y },
  { text: '-log1p(x^2) - log1p(y^2/3)', d: 2, ref: ([x, y]) => -Math.log(1 + x * x) - Math.log(1 + (y * y) / 3) },
  { text: 'expm1(-x^2/2) - y^2/2', d: 2, ref: ([x, y]) => Math.exp(-(x * x) / 2) - 1 - (y * y) / 2 },
  // Small arguments: a naive e^a − 1 or log(1 + a) in float32 is off by ~1e-4 here, 5× the bound.
  { text: '1000*expm1(x/1000) + 1000*log1p(y/1000) - (x^2 + y^2)/2', d: 2, ref: ([x, y]) => 1000 * Math.expm1(x / 1000) + 1000 * Math.log1p(y / 1000) - (x * x + y * y) / 2 },
  { text: 'tanh(x) * y - y^2 - x^2/2', d: 2, ref: ([x, y]) => Math.tanh(x) * y - y * y - (x * x) / 2 },
  { text: '-(x^2)^0.75 - y^2', d: 2, ref: ([x, y]) => -(Math.abs(x) ** 1.5) - y * y },
  { text: '-x^4/4 - y^6/6 + x^3*y/10', d: 2, ref: ([x, y]) => -(x ** 4) / 4 - y ** 6 / 6 + (x ** 3 * y) / 10 },
  { text: '-pow(x, 2) - pow(abs(y) + 1, 1.5)', d: 2, ref: ([x, y]) => -x * x - (Math.abs(y) + 1) ** 1.5 },
  { text: 'log((1 + x^2)^-3) - y^2', d: 2, ref: ([x, y]) => -3 * Math.log(1 + x * x) - y * y },
  // Beyond the expanded powers: pow with a negative base and an even / odd integer exponent.
  { text: '-(x/3)^20 - (y/3)^21', d: 2, ref: ([x, y]) => -((x / 3) ** 20) - (y / 3) ** 21 },
  { text: '(2 + sin(x))^y - y^2', d: 2, ref: ([x, y]) => (2 + Math.sin(x)) ** y - y * y },
  { text: 'x^y^0.5 - x - y', d: 2, ref: ([x, y]) => x ** Math.sqrt(y) - x - y, box: [0.5, 3] },
  { text: '2^x - e^y - pi*x*y', d: 2, ref: ([x, y]) => 2 ** x - Math.exp(y) - Math.PI * x * y },
  { text: '-e*x^2 - y^2/pi', d: 2, ref: ([x, y]) => -Math.E * x * x - (y * y) / Math.PI },
  { text: 'sin(cos(tan(x/4))) * exp(-y^2)', d: 2, ref: ([x, y]) => Math.sin(Math.cos(Math.tan(x / 4))) * Math.exp(-y * y) },
  { text: 'log(exp(x) + exp(y)) - (x^2 + y^2)', d: 2, ref: ([x, y]) => Math.max(x, y) + Math.log1p(Math.exp(-Math.abs(x - y))) - (x * x + y * y) },
  { text: '-x[1]^2/2 - x[2]^2/2', d: 2, ref: ([x, y]) => -(x * x + y * y) / 2 },
  { text: '-(x - 1)^2 / (2 * 0.5^2) - (y + 2)^2', d: 2, ref: ([x, y]) => -2 * sq(x - 1) - sq(y + 2) },
  { text: '-sqrt(x^2 + y^2 + 1e-3) + 2.5e-3*x', d: 2, ref: ([x, y]) => -Math.sqrt(x * x + y * y + 0.001) + 0.0025 * x },
  { text: '3x - x^2 - 2 y^2', d: 2, ref: ([x, y]) => 3 * x - x * x - 2 * y * y },
  { text: '-exp(abs(x) - 2) - y^2 + log(2 + cos(x*y))', d: 2, ref: ([x, y]) => -Math.exp(Math.abs(x) - 2) - y * y + Math.log(2 + Math.cos(x * y)) },
  { text: '+x - x^2 - y^2', d: 2, ref: ([x, y]) => x - x * x - y * y },
  { text: 'x/(1 + y^2) - x^2 - y^2', d: 2, ref: ([x, y]) => x / (1 + y * y) - x * x - y * y },
  { text: '-2*log(1 + x^2 + y^2)', d: 2, ref: ([x, y]) => -2 * Math.log(1 + x * x + y * y) },
  { text: '-(x[1]^2 + x[2]^2 + x[3]^2 + x[4]^2 + x[5]^2)/2', d: 5, ref: (x) => -sumSq(x, 0, 5) / 2 },
  // Funnel: x[1] ~ N(0, 9), the others N(0, e^x[1]) (log-normaliser −2 x[1]).
  { text: '-x[1]^2/18 - (x[2]^2 + x[3]^2 + x[4]^2 + x[5]^2) * exp(-x[1])/2 - 2*x[1]', d: 5, ref: (x) => -(x[0] * x[0]) / 18 - (sumSq(x, 1, 5) * Math.exp(-x[0])) / 2 - 2 * x[0] },
  { text: 'log(exp(-(x[1] - 1)^2) + exp(-(x[5] + 1)^2)) - x[2]^2 - x[3]^2 - x[4]^2', d: 5, ref: (x) => Math.log(Math.exp(-sq(x[0] - 1)) + Math.exp(-sq(x[4] + 1))) - sumSq(x, 1, 4) },
  { text: '-abs(x[1] - x[2]) - tanh(x[3]) * x[4] - log1p(x[5]^2)', d: 5, ref: (x) => -Math.abs(x[0] - x[1]) - Math.tanh(x[2]) * x[3] - Math.log1p(x[4] * x[4]) },
  { text: '-x[3]^2', d: 5, ref: (x) => -x[2] * x[2] },
];

function targetOf(text: string, d: number, viewBox?: ViewBox): TargetDecl {
  const r = expressionTarget(text, { d, viewBox });
  if (!r.ok) throw new Error(`${text}: ${r.errors.map((e) => e.message).join('; ')}`);
  return r.target;
}

const N_POINTS = 24;

/** Seeded points (float32, as the GPU sees them), point-major. */
function pointsOf(c: Case): Float64Array {
  const [lo, hi] = c.box ?? [-3, 3];
  const rng = new HostRandom(99, 0, 'init');
  return Float64Array.from({ length: N_POINTS * c.d }, () => Math.fround(lo + (hi - lo) * rng.uniform()));
}

const rowOf = (pts: Float64Array, d: number, i: number) => pts.subarray(i * d, (i + 1) * d);

/** Fourth-order central difference of f along coordinate j at x. */
function diff(f: (x: Float64Array) => number, x: Float64Array, j: number, h: number): number {
  const xs = Float64Array.from(x);
  const at = (k: number) => {
    xs[j] = x[j] + k * h;
    return f(xs);
  };
  return (8 * (at(1) - at(-1)) - (at(2) - at(-2))) / (12 * h);
}

const step = (v: number) => 1e-4 * Math.max(1, Math.abs(v));

function gradAt(t: TargetDecl, x: Float64Array): { lp: number; g: Float64Array } {
  const g = new Float64Array(x.length);
  return { lp: t.gradLogDensity(x, g), g };
}

/** Rounding scale of log p: |log p| + 1 + Σ|x_j ∂_j log p|, the last term being the first-order
 * effect of relative perturbations of the inputs (it catches cancellation such as y − x²). */
function scaleOf(lp: number, x: Float64Array, g: Float64Array): number {
  return x.reduce((s, v, j) => s + Math.abs(v * g[j]), Math.abs(lp) + 1);
}

// ---------------------------------------------------------------------------------------------

describe('compileExpression: values and gradients in float64', () => {
  it.each(CASES)('$text (d = $d)', (c) => {
    const t = targetOf(c.text, c.d);
    const pts = pointsOf(c);
    for (let i = 0; i < N_POINTS; i++) {
      const x = rowOf(pts, c.d, i);
      const { lp, g } = gradAt(t, x);
      const ref = c.ref(x);
      // The same function in float64 along another order of operations.
      expect(Math.abs(lp - ref), `point ${i}: ${lp} vs ${ref}`).toBeLessThanOrEqual(1e-12 * scaleOf(ref, x, g));
      expect(t.logDensity(x)).toBe(lp);
      for (let j = 0; j < c.d; j++) {
        // Fourth-order stencil: truncation ~h⁴ f⁽⁵⁾ ≈ 1e-16, rounding ~ε64 |f| / h ≈ 1e-12 |f|.
        const fd = diff((p) => t.logDensity(p), x, j, step(x[j]));
        expect(Math.abs(fd - g[j]), `point ${i} coord ${j}: fd ${fd} vs ${g[j]}`).toBeLessThanOrEqual(1e-6 * (Math.abs(g[j]) + 1));
      }
    }
  });

  it('reports the coordinates used and a normalised text that parses to itself', () => {
    const r = compileExpression('-x[3]^2 + 2 x[1]', { d: 5 });
    expect(r.ok && r.target.variables).toEqual([0, 2]);
    const s = compileExpression('3x - 2 y^2', { d: 2 });
    expect(s.ok && s.target.text).toBe('3 * x - 2 * y ^ 2');
    const again = compileExpression(s.ok ? s.target.text : '', { d: 2 });
    expect(again.ok && again.target.text).toBe('3 * x - 2 * y ^ 2');
  });

  it('compiles a typical expression in well under 50 ms', () => {
    const times = Array.from({ length: 20 }, (_, k) => {
      const t0 = performance.now();
      const r = compileExpression(`${CASES[1].text} + ${k}*x`, { d: 2 });
      const t1 = performance.now();
      expect(r.ok).toBe(true);
      return t1 - t0;
    });
    times.sort((a, b) => a - b);
    expect(times[10]).toBeLessThan(50);
  });
});

// ---------------------------------------------------------------------------------------------

describe('WGSL emission', () => {
  it('writes every constant as a float32 literal that reads back to the same float32', () => {
    for (const v of [1, 0.5, 2.5e-3, -2, Math.PI, 1e-7, 123456789, 1e21, 3.4e38, 2 ** -126]) {
      const s = wgslFloat(v);
      expect(s, String(v)).toMatch(/^\(?-?(\d+\.\d*(e-?\d+)?|\d+e-?\d+)\)?$/);
      expect(Math.fround(Number(s.replace(/[()]/g, ''))), s).toBe(Math.fround(v));
    }
    expect(wgslFloat(1)).toBe('1.0');
    expect([1e39, 1e-40, Infinity, NaN].some(isF32)).toBe(false);
  });

  it('expands small integer powers into products and keeps pow for the others', () => {
    const body = (text: string) => {
      const r = compileExpression(text, { d: 2 });
      const w = r.ok ? r.target.wgsl : '';
      return w.slice(w.indexOf('fn log_density'));
    };
    expect(body('x^3 + y^-2')).not.toMatch(/pow/);
    expect(body('x^3 + y^-2')).toMatch(/t\d+ \* t\d+/);
    expect(body('x^20')).toMatch(/expr_pow\(t\d+, 20\.0\)/);
    expect(body('x^1.5')).toMatch(/expr_pow\(t\d+, 1\.5\)/);
  });
});

// ---------------------------------------------------------------------------------------------

const EPS32 = 2 ** -23;

describe('WGSL on the GPU (float32)', () => {
  let device: GPUDevice;
  beforeAll(async () => {
    device = (await testDevice()).device;
  });

  it.each(CASES)('$text (d = $d): matches float64 within float32 rounding, and its own finite differences', async (c) => {
    const { d } = c;
    const t = targetOf(c.text, d);
    const pts = pointsOf(c);
    const gpu = await evaluateTarget(device, t, d, pts);

    // (1) Against float64, as tests/kernel/targets.test.ts: float32 rounding of every operation, on the
    // scale of scaleOf() for log p; for ∇, on the scale of the largest component plus
    // Σ_k |∂g_j/∂x_k x_k| (central differences of the float64 gradient), the effect of relative
    // perturbations of the inputs on g_j.
    const scales = new Float64Array(N_POINTS);
    for (let i = 0; i < N_POINTS; i++) {
      const x = rowOf(pts, d, i);
      const { lp, g } = gradAt(t, x);
      scales[i] = scaleOf(lp, x, g);
      const tolLp = 8 * EPS32 * scales[i];
      expect(Math.abs(gpu.logp[i] - lp), `point ${i}: ${gpu.logp[i]} vs ${lp}`).toBeLessThanOrEqual(tolLp);
      expect(Math.abs(gpu.logpFromGrad[i] - lp), `point ${i} (grad_log_density)`).toBeLessThanOrEqual(tolLp);
      const gmax = Math.max(...g.map(Math.abs));
      for (let j = 0; j < d; j++) {
        let sensitivity = 0;
        for (let k = 0; k < d; k++) sensitivity += Math.abs(diff((p) => gradAt(t, p).g[j], x, k, step(x[k])) * x[k]);
        const tolG = 8 * EPS32 * (Math.abs(g[j]) + gmax + 1 + sensitivity);
        const gg = gpu.grad[i * d + j];
        expect(Math.abs(gg - g[j]), `point ${i} coord ${j}: ${gg} vs ${g[j]}`).toBeLessThanOrEqual(tolG);
      }
    }

    // (2) The WGSL gradient against central differences of the WGSL log p, step 1e-2 max(1, |x_j|).
    // Tolerance: the truncation of the same quotient in float64 (the function's curvature, or a
    // kink inside the step, is not the GPU's error) + float32 rounding of the two values over the
    // step + 1e-4 relative. A wrong factor or sign in the WGSL gradient is O(|g|) and fails.
    const fdPts = new Float64Array(N_POINTS * d * 2 * d);
    for (let i = 0; i < N_POINTS; i++) {
      for (let j = 0; j < d; j++) {
        const base = (i * d + j) * 2 * d;
        const x = rowOf(pts, d, i);
        const h = 1e-2 * Math.max(1, Math.abs(x[j]));
        fdPts.set(x, base);
        fdPts.set(x, base + d);
        fdPts[base + j] = Math.fround(x[j] + h);
        fdPts[base + d + j] = Math.fround(x[j] - h);
      }
    }
    const fdGpu = await evaluateTarget(device, t, d, fdPts);
    for (let i = 0; i < N_POINTS; i++) {
      const { g } = gradAt(t, rowOf(pts, d, i));
      for (let j = 0; j < d; j++) {
        const k = i * d + j;
        const hi = rowOf(fdPts, d, 2 * k);
        const lo = rowOf(fdPts, d, 2 * k + 1);
        const width = hi[j] - lo[j];
        const fd = (fdGpu.logp[2 * k] - fdGpu.logp[2 * k + 1]) / width;
        const truncation = Math.abs((t.logDensity(hi) - t.logDensity(lo)) / width - g[j]);
        const tol = truncation + (2 * 8 * EPS32 * scales[i]) / width + 1e-4 * Math.abs(g[j]);
        expect(Math.abs(fd - gpu.grad[k]), `point ${i} coord ${j}: fd ${fd} vs ${gpu.grad[k]} (tol ${tol})`).toBeLessThanOrEqual(tol);
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------

interface Invalid {
  readonly text: string;
  readonly d?: number;
  /** What the (first) message must say. */
  readonly says: RegExp;
  /** 0-based offset of a syntax error. */
  readonly at?: number;
}

const INVALID: Invalid[] = [
  { text: '-(x^2', says: /Parenthesis \) expected/, at: 5 },
  { text: 'x +* y', says: /Value expected/, at: 3 },
  { text: '', says: /empty/ },
  { text: '  # only a comment', says: /empty/ },
  { text: 'z', says: /unknown name `z`: the variables are x and y/ },
  { text: 'foo(x)', says: /unknown function `foo`/ },
  { text: 'import(x)', says: /unknown function `import`/ },
  { text: 'evaluate("1")', says: /unknown function `evaluate`/ },
  { text: 'x[0]', d: 5, says: /`x\[0\]` is out of range: the coordinates are x\[1\] … x\[5\]/ },
  { text: 'x[6]', d: 5, says: /`x\[6\]` is out of range/ },
  { text: 'x[i]', d: 5, says: /`x\[i\]`: the index must be a whole number from 1 to 5/ },
  { text: 'x[1.5]', d: 5, says: /whole number/ },
  { text: 'x[1, 2]', d: 5, says: /whole number/ },
  { text: 'x', d: 5, says: /`x` alone is not a coordinate in 5-D/ },
  { text: 'y[1]', says: /only x can be indexed/ },
  { text: 'a = 1', says: /assignments/ },
  { text: 'f(x) = x', says: /function definitions/ },
  { text: '[1, 2]', says: /matrices and vectors/ },
  { text: '{a: 1}', says: /objects/ },
  { text: '"s"', says: /strings are not allowed/ },
  { text: 'x.y', says: /property access/ },
  { text: '1:3', says: /ranges/ },
  { text: 'x > 0 ? x : y', says: /conditionals/ },
  { text: 'x; y', says: /one expression/ },
  { text: 'x < y < 1', says: /comparisons/ },
  { text: 'x == y', says: /operator `==` is not allowed/ },
  { text: 'x .* y', says: /operator `\.\*` is not allowed/ },
  { text: '5!', says: /operator `!` is not allowed/ },
  { text: 'true', says: /`true` is not a number/ },
  { text: 'sin(x, y)', says: /`sin` takes one argument, not 2/ },
  { text: 'pow(x)', says: /`pow` takes two arguments, not 1/ },
  { text: 'max(x)', says: /`max` takes two or more arguments/ },
  { text: 'x(1 + y)', says: /`x\(…\)` is a function call: write x\*\(…\) to multiply/ },
  // Non-finite constants are errors: a GPU literal cannot hold them, and the target would be
  // −∞, +∞ or NaN everywhere anyway.
  { text: '1/0 + x', says: /`1 \/ 0` is Infinity: constants must be finite/ },
  { text: 'log(0) - x^2', says: /`log\(0\)` is -Infinity/ },
  { text: 'NaN * x', says: /`NaN` is NaN/ },
  { text: '1e400 * x', says: /is Infinity/ },
  { text: '1e39 * x', says: /outside float32's range/ },
  { text: '1e-50 * x', says: /outside float32's range/ },
  { text: 'x'.repeat(MAX_LENGTH + 1), says: /longer than/ },
  { text: `${'('.repeat(65)}x${')'.repeat(65)}`, says: /brackets are nested more than 64 deep/ },
  { text: Array(300).fill('x').join('+'), says: /nested more than 256 operations deep/ },
  { text: `${'-'.repeat(1990)}x`, says: /nested more than 256/ },
  { text: 'x', d: 1, says: /dimension must be a whole number from 2/ },
  { text: 'x', d: 2.5, says: /dimension/ },
];

describe('refused expressions', () => {
  it.each(INVALID.map((c) => ({ ...c, label: c.text.slice(0, 30) })))('$label: $says', ({ text, d, says, at }) => {
    for (const r of [compileExpression(text, { d: d ?? 2 }), expressionTarget(text, { d: d ?? 2 })]) {
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.errors[0].message).toMatch(says);
      expect(r.errors[0].position).toBe(at);
    }
  });

  it('accepts nesting up to the limits', () => {
    expect(compileExpression(`${'('.repeat(64)}x${')'.repeat(64)}`, { d: 2 }).ok).toBe(true);
    expect(compileExpression(Array(250).fill('x').join('+'), { d: 2 }).ok).toBe(true);
  });

  it('reports every refused part, not only the first', () => {
    const r = compileExpression('z + foo(x) + x[i]', { d: 2 });
    expect(r.ok ? [] : r.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/`z`/), expect.stringMatching(/`foo`/), expect.stringMatching(/`x\[i\]`/),
    ]);
  });

  it('refuses a view box that is not a box', () => {
    const r = expressionTarget('-x^2 - y^2', { d: 2, viewBox: [1, -1, -4, 4] });
    expect(!r.ok && r.errors[0].message).toMatch(/view box/);
  });
});

describe('WGSL at the edges of the functions\' domains', () => {
  // WGSL leaves log, sqrt and pow indeterminate there (SwiftShader: log(−1) = 0, 0^0.5 = 8e-20):
  // the GPU must say NaN, −∞ or +∞ exactly where float64 does, or samplers would accept points
  // outside the support.
  const EDGES: [string, number, number][] = [
    ['log(x)', 0, -Infinity], ['log(x)', -1, NaN], ['log1p(x)', -1, -Infinity], ['log1p(x)', -2, NaN],
    ['sqrt(x)', -1, NaN], ['sqrt(x)', 0, 0], ['x^0.5', 0, 0], ['x^0.001', 0, 0], ['x^-0.5', 0, Infinity],
    ['x^(1/3)', -8, NaN], ['x^3.0', -2, -8], ['x^20', -1, 1], ['x^21', -1, -1], ['x^y', 0, 1], ['1/x', 0, Infinity],
  ];

  it.each(EDGES)('%s at x = %d is %d, as in float64', async (text, x, expected) => {
    const t = targetOf(text, 2);
    const p = Float64Array.of(x, 0);
    expect(t.logDensity(p)).toBe(expected);
    const gpu = await evaluateTarget((await testDevice()).device, t, 2, p);
    expect(gpu.logp[0]).toBe(expected);
    expect(gpu.logpFromGrad[0]).toBe(expected);
  });
});

// ---------------------------------------------------------------------------------------------
// Fuzz: seeded malformed (and some well-formed) strings.

const SOUP = [
  'x', 'y', 'x[1]', 'x[2]', 'x[5]', 'x[0]', 'x[i]', 'pi', 'e', 'z', '0', '1', '2.5', '1e3', '1e400', '1e-50', '99999999999999999999',
  '+', '-', '*', '/', '^', '(', ')', '[', ']', ',', '.', ':', ';', '=', '!', '?', "'", '"', '{', '}', '<', '==', '&', '|', '%',
  'sin', 'cos', 'tan', 'tanh', 'exp', 'log', 'sqrt', 'abs', 'log1p', 'expm1', 'pow', 'min', 'max', 'foo', 'import', 'evaluate',
  'NaN', 'Infinity', 'true', 'end', 'mod', 'to', ' ', '\n', '\t', '#', 'é', '∑', '😀', '\u0000', '\uFFFF', '\\', '`', '$',
];
const FUNCS = ['sin', 'cos', 'tan', 'tanh', 'exp', 'log', 'sqrt', 'abs', 'log1p', 'expm1'];

type Rand = () => number;
const pick = <T>(r: Rand, a: readonly T[]): T => a[Math.floor(r() * a.length)];

/** A random well-formed expression in the whitelist. */
function wellFormed(r: Rand, depth: number, d: number): string {
  if (depth === 0 || r() < 0.25) {
    return pick(r, d === 2 ? ['x', 'y', 'x[2]', '0.5', '3', 'pi', 'e', '1e-3'] : ['x[1]', 'x[3]', 'x[5]', '2', 'pi']);
  }
  const sub = () => wellFormed(r, depth - 1, d);
  switch (pick(r, ['op', 'op', 'neg', 'fn', 'fn2'])) {
    case 'op': return `(${sub()} ${pick(r, ['+', '-', '*', '/', '^'])} ${sub()})`;
    case 'neg': return `-${sub()}`;
    case 'fn': return `${pick(r, FUNCS)}(${sub()})`;
    default: return `${pick(r, ['pow', 'min', 'max'])}(${sub()}, ${sub()})`;
  }
}

function fuzzString(r: Rand, i: number): string {
  switch (i % 10) {
    case 0: case 1: case 2: case 3: // token soup
      return Array.from({ length: Math.floor(r() * 20) }, () => pick(r, SOUP)).join(r() < 0.5 ? '' : ' ');
    case 4: case 5: case 6: { // well-formed, then perhaps one character inserted or removed
      const s = wellFormed(r, 4, i % 2 === 0 ? 2 : 5);
      const k = Math.floor(r() * s.length);
      const cut = r();
      return cut < 0.3 ? s.slice(0, k) + s.slice(k + 1) : cut < 0.6 ? s.slice(0, k) + pick(r, SOUP) + s.slice(k) : s;
    }
    case 7: // random code points (surrogates excluded)
      return Array.from({ length: Math.floor(r() * 40) }, () => {
        const c = Math.floor(r() * 0x10ffff);
        return c >= 0xd800 && c < 0xe000 ? '?' : String.fromCodePoint(c);
      }).join('');
    case 8: { // long: sums and nestings around the limits
      const n = Math.floor(r() * 1200);
      return r() < 0.5 ? Array.from({ length: n }, () => pick(r, ['x', 'y', '2.5'])).join('+') : '('.repeat(n / 10) + 'x' + ')'.repeat(n / 10);
    }
    default: // huge and tiny numbers
      return `${pick(r, ['', '-'])}${Math.floor(r() * 10)}${'9'.repeat(Math.floor(r() * 400))}e${Math.floor((r() - 0.5) * 800)} * x + y^2`;
  }
}

describe('fuzz: 1,000 seeded strings', () => {
  const rng = new HostRandom(2024, 0, 'init');
  const r = () => rng.uniform();
  const texts = Array.from({ length: 1000 }, (_, i) => fuzzString(r, i));
  const dOf = (i: number) => (i % 2 === 0 ? 2 : 5);
  /** Identifiers the emitted functions may contain: nothing of the user's text gets through. */
  const EMITTED = /^(fn|log_density|grad_log_density|let|var|for|return|ptr|function|array|f32|D|x|g|k|t\d+|select|exp|log|sqrt|abs|tanh|clamp|expr_\w+|x|y)$/;
  const ok: { text: string; d: number; target: TargetDecl }[] = [];

  it('never throws; refusals carry messages and no target; accepted WGSL holds only our identifiers', () => {
    texts.forEach((text, i) => {
      const compiled = compileExpression(text, { d: dOf(i) });
      const r = expressionTarget(text, { d: dOf(i) });
      expect(r.ok, text.slice(0, 80)).toBe(compiled.ok);
      if (!r.ok) {
        expect(r.errors.length).toBeGreaterThan(0);
        expect(r.errors.every((e) => typeof e.message === 'string' && e.message.length > 0)).toBe(true);
        expect(r).not.toHaveProperty('target');
        return;
      }
      const { wgsl } = r.target;
      for (const id of wgsl.slice(wgsl.indexOf('fn log_density')).match(/\b[A-Za-z_]\w*/g) ?? []) expect(id, text).toMatch(EMITTED);
      r.target.logDensity(new Float64Array(dOf(i)));
      r.target.gradLogDensity(new Float64Array(dOf(i)), new Float64Array(dOf(i)));
      ok.push({ text, d: dOf(i), target: r.target });
    });
    // The mix exercises both sides.
    expect(ok.length).toBeGreaterThan(150);
    expect(ok.length).toBeLessThan(700);
  });

  it('a sample of 20 accepted ones compiles on the device and agrees with TypeScript at the origin', async () => {
    const { device } = await testDevice();
    const sample = ok.filter((_, k) => k % Math.floor(ok.length / 20) === 0).slice(0, 20);
    expect(sample).toHaveLength(20);
    for (const { text, d, target } of sample) {
      const origin = new Float64Array(d);
      const ts = target.logDensity(origin);
      const gpu = (await evaluateTarget(device, target, d, origin)).logp[0];
      // Finite values agree to float32 rounding amplified by a nesting of a few functions.
      // Non-finite ones only in kind: a GPU builtin given NaN may return anything (WGSL leaves it
      // indeterminate; SwiftShader's pow(0.001, NaN) is +∞), and samplers reject NaN, +∞ and −∞ alike.
      if (!Number.isFinite(ts)) expect(Number.isFinite(gpu), `${text}: ${gpu}`).toBe(false);
      else if (Math.abs(ts) < 1e30) expect(Math.abs(gpu - ts), text).toBeLessThanOrEqual(1e-5 * (Math.abs(ts) + 1));
    }
  });
});

// ---------------------------------------------------------------------------------------------

describe('checkExpression', () => {
  const check = (text: string, d = 2) => checkExpression(targetOf(text, d));

  it('passes a proper density without a word', () => {
    expect(check('-(x^2 + y^2)/2')).toEqual({ errors: [], warnings: [] });
    expect(check('-(x[1]^2 + x[2]^2 + x[3]^2 + x[4]^2 + x[5]^2)/2', 5)).toEqual({ errors: [], warnings: [] });
  });

  it('refuses a log p that is not finite at the centre', () => {
    expect(check('1/x^2').errors).toEqual(['log p is +∞ at the centre (0, 0)']);
    expect(check('log(x^2 + y^2)').errors).toEqual(['log p is −∞ at the centre (0, 0)']);
    expect(check('sqrt(x - 1)').errors).toEqual(['log p is NaN at the centre (0, 0)']);
    expect(check('log(x[3])', 5).errors).toEqual(['log p is −∞ at the centre (0, 0, 0, 0, 0)']);
  });

  it('warns of NaN or +∞ somewhere, naming a point', () => {
    expect(check('log(x)')).toEqual({
      errors: ['log p is −∞ at the centre (0, 0)'],
      // Half the grid has x < 0; and log x grows all the way to the border, flat in y.
      warnings: [expect.stringMatching(/^log p is NaN at \(-4, -4\) \(2048 of the 4096 points checked\): samplers reject/), expect.stringMatching(/has not decayed/)],
    });
    const nan = check('log(x + 1) - (x^2 + y^2)');
    expect(nan.errors).toEqual([]);
    expect(nan.warnings).toEqual([expect.stringMatching(/^log p is NaN at \(-4, -4\) \(\d+ of the 4096 points checked\)/)]);
    // x = −4 lies on the grid: 1/0 there.
    expect(check('1/(x + 4)^2 - (x^2 + y^2)').warnings).toEqual([expect.stringMatching(/^log p is \+∞ at \(-4, -4\).*unbounded/)]);
    const nd = check('-sqrt(x[3]) - (x[1]^2 + x[2]^2 + x[4]^2 + x[5]^2)', 5);
    expect(nd.errors).toEqual([]);
    expect(nd.warnings).toEqual([expect.stringMatching(/^log p is NaN at \(.*\) \(\d+ of the 256 points checked\)/)]);
  });

  it('warns of a density that may not be integrable', () => {
    expect(check('-x^2/2').warnings).toEqual([expect.stringMatching(/has not decayed at the view box's border.*it is 1 of its maximum.*not be integrable/)]);
    expect(check('x').warnings).toEqual([expect.stringMatching(/has not decayed/)]);
    expect(check('0').warnings).toEqual([expect.stringMatching(/has not decayed/)]);
    expect(check('-(x[1]^2 + x[2]^2)/2', 5).warnings).toEqual(['log p does not change along x[3], x[4], x[5] at any of the 256 points checked: p is flat there and cannot be normalised']);
  });
});

// ---------------------------------------------------------------------------------------------

describe('expressionTarget', () => {
  it('declares a custom target of the requested dimension', () => {
    const t = targetOf('-(x^2 + y^2)/2', 2);
    expect(t).toMatchObject({
      id: 'custom', name: 'Your density', description: 'log p = -(x ^ 2 + y ^ 2) / 2',
      dimension: { kind: 'fixed', d: 2 }, viewBox: [-4, 4, -4, 4], initBox: [-2, 2],
    });
    expect(t.exact).toBeUndefined();
    expect(targetOf('-x[1]^2', 5).dimension).toEqual({ kind: 'fixed', d: 5 });
  });

  it('2-D truth: moments by quadrature over the view box', () => {
    // Precision [[2, −1], [−1, 2]]/1.5: covariance [[1, 0.5], [0.5, 1]], mean (1, −0.5); the box
    // reaches 5 sd from the mean (mass outside < 1e-5), and the midpoint rule on a smooth bump
    // is exact to far below that.
    const t = targetOf('-((x - 1)^2 - (x - 1)*(y + 0.5) + (y + 0.5)^2)/1.5', 2, [-4, 6, -5.5, 4.5]);
    const truth = t.truth(2);
    expect(truth.source).toMatch(/view box/);
    truth.mean.forEach((m, i) => expect(Math.abs(m - [1, -0.5][i])).toBeLessThan(1e-4));
    truth.cov!.flat().forEach((c, i) => expect(Math.abs(c - [1, 0.5, 0.5, 1][i])).toBeLessThan(1e-3));
    expect(truth.variance).toEqual([truth.cov![0][0], truth.cov![1][1]]);
    // Improper (flat in y): the moments are the box's, as the source says.
    expect(targetOf('-x^2/2', 2).truth(2).mean[1]).toBeCloseTo(0, 12);
  });

  it('N-D truth is unknown', () => {
    const truth = targetOf('-x[1]^2', 5).truth(5);
    expect(truth.source).toBe('unknown');
    expect(truth.mean).toHaveLength(5);
    expect([...truth.mean, ...truth.variance].every(Number.isNaN)).toBe(true);
  });
});
