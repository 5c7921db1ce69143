/** The computations of an expression graph, each with its float64 (TypeScript) and float32
 * (WGSL) meaning side by side so the two stay the same function. WGSL operands are identifiers
 * or parenthesised literals, so the templates need no precedence handling. */

/** User-facing functions of one argument (the whitelist's names). */
export const UNARY_FUNCTIONS = ['exp', 'log', 'sqrt', 'sin', 'cos', 'tan', 'tanh', 'abs', 'log1p', 'expm1'] as const;
export type UnaryFunction = (typeof UNARY_FUNCTIONS)[number];

/** Operations besides leaves. `ifGe(p, q, t, f)` is `p >= q ? t : f`: min, max and the
 * derivatives of abs, min and max. */
export type ComputeOp = 'neg' | 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'ifGe' | UnaryFunction;

interface OpSemantics {
  readonly ts: (...a: number[]) => number;
  readonly wgsl: (...a: string[]) => string;
}

export const OPS: Record<ComputeOp, OpSemantics> = {
  neg: { ts: (a) => -a, wgsl: (a) => `-${a}` },
  add: { ts: (a, b) => a + b, wgsl: (a, b) => `${a} + ${b}` },
  sub: { ts: (a, b) => a - b, wgsl: (a, b) => `${a} - ${b}` },
  mul: { ts: (a, b) => a * b, wgsl: (a, b) => `${a} * ${b}` },
  div: { ts: (a, b) => a / b, wgsl: (a, b) => `${a} / ${b}` },
  pow: { ts: Math.pow, wgsl: (a, b) => `expr_pow(${a}, ${b})` },
  ifGe: { ts: (p, q, t, f) => (p >= q ? t : f), wgsl: (p, q, t, f) => `select(${f}, ${t}, ${p} >= ${q})` },
  exp: { ts: Math.exp, wgsl: (a) => `exp(${a})` },
  log: { ts: Math.log, wgsl: (a) => `expr_log(${a})` },
  sqrt: { ts: Math.sqrt, wgsl: (a) => `select(sqrt(${a}), expr_nan(${a}), ${a} < 0.0)` },
  sin: { ts: Math.sin, wgsl: (a) => `expr_sin_cos(${a}).x` },
  cos: { ts: Math.cos, wgsl: (a) => `expr_sin_cos(${a}).y` },
  tan: { ts: Math.tan, wgsl: (a) => `expr_tan(${a})` },
  // Some drivers compute tanh as sinh/cosh, which is ∞/∞ = NaN for large |a|; tanh(±10) is ±1 in f32.
  tanh: { ts: Math.tanh, wgsl: (a) => `tanh(clamp(${a}, -10.0, 10.0))` },
  abs: { ts: Math.abs, wgsl: (a) => `abs(${a})` },
  log1p: { ts: Math.log1p, wgsl: (a) => `expr_log1p(${a})` },
  expm1: { ts: Math.expm1, wgsl: (a) => `expr_expm1(${a})` },
};

/** WGSL for the helpers the templates call. WGSL has neither log1p, expm1 nor a pow for negative
 * bases; its sin, cos and tan only promise 2^-11 absolute error; and it leaves log, sqrt and pow
 * indeterminate outside their domains (SwiftShader: log(-1) = 0, log(0) = -88, 0^0.5 = 8e-20),
 * where log p must be NaN or −∞ as in float64, or samplers would leave the support. */
export const OPS_WGSL = `// NaN and ±∞ from a runtime value: WGSL refuses them as constants.
fn expr_nan(a: f32) -> f32 {
  return bitcast<f32>(bitcast<u32>(a) | 0x7fc00000u);
}

fn expr_log(a: f32) -> f32 {
  if (a > 0.0) {
    return log(a);
  }
  if (a == 0.0) {
    return -1.0 / abs(a);
  }
  return expr_nan(a);
}

// a^b as Math.pow: a real value for a < 0 only where b is an integer.
fn expr_pow(a: f32, b: f32) -> f32 {
  if (b == 0.0) {
    return 1.0;
  }
  if (a == 0.0) {
    return select(0.0, 1.0 / abs(a), b < 0.0);
  }
  if (a > 0.0) {
    return pow(a, b);
  }
  if (b != round(b)) {
    return expr_nan(a);
  }
  let p = pow(-a, b);
  return select(p, -p, fract(0.5 * b) != 0.0);
}

// (sin a, cos a) to float32 accuracy (SwiftShader's own are 2e-4 off): a = r + k π/2 with
// π/2 = 1.5703125 + 4.838267949e-4 (Cody-Waite: k × the first part is exact for |k| < 2^16),
// Taylor series on |r| <= π/4 (first omitted terms < 2e-9), then the quadrant's symmetry.
fn expr_sin_cos(a: f32) -> vec2<f32> {
  let k = round(a * 0.63661977);
  let r = (a - k * 1.5703125) - k * 4.838267949e-4;
  let u = r * r;
  let s = r * (1.0 + u * (-1.0 / 6.0 + u * (1.0 / 120.0 + u * (-1.0 / 5040.0 + u / 362880.0))));
  let c = 1.0 + u * (-0.5 + u * (1.0 / 24.0 + u * (-1.0 / 720.0 + u * (1.0 / 40320.0 - u / 3628800.0))));
  let q = i32(k) & 3;
  if (q == 0) {
    return vec2<f32>(s, c);
  }
  if (q == 1) {
    return vec2<f32>(c, -s);
  }
  if (q == 2) {
    return vec2<f32>(-s, -c);
  }
  return vec2<f32>(-c, s);
}

fn expr_tan(a: f32) -> f32 {
  let sc = expr_sin_cos(a);
  return sc.x / sc.y;
}

// log(1 + a) without losing a to the rounding of 1 + a: 2 atanh(s), s = a / (2 + a), by its
// series for |a| < 0.1 (|s| < 0.053, truncation < 1e-10 relative).
fn expr_log1p(a: f32) -> f32 {
  if (abs(a) >= 0.1) {
    return expr_log(1.0 + a);
  }
  let s = a / (2.0 + a);
  let s2 = s * s;
  return 2.0 * s * (1.0 + s2 * (1.0 / 3.0 + s2 * (0.2 + s2 / 7.0)));
}

// e^a - 1 without cancellation: Taylor series for |a| < 0.1 (truncation < 3e-10 relative).
fn expr_expm1(a: f32) -> f32 {
  if (abs(a) >= 0.1) {
    return exp(a) - 1.0;
  }
  return a * (1.0 + a * (0.5 + a * (1.0 / 6.0 + a * (1.0 / 24.0 + a * (1.0 / 120.0 + a / 720.0)))));
}
`;
