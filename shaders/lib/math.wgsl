// Numerics shared by targets and samplers.

const PI: f32 = 3.14159265358979;
const TWO_PI: f32 = 6.28318530717959;
const LOG_2PI: f32 = 1.83787706640935;
const F32_MAX: f32 = 0x1.fffffep+127f;

// Bit test rather than x == x: a compiler may fold NaN comparisons away under fast-math.
fn is_finite(x: f32) -> bool {
  return (bitcast<u32>(x) & 0x7F800000u) != 0x7F800000u;
}

fn log_sum_exp2(a: f32, b: f32) -> f32 {
  let m = max(a, b);
  if (m <= -F32_MAX) {
    return m;
  }
  return m + log(exp(a - m) + exp(b - m));
}

fn softplus(x: f32) -> f32 {
  return max(x, 0.0) + log(1.0 + exp(-abs(x)));
}

fn sigmoid(x: f32) -> f32 {
  if (x >= 0.0) {
    return 1.0 / (1.0 + exp(-x));
  }
  let e = exp(x);
  return e / (1.0 + e);
}

// A log-density that must not be accepted: NaN or +Inf (−Inf is a legal "outside the support").
fn is_bad_log_density(x: f32) -> bool {
  let b = bitcast<u32>(x);
  return (b & 0x7FFFFFFFu) > 0x7F800000u || b == 0x7F800000u;
}

// A report that stays summable: x clamped to ±cap, and cap when x is not finite.
fn bounded(x: f32, cap: f32) -> f32 {
  if (!is_finite(x)) {
    return cap;
  }
  return clamp(x, -cap, cap);
}
